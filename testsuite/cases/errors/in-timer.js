// @exit: 1
setTimeout(function timerCallback() {
  console.log("in timer");
  null.prop;
}, 1);
