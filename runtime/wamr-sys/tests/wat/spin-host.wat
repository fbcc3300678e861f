;; Never terminates on its own and spends much of its time in a host function (WASI's clock),
;; where a stop signal is ignored: termination has to be asked for again until one lands in
;; the wasm code.
(module
  (import "wasi_snapshot_preview1" "clock_time_get"
    (func $clock_time_get (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (loop $forever
      (drop (call $clock_time_get (i32.const 1) (i64.const 1) (i32.const 0)))
      (br $forever))))
