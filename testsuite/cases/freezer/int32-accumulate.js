// The int32 clone turns `return a + f(x)` recursion into a loop when no other call is left
// (compiler/src/freeze/int32/emit.rs, "accumulating" calls): the sum is made top-down instead
// of bottom-up, and each turn is charged as the frame it replaces. Each line must be what the
// interpreter prints.

// Plain linear recursions: the loop gives the recursion's sums.
function sum(n) { return n === 0 ? 0 : n + sum(n - 1); }
console.log("sum", sum(0), sum(1), sum(10), sum(1000), sum(4000));
function sumTo(a, b) { return a > b ? 0 : a + sumTo(a + 1, b); }
console.log("sumTo", sumTo(1, 100), sumTo(-50, 50), sumTo(5, 4));
// A left operand computed from the arguments, a boolean one, a negative one.
function bits(n) { return n === 0 ? 0 : (n & 1) + bits(n >>> 1); }
console.log("bits", bits(0), bits(255), bits(1023), bits(2147483647));
function above(n, k) { return n === 0 ? 0 : (n > k) + above(n - 1, k); }
console.log("above", above(100, 40), above(10, 20), typeof above(5, 1));
function down(n) { return n <= 0 ? n : -3 + down(n - 1); }
console.log("down", down(5), down(0), down(-4), down(1000));

// The total leaves int32: the clone gives up, the generic code adds bottom-up in doubles.
function big(n) { return n === 0 ? 0 : 1000000000 + big(n - 1); }
console.log("big", big(2), big(3), big(10));
// A partial sum leaves int32 only in one of the two orders; the total is the same number.
function alt(n) { return n === 0 ? 0 : (n % 2 === 1 ? 2000000000 : -2000000000) + alt(n - 1); }
console.log("alt", alt(1), alt(2), alt(3), alt(4), alt(5), alt(6));
function altDown(n) { return n === 0 ? 7 : (n % 2 === 0 ? 2000000000 : -2000000000) + altDown(n - 1); }
console.log("altDown", altDown(1), altDown(2), altDown(4), altDown(7));
// -0 stays out: a zero sum is +0 in every order.
function zeros(n) { return n === 0 ? 0 : 0 + zeros(n - 1); }
console.log("zeros", Object.is(zeros(5), -0), 1 / zeros(5));

// Depth: every turn stands for a frame. Deep enough to overflow the JS stack when interpreted,
// the call still throws RangeError (the clone gives up, the generic code recurses).
try {
  console.log("sum(1e7)", sum(1e7));
} catch (e) {
  console.log("sum(1e7)", e instanceof RangeError);
}
console.log("sum after", sum(3000));

// Arguments that are not int32s never enter the clone.
console.log("mixed", sum(2.5 + 0.5), sum("3"), sumTo(0.5, 3), bits(true));

// The self-binding still decides: rebinding the name mid-way is seen at the next turn.
function count(n) { return n === 0 ? 0 : 1 + count(n - 1); }
console.log("count", count(50));
const realCount = count;
count = function (n) { return 100 * n; };
console.log("count rebound", realCount(5));
