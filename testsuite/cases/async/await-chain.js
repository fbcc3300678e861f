async function delay(ms, value) {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return value;
}
async function main() {
  const results = await Promise.all([delay(20, "a"), delay(5, "b"), delay(10, "c")]);
  console.log(results);
  const first = await Promise.race([delay(15, "slow"), delay(1, "fast")]);
  console.log(first);
  try {
    await Promise.reject(new Error("handled rejection"));
  } catch (e) {
    console.log("caught:", e.message);
  }
  const settled = await Promise.allSettled([Promise.resolve(1), Promise.reject("no")]);
  console.log(settled);
  for await (const x of (async function* () { yield 1; yield 2; })()) console.log("for await", x);
}
main().then(() => console.log("done"));
