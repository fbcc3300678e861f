/* C baseline for workloads/fib.js: the same recursion, same output. */
#include <stdio.h>

static long fib(long n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

int main(void) {
    printf("checksum %ld\n", fib(35));
    return 0;
}
