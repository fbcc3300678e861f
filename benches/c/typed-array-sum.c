/* C baseline for workloads/typed-array-sum.js: an int32 array, summed into a double as JS does. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define N 1000000
#define PASSES 4

int main(void) {
    int32_t *a = malloc(sizeof(int32_t) * N);
    if (!a) return 1;
    for (int i = 0; i < N; i++) a[i] = (i * 7) % 1000;
    double total = 0;
    for (int p = 0; p < PASSES; p++)
        for (int i = 0; i < N; i++) total += a[i];
    printf("checksum %.0f\n", total);
    free(a);
    return 0;
}
