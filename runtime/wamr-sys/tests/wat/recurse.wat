;; Unbounded recursion: every call waits for the next one's result, so each takes a native
;; frame (the subtraction after the call keeps LLVM from turning the recursion into a loop).
(module
  (memory (export "memory") 1)
  (func $down (param $n i32) (result i32)
    (i32.sub
      (call $down (i32.add (local.get $n) (i32.const 1)))
      (local.get $n)))
  (func (export "_start")
    (drop (call $down (i32.const 0)))))
