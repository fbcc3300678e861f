// @build-fails
const a = 1;
function broken() {
  return (a + ;
}
