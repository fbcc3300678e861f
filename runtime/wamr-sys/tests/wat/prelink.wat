;; What a prelinked .aot must get right: a switch (a table in .rodata whose entries or users
;; are relocated), an f64 constant (.rodata.cst8), calls between functions, and a call into
;; the runtime through the PLT (memory.fill). Exits with 124 (see tests/engine.rs).
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func $pick (param $i i32) (result i32)
    (block $d (block $7 (block $6 (block $5 (block $4 (block $3 (block $2 (block $1 (block $0
      (br_table $0 $1 $2 $3 $4 $5 $6 $7 $d (local.get $i)))
      (return (i32.const 11))) (return (i32.const 23))) (return (i32.const 37)))
      (return (i32.const 41))) (return (i32.const 53))) (return (i32.const 67)))
      (return (i32.const 71))) (return (i32.const 89)))
    (i32.const 97))
  (func $scale (param $x i32) (result i32)
    (i32.trunc_f64_s (f64.mul (f64.convert_i32_s (local.get $x)) (f64.const 1.5))))
  (func (export "_start")
    (local $i i32) (local $sum i32)
    (memory.fill (i32.const 0) (i32.const 3) (i32.const 4096))
    (loop $l
      (local.set $sum (i32.add (local.get $sum) (call $scale (call $pick (local.get $i)))))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))
    (local.set $sum (i32.add (local.get $sum) (i32.load8_u (i32.const 4095))))
    ;; 16+34+55+61+79+100+106+133+145+145 + 3 = 877; 877 mod 251 = 124
    (call $proc_exit (i32.rem_u (local.get $sum) (i32.const 251)))))
