const order = [];
setTimeout(() => order.push("30ms"), 30);
setTimeout(() => order.push("10ms"), 10);
setTimeout(() => order.push("20ms"), 20);
const cancelled = setTimeout(() => order.push("cancelled"), 5);
clearTimeout(cancelled);
let ticks = 0;
const interval = setInterval(() => {
  ticks++;
  if (ticks === 3) clearInterval(interval);
}, 2);
setTimeout((a, b) => {
  console.log(order.join(" "), "ticks:", ticks, "args:", a, b);
}, 50, "x", "y");
const unrefd = setTimeout(() => console.log("never: unref'd timers do not keep the program alive"), 5000);
unrefd.unref();
