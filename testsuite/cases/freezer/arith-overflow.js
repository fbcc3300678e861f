// Freezer: the int32 (SMI) fast paths of + - * ++ -- and unary minus/plus must overflow to
// exact doubles (never wrap, never truncate) and produce -0 exactly where JS does. Every
// function first runs hot with small ints, then gets the edge operands (and non-ints, so a
// specialised path has to fall back to the generic one).
const show = (x) => Object.is(x, -0) ? "-0" : typeof x === "bigint" ? x + "n" : typeof x === "string" ? JSON.stringify(x) : String(x);
const out = (label, x) => console.log(label, show(x));

function add(a, b) { return a + b; }
function sub(a, b) { return a - b; }
function mul(a, b) { return a * b; }
function neg(a) { return -a; }
function pos(a) { return +a; }
function preInc(a) { return ++a; }
function preDec(a) { return --a; }
function postIncOld(a) { return a++; }
function postIncNew(a) { a++; return a; }
function postDecNew(a) { a--; return a; }
function addAssign(a, b) { a += b; return a; }
function mulAssign(a, b) { a *= b; return a; }

let acc = 0;
for (let i = 0; i < 5000; i++) {
  acc = (acc + add(i, 1) + sub(i, 3) + mul(i, 7) + neg(i) + pos(i) + preInc(i) + preDec(i)) | 0;
  acc = (acc ^ postIncOld(i) ^ postIncNew(i) ^ postDecNew(i) ^ addAssign(i, 2) ^ mulAssign(i, 3)) | 0;
}
out("warm", acc);

out("add max+1", add(2147483647, 1));
out("add min-1", add(-2147483648, -1));
out("add max+max", add(2147483647, 2147483647));
out("sub min-1", sub(-2147483648, 1));
out("sub max-(-1)", sub(2147483647, -1));
out("sub 0-min", sub(0, -2147483648));
out("mul 65536*65536", mul(65536, 65536));
out("mul -65536*65536", mul(-65536, 65536));
out("mul 46341*46341", mul(46341, 46341));
out("mul max*max", mul(2147483647, 2147483647));
out("mul min*-1", mul(-2147483648, -1));
out("mul min*min", mul(-2147483648, -2147483648));
out("mul 0*-5", mul(0, -5));
out("mul -5*0", mul(-5, 0));
out("mul 0*5", mul(0, 5));
out("mul -0*-5", mul(-0, -5));
out("add -0+0", add(-0, 0));
out("add -0+-0", add(-0, -0));
out("sub 0-0", sub(0, 0));
out("sub -0-0", sub(-0, 0));
out("sub 5-5", sub(5, 5));
out("neg 0", neg(0));
out("neg -0", neg(-0));
out("neg min", neg(-2147483648));
out("neg max", neg(2147483647));
out("neg 1-1", neg(sub(1, 1)));
out("preInc max", preInc(2147483647));
out("preDec min", preDec(-2147483648));
out("postIncOld max", postIncOld(2147483647));
out("postIncNew max", postIncNew(2147483647));
out("postDecNew min", postDecNew(-2147483648));
out("addAssign", addAssign(2147483600, 100));
out("mulAssign", mulAssign(-2147483648, 2));
out("postDecNew 1", postDecNew(1));
out("preInc -1", preInc(-1));

// the same functions, now with non-int operands (generic path after a hot int path)
out("add 0.5+0.5", add(0.5, 0.5));
out("add 1.5+-1.5", add(1.5, -1.5));
out("add 1e308*2", add(1e308, 1e308));
out("add 2^53+1", add(9007199254740992, 1));
out("sub 0.1-0.3", sub(0.1, 0.3));
out("mul 0.1*3", mul(0.1, 3));
out("mul -0.5*0", mul(-0.5, 0));
out("mul 1e200^2", mul(1e200, 1e200));
out("preInc '5'", preInc("5"));
out("postIncOld '5'", postIncOld("5"));
out("postIncNew 'a'", postIncNew("a"));
out("preInc null", preInc(null));
out("preInc undefined", preInc(undefined));
out("preInc true", preInc(true));
out("preInc 1.5", preInc(1.5));
out("preInc 2^53", preInc(9007199254740992));
out("preDec 0.5", preDec(0.5));
out("neg '3'", neg("3"));
out("neg ''", neg(""));
out("neg null", neg(null));
out("neg '-0'", neg("-0"));
out("neg []", neg([]));
out("pos ''", pos(""));
out("pos ' 12 '", pos(" 12 "));
out("pos '0x10'", pos("0x10"));
out("pos '1e3'", pos("1e3"));
out("pos '12px'", pos("12px"));
out("mul '3'*'4'", mul("3", "4"));
out("sub '10'-3", sub("10", 3));

// overflow inside hot loops: the loop variable and the accumulator leave int32 range
let x = 2147483640;
for (let i = 0; i < 20; i++) x++;
out("x++ past max", x);
let y = -2147483640;
for (let i = 0; i < 20; i++) y--;
out("y-- past min", y);
let sq = 0;
for (let i = 0; i < 100000; i += 7) sq = add(sq, mul(i, i));
out("sum of squares", sq);
let f = 1;
for (let i = 1; i <= 25; i++) { f = mul(f, i); if (i === 12 || i === 13 || i === 20 || i === 25) out("fact " + i, f); }
let m = 1;
for (let i = 0; i < 40; i++) m = mul(m, -3);
out("(-3)^40", m);
