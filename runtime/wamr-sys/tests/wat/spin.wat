;; Never terminates on its own: an infinite loop that only Terminator::terminate can stop.
(module
  (memory (export "memory") 1)
  (global $n (mut i32) (i32.const 0))
  (func (export "_start")
    (loop $forever
      (global.set $n (i32.add (global.get $n) (i32.const 1)))
      (br $forever))))
