// @flags: --timeout 1000
// @exit: 124
// A loop that spends much of its time in host calls (the clock) is stopped too: under WAMR
// the stop signal is ignored while a host call runs, and repeated until it lands in AOT code.
console.log("polling the clock");
for (;;) Date.now();
