//! Random JavaScript programs for the freezer's differential test (tests/fuzz.rs): each one is
//! run frozen, unfrozen and on node, and the three outputs must be identical.
//!
//! A program is a handful of small functions (arithmetic, bitwise, comparisons, branches,
//! loops, calls between them, bounded recursion, closures) followed by a driver that calls each
//! with every pair from a fixed list of awkward values (int32 limits, -0, NaN, doubles, strings,
//! booleans, null, undefined, BigInts, objects with a logging valueOf) and prints each result
//! or the name of the error thrown. Everything is deterministic given the seed.
//!
//! About a third of the functions use only int32 and boolean values, operators that keep them
//! there (or overflow out of them), their own locals and calls to themselves — the shape the
//! freezer's int32 clone takes — so the clone and its fallback to the generic code are fuzzed
//! too: the driver calls them with int32 pairs (the clone) and with everything else.
//!
//! Functions also read and write a global variable and the fields of a global object (which
//! some replace with an object of another layout, or delete a field of), and closures assign
//! objects to their enclosing function's locals.
//!
//! Left out on purpose, because node and QuickJS may legitimately differ there: `**` with
//! non-integer or negative exponents (the last bit of `Math.pow`), error messages (only
//! `e.name` is printed), and property enumeration of exotic objects. Also no negative BigInt
//! literal: QuickJS-NG 0.16.2 compares a negative non-int32 number with a negative BigInt
//! wrongly (`-0.5 > -1n` is false); `-`/`~` of a BigInt can still make one, and then only the
//! comparison with node fails (frozen and unfrozen agree, and so does native qjs): seed 273
//! does, with `(~3n) > (-2147483648)`.

/// xorshift64*: small, seedable, good enough to pick grammar productions.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }

    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    pub fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

const BINARY: &[&str] = &[
    "+", "-", "*", "/", "%", "&", "|", "^", "<<", ">>", ">>>", "<", "<=", ">", ">=", "==", "!=",
    "===", "!==",
];
const UNARY: &[&str] = &["-", "+", "~", "!"];
/// Negative literals are parenthesised: `-1 ** 2` is a syntax error.
const CONSTANTS: &[&str] = &[
    "0",
    "1",
    "(-1)",
    "2",
    "3",
    "7",
    "31",
    "32",
    "0.5",
    "(-0)",
    "2147483647",
    "(-2147483648)",
    "4294967295",
    "1e21",
    "NaN",
    "Infinity",
    "\"5\"",
    "\"\"",
    "\"ab\"",
    "true",
    "false",
    "null",
    "undefined",
    "3n",
    "1n",
];

/// Operands and operators of the int32-only functions (overflow, -0 and `>>>` above 2^31-1
/// still leave int32: the clone must give up exactly there). -2^31 is computed: as a literal
/// it is the negation of the double 2^31, a constant the clone does not take.
const INT_CONSTANTS: &[&str] = &[
    "0",
    "1",
    "(-1)",
    "2",
    "3",
    "7",
    "31",
    "32",
    "65536",
    "2147483647",
    "(-2147483647 - 1)",
    "true",
    "false",
];
const INT_BINARY: &[&str] = &[
    "+", "-", "*", "%", "&", "|", "^", "<<", ">>", ">>>", "<", "<=", ">", ">=", "==", "!=", "===",
    "!==",
];

/// The values every function is called with, as JS source (the driver builds them once).
const ARGUMENTS: &[&str] = &[
    "0",
    "-0",
    "1",
    "-1",
    "3",
    "2147483647",
    "-2147483648",
    "1.5",
    "-2.25",
    "NaN",
    "Infinity",
    "\"12\"",
    "\"x\"",
    "true",
    "null",
    "undefined",
    "5n",
    "obj",
];

/// A global variable of every program, which functions read and write.
const GLOBAL: &str = "g";
/// A global object whose fields functions read and write (get_field/put_field), and which
/// they sometimes replace with one of another layout or delete a field of, so a field site
/// sees its cached position go stale.
const OBJECT: &str = "o";
const FIELDS: &[&str] = &["o.p", "o.q"];

struct Gen<'r> {
    rng: &'r mut Rng,
    /// Names usable in expressions inside the function being generated.
    names: Vec<String>,
    /// Functions defined so far (callable from later ones), with their arity.
    callable: Vec<(String, usize)>,
}

impl Gen<'_> {
    fn expr(&mut self, depth: usize) -> String {
        let leaf = depth == 0 || self.rng.chance(30);
        if leaf {
            return if self.rng.chance(60) && !self.names.is_empty() {
                self.rng.pick(&self.names).clone()
            } else {
                self.rng.pick(CONSTANTS).to_string()
            };
        }
        match self.rng.below(10) {
            0 => format!("({}{})", self.rng.pick(UNARY), self.expr(depth - 1)),
            1 => format!(
                "({} ? {} : {})",
                self.expr(depth - 1),
                self.expr(depth - 1),
                self.expr(depth - 1)
            ),
            2 if !self.callable.is_empty() => {
                let (name, arity) = self.rng.pick(&self.callable).clone();
                let args: Vec<String> = (0..arity).map(|_| self.expr(depth - 1)).collect();
                format!("{name}({})", args.join(", "))
            }
            // Integer powers only: node and QuickJS may round fractional ones differently.
            3 => format!(
                "({} ** ({} & 3))",
                self.expr(depth - 1),
                self.expr(depth - 1)
            ),
            _ => format!(
                "({} {} {})",
                self.expr(depth - 1),
                self.rng.pick(BINARY),
                self.expr(depth - 1)
            ),
        }
    }

    fn statement(&mut self, locals: &[String], depth: usize) -> String {
        let target = self.rng.pick(locals).clone();
        match self.rng.below(6) {
            0 => format!(
                "if ({}) {{ {target} = {}; }} else {{ {target} = {}; }}",
                self.expr(2),
                self.expr(2),
                self.expr(2)
            ),
            1 if depth > 0 => {
                let body = self.statement(locals, depth - 1);
                format!(
                    "for (let i = 0; i < {}; i++) {{ {body} {target} = {}; }}",
                    1 + self.rng.below(6),
                    self.expr_with_i()
                )
            }
            2 => format!("{target} += {};", self.expr(2)),
            3 => format!("{target}++;"),
            _ => format!("{target} = {};", self.expr(3)),
        }
    }

    /// An expression over int32s and booleans only (no calls, no doubles, no strings).
    fn int_expr(&mut self, depth: usize) -> String {
        if depth == 0 || self.rng.chance(30) {
            return if self.rng.chance(60) && !self.names.is_empty() {
                self.rng.pick(&self.names).clone()
            } else {
                self.rng.pick(INT_CONSTANTS).to_string()
            };
        }
        match self.rng.below(8) {
            0 => format!("({}{})", self.rng.pick(UNARY), self.int_expr(depth - 1)),
            1 => format!(
                "({} ? {} : {})",
                self.int_expr(depth - 1),
                self.int_expr(depth - 1),
                self.int_expr(depth - 1)
            ),
            _ => format!(
                "({} {} {})",
                self.int_expr(depth - 1),
                self.rng.pick(INT_BINARY),
                self.int_expr(depth - 1)
            ),
        }
    }

    /// A function of the int32 clone's shape: int32/boolean locals, a loop, self-recursion.
    fn int_function(&mut self, index: usize) -> String {
        let name = format!("f{index}");
        self.names = vec!["a".into(), "b".into()];
        let strict = if self.rng.chance(50) {
            "\"use strict\"; "
        } else {
            ""
        };
        let mut body = String::new();
        // `| 0` keeps a value an int32: a local or argument that is a boolean on one path and a
        // number on another gets no clone.
        for l in ["x", "y"] {
            let init = format!("({}) | 0", self.int_expr(2));
            body.push_str(&format!("  let {l} = {init};\n"));
            self.names.push(l.into());
        }
        for _ in 0..1 + self.rng.below(3) {
            let target = *self.rng.pick(&["x", "y"]);
            let line = match self.rng.below(5) {
                0 => format!(
                    "if ({}) {target} = {}; else {target} = {};",
                    self.int_expr(2),
                    self.int_expr(2),
                    self.int_expr(2)
                ),
                1 => {
                    self.names.push("i".into());
                    let e = self.int_expr(2);
                    self.names.pop();
                    format!(
                        "for (let i = 0; i < {}; i++) {target} = ({target} + {e}) | 0;",
                        1 + self.rng.below(5)
                    )
                }
                2 => format!("{target} = ({target} + {}) | 0;", self.int_expr(2)),
                3 => format!("{target}++;"),
                _ => format!("{target} = ({}) | 0;", self.int_expr(3)),
            };
            body.push_str(&format!("  {line}\n"));
        }
        // Recursion on `a`, bounded for int32 arguments (others take the base case or recurse
        // through the generic code the same number of times).
        let result = match self.rng.below(4) {
            0 => format!(
                "  if (a > 0 && a < 40) return {name}(a - 1, ({}) | 0);\n  return ({}) | 0;\n",
                self.int_expr(2),
                self.int_expr(3)
            ),
            1 => format!(
                "  if (a > 0 && a < 40) return {} + {name}(a - 1, ({}) | 0);\n  return ({}) | 0;\n",
                self.int_expr(2),
                self.int_expr(2),
                self.int_expr(3)
            ),
            2 => format!(
                "  if (a > 1 && a < 9) return {name}(a - 1, ({}) | 0) * {name}(a - 2, b);\n  return ({}) | 0;\n",
                self.int_expr(2),
                self.int_expr(2)
            ),
            _ => format!("  return {};\n", self.int_expr(3)),
        };
        self.callable.push((name.clone(), 2));
        format!("function {name}(a, b) {{ {strict}\n{body}{result}}}\n")
    }

    fn expr_with_i(&mut self) -> String {
        self.names.push("i".into());
        let e = self.expr(2);
        self.names.pop();
        e
    }

    fn function(&mut self, index: usize) -> String {
        let name = format!("f{index}");
        let params = ["a", "b"];
        self.names = params.iter().map(|p| p.to_string()).collect();
        let locals = vec!["x".to_string(), "y".to_string()];
        let strict = if self.rng.chance(50) {
            "\"use strict\"; "
        } else {
            ""
        };
        let mut body = String::new();
        for l in &locals {
            let init = self.expr(2);
            body.push_str(&format!("  let {l} = {init};\n"));
            self.names.push(l.clone());
        }
        // Statements also read and write the script's global `g` (get_var/put_var) and the
        // fields of the global object `o` (get_field/put_field).
        self.names.push(GLOBAL.into());
        let mut targets = locals.clone();
        targets.push(GLOBAL.into());
        for field in FIELDS {
            self.names.push(field.to_string());
            targets.push(field.to_string());
        }
        for _ in 0..1 + self.rng.below(4) {
            body.push_str(&format!("  {}\n", self.statement(&targets, 1)));
        }
        if self.rng.chance(20) {
            body.push_str(&format!(
                "  if ({}) {OBJECT} = {{ q: {}, p: {}, r: 0 }}; else if ({}) delete {OBJECT}.p;\n",
                self.expr(1),
                self.expr(1),
                self.expr(1),
                self.expr(1)
            ));
        }
        let kind = self.rng.below(6);
        let result = match kind {
            // Bounded self-recursion through the arguments, sometimes in tail position.
            0 => format!(
                "  if (typeof a === \"number\" && a > 0 && a < 40) return {name}(a - 1, {});\n  return {};\n",
                self.expr(2),
                self.expr(3)
            ),
            // A closure over a local, called in a loop.
            1 => format!(
                "  const add = (v) => {{ x = x + v; return x; }};\n  for (let k = 0; k < 3; k++) add({});\n  return {};\n",
                self.expr(1),
                self.expr(2)
            ),
            // A closure assigning objects to a local and using the assignment's value
            // (set_var_ref of a refcounted value).
            2 => format!(
                "  const put = (v) => (x = v);\n  y = put({{ p: x }}).p;\n  put([y, {}]);\n  return {};\n",
                self.expr(1),
                self.expr(2)
            ),
            _ => format!("  return {};\n", self.expr(3)),
        };
        self.callable.push((name.clone(), 2));
        format!("function {name}(a, b) {{ {strict}\n{body}{result}}}\n")
    }
}

/// A whole program for `seed`: functions, then the driver printing one line per call.
pub fn program(seed: u64) -> String {
    let mut rng = Rng::new(seed);
    let count = 3 + rng.below(4);
    let mut g = Gen {
        rng: &mut rng,
        names: Vec::new(),
        callable: Vec::new(),
    };
    let mut js = format!("// edgebox freezer fuzz program, seed {seed}\n");
    js.push_str(&format!(
        "let {GLOBAL} = 0;\nlet {OBJECT} = {{ p: 1, q: \"q\" }};\n"
    ));
    js.push_str("const log = [];\nconst obj = { valueOf() { log.push(\"valueOf\"); return 7; }, toString() { log.push(\"toString\"); return \"o\"; } };\n");
    for i in 0..count {
        let f = if g.rng.chance(35) {
            g.int_function(i)
        } else {
            g.function(i)
        };
        js.push_str(&f);
    }
    js.push_str(&format!(
        r#"const show = (v) => typeof v === "bigint" ? v + "n" : Object.is(v, -0) ? "-0" : typeof v === "string" ? JSON.stringify(v) : typeof v === "object" && v !== null ? "object" : typeof v === "function" ? "function" : String(v);
const values = [{}];
const out = [];
for (const f of [{}]) {{
  for (let r = 0; r < 3; r++) {{
    for (const a of values) for (const b of values) {{
      log.length = 0;
      let s;
      try {{ s = show(f(a, b)); }} catch (e) {{ s = "throw " + (e && e.name); }}
      if (r === 2) out.push(f.name + "(" + show(a) + ", " + show(b) + ") = " + s + (log.length ? " [" + log.join(",") + "]" : ""));
    }}
  }}
}}
out.push("o.p = " + show(o.p) + ", o.q = " + show(o.q) + ", g = " + show(g));
console.log(out.join("\n"));
"#,
        ARGUMENTS.join(", "),
        (0..count).map(|i| format!("f{i}")).collect::<Vec<_>>().join(", ")
    ));
    js
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn programs_are_deterministic_and_differ_by_seed() {
        assert_eq!(program(7), program(7));
        assert_ne!(program(7), program(8));
        assert!(program(1).contains("function f0(a, b)"));
    }
}
