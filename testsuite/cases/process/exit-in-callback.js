// @exit: 4
let n = 0;
const t = setInterval(() => {
  n++;
  console.log("tick", n);
  if (n === 3) process.exit(4);
}, 1);
