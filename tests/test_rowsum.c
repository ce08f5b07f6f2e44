/* test_rowsum.c - w5_sum_rows adds int16 weight rows exactly, whatever
 * the column count (whole blocks of 8 or 32, and remainders), on the
 * vector path the CPU picks and on the plain one it falls back to. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "learn/learn.h"

static uint64_t rng = 0x2545F4914F6CDD1Dull;

static int16_t rnd_weight(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    /* the extremes too: sums must not saturate */
    switch (rng % 8) {
    case 0:
        return INT16_MAX;
    case 1:
        return INT16_MIN;
    default:
        return (int16_t)(rng >> 16);
    }
}

static void test_sums_match_plain_loop(void)
{
    enum { MAX_ROWS = 130, MAX_COLS = 70 };
    /* rows at odd offsets inside one buffer: no alignment assumed */
    int16_t *buf = malloc((MAX_ROWS * MAX_COLS + 1) * sizeof *buf);
    const int16_t *rows[MAX_ROWS];
    int32_t acc[MAX_COLS], want[MAX_COLS];
    size_t bad = 0;
    for (size_t i = 0; i < MAX_ROWS * MAX_COLS + 1; i++)
        buf[i] = rnd_weight();
    for (uint32_t ncols = 1; ncols <= MAX_COLS; ncols++) {
        for (size_t nrows = 0; nrows <= MAX_ROWS; nrows += 1 + nrows / 3) {
            for (size_t r = 0; r < nrows; r++)
                rows[r] = buf + 1 + (r * 7919) % (MAX_ROWS * MAX_COLS - ncols);
            for (uint32_t c = 0; c < ncols; c++) {
                acc[c] = (int32_t)c - 5; /* adds to what is there */
                want[c] = acc[c];
                for (size_t r = 0; r < nrows; r++)
                    want[c] += rows[r][c];
            }
            w5_sum_rows(rows, nrows, ncols, acc);
            if (memcmp(acc, want, ncols * sizeof *acc) != 0)
                bad++;
        }
    }
    CHECK(bad == 0, "%zu column/row counts summed wrong", bad);
    free(buf);
}

int main(void)
{
    RUN(test_sums_match_plain_loop);
    return check_summary();
}
