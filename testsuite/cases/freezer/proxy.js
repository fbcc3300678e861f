// Freezer: field and element access on Proxy objects (and on objects with a Proxy in their
// prototype chain) must run the traps with the right arguments, once per access, in order,
// from a hot function that first saw plain objects; trap exceptions propagate.
const log = [];
const handler = {
  get(target, key, receiver) { log.push("get " + String(key)); return key in target ? target[key] : "trap:" + String(key); },
  set(target, key, value) { log.push("set " + String(key) + "=" + value); target[key] = value * 10; return true; },
  has(target, key) { log.push("has " + String(key)); return key in target; },
};
function getX(o) { return o.x; }
function setX(o, v) { o.x = v; return o.x; }
function setXStrict(o, v) { "use strict"; o.x = v; return "ok"; }
function getEl(o, i) { return o[i]; }
function setEl(o, i, v) { o[i] = v; }
function sumLen(o) { let s = 0; for (let i = 0; i < o.length; i++) s += o[i]; return s; }
function hasX(o) { return "x" in o; }

let t = 0;
for (let k = 0; k < 2000; k++) t += getX({ x: k }) + getEl([k], 0) + sumLen([1, 2, 3]) + hasX({ x: 1 });
console.log("warm", t);

const p = new Proxy({ x: 1 }, handler);
console.log("getX", getX(p), "|", log.splice(0).join(", "));
console.log("setX", setX(p, 5), "|", log.splice(0).join(", "));
console.log("getEl missing", getEl(p, 3), "|", log.splice(0).join(", "));
setEl(p, 2, 7);
console.log("setEl", getEl(p, 2), "|", log.splice(0).join(", "));
console.log("hasX", hasX(p), "|", log.splice(0).join(", "));
const arr = new Proxy([1, 2, 3], handler);
console.log("sum over proxied array", sumLen(arr), "|", log.splice(0).join(", "));
for (let k = 0; k < 1000; k++) getX(p);
console.log("hot get trap calls", log.splice(0).length);
const inherits = Object.create(p);
console.log("proxy as prototype, own miss", getX(Object.create(p)), getEl(inherits, "y"), "|", log.splice(0).join(", "));
inherits.x = "own";
console.log("write via proxy prototype hits its set trap", getX(inherits), "|", log.splice(0).join(", "));

const refusing = new Proxy({}, { set() { return false; } });
console.log("set trap returns false, sloppy", String(setX(refusing, 1)));
try { setXStrict(refusing, 1); } catch (e) { console.log("set trap returns false, strict:", e.name); }
const throwing = new Proxy({}, { get(t, k) { throw new RangeError("trap " + String(k)); } });
try { getX(throwing); } catch (e) { console.log("throwing get trap:", e.name, e.message); }
try { sumLen(throwing); } catch (e) { console.log("throwing get trap on length:", e.name, e.message); }
const revocable = Proxy.revocable({ x: "alive" }, {});
console.log("before revoke", getX(revocable.proxy));
revocable.revoke();
try { getX(revocable.proxy); } catch (e) { console.log("after revoke:", e.name); }
const fnProxy = new Proxy(function (a, b) { return a + b; }, { apply(target, thisArg, args) { log.push("apply " + args.join("+")); return target(...args) * 2; } });
function callIt(f, a, b) { return f(a, b); }
let fs = 0;
for (let k = 0; k < 500; k++) fs += callIt(fnProxy, k, 1);
console.log("apply trap from a hot caller", fs, log.length, log[0]);
