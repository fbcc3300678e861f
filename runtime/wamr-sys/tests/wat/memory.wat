;; Linear memory through every load and store type: grows memory by two pages, writes i32,
;; i64, f32 and f64 values into the new pages, reads them back and sums them. A wrong sum
;; exits with code 1; a right one goes on to load one byte past the end of memory, which must
;; trap ("out of bounds memory access"). The byte goes to proc_exit: a load whose value is
;; dropped may be optimised away, and then nothing traps.
(module
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (local $i i32)
    (local $sum i64)
    (if (i32.ne (memory.grow (i32.const 2)) (i32.const 1))
      (then (call $proc_exit (i32.const 2))))
    ;; slot i: i32 at 65536 + 4i, i64 at 81920 + 8i, f32 at 114688 + 4i, f64 at 131072 + 8i
    (loop $write
      (i32.store (i32.add (i32.const 65536) (i32.shl (local.get $i) (i32.const 2)))
        (local.get $i))
      (i64.store (i32.add (i32.const 81920) (i32.shl (local.get $i) (i32.const 3)))
        (i64.shl (i64.extend_i32_u (local.get $i)) (i64.const 32)))
      (f32.store (i32.add (i32.const 114688) (i32.shl (local.get $i) (i32.const 2)))
        (f32.convert_i32_u (local.get $i)))
      (f64.store (i32.add (i32.const 131072) (i32.shl (local.get $i) (i32.const 3)))
        (f64.convert_i32_u (local.get $i)))
      (br_if $write (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
        (i32.const 4096))))
    (local.set $i (i32.const 0))
    (loop $read
      (local.set $sum (i64.add (local.get $sum)
        (i64.add
          (i64.add
            (i64.extend_i32_u
              (i32.load (i32.add (i32.const 65536) (i32.shl (local.get $i) (i32.const 2)))))
            (i64.shr_u
              (i64.load (i32.add (i32.const 81920) (i32.shl (local.get $i) (i32.const 3))))
              (i64.const 32)))
          (i64.add
            (i64.trunc_f32_u
              (f32.load (i32.add (i32.const 114688) (i32.shl (local.get $i) (i32.const 2)))))
            (i64.trunc_f64_u
              (f64.load (i32.add (i32.const 131072) (i32.shl (local.get $i) (i32.const 3)))))))))
      (br_if $read (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 1)))
        (i32.const 4096))))
    ;; 4 * (0 + 1 + ... + 4095)
    (if (i64.ne (local.get $sum) (i64.const 33546240))
      (then (call $proc_exit (i32.const 1))))
    (call $proc_exit (i32.load8_u (i32.const 196608)))))
