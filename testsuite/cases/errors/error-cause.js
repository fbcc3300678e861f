// @exit: 1
class AppError extends Error {
  constructor(message, options) {
    super(message, options);
    this.name = "AppError";
  }
}
function load() {
  try {
    JSON.parse("nope");
  } catch (cause) {
    throw new AppError("could not load config", { cause });
  }
}
load();
