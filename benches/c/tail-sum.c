/* C baseline for workloads/tail-sum.js: the same tail-recursive sum to 1e6. At -O2 the C
 * compiler turns the tail call into a jump, which is exactly what proper tail calls promise. */
#include <stdio.h>

static long long sum(long long n, long long acc) {
    if (n == 0) return acc;
    return sum(n - 1, acc + n);
}

int main(void) {
    printf("checksum %lld\n", sum(1000000, 0));
    return 0;
}
