;; `_start` returning normally means exit code 0.
(module
  (memory (export "memory") 1)
  (func (export "_start")))
