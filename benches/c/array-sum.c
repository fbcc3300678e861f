/* C baseline for workloads/array-sum.js. A JS Array of small integers holds doubles
 * semantically, so the C array is of doubles; the sum is exact below 2^53. */
#include <stdio.h>
#include <stdlib.h>

#define N 1000000
#define PASSES 4

int main(void) {
    double *a = malloc(sizeof(double) * N);
    if (!a) return 1;
    for (int i = 0; i < N; i++) a[i] = (double)((i * 7) % 1000);
    double total = 0;
    for (int p = 0; p < PASSES; p++)
        for (int i = 0; i < N; i++) total += a[i];
    printf("checksum %.0f\n", total);
    free(a);
    return 0;
}
