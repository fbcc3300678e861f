;; WASI hello world: writes one line to stdout, then exits with code 7 through a tail call
;; (`return_call`) to a function that calls `proc_exit`.
(module
  (import "wasi_snapshot_preview1" "fd_write"
    (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "proc_exit" (func $proc_exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello from wamr\n")
  (func $exit (param $code i32)
    (call $proc_exit (local.get $code)))
  (func (export "_start")
    ;; iovec {base = 16, len = 16} at address 0; bytes written go to address 8
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 16))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (return_call $exit (i32.const 7))))
