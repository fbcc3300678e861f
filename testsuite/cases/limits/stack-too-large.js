// @flags: --stack-size 16777216
// @exit: 2
// The guest's stack is fixed when it is built (8 MiB); a larger stack_size is refused, not
// silently capped.
console.log("must not run");
