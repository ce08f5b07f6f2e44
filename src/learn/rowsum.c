/*
 * rowsum.c - the inner loop of every linear scorer: adding up the int16
 * weight rows of the features a decision found. With the rows already in
 * cache this is most of a scorer's instructions (a 51-class tagger row is
 * 7 blocks of 8 weights); AVX2 widens and adds 8 weights in 2
 * instructions where baseline x86-64 (SSE2) needs about 8, so the AVX2
 * version is used when the CPU has it. Sums are exact int32 either way,
 * so scores do not depend on the path taken.
 */
#include <string.h>

#include "learn/learn.h"

/* Portable version: blocks of 8 columns summed in a local array, which
 * the compiler keeps in vector registers. */
static void sum_rows_generic(const int16_t *const *rows, size_t nrows,
                             uint32_t ncols, int32_t *acc)
{
    uint32_t c = 0;
    for (; c + 8 <= ncols; c += 8) {
        int32_t block[8] = {0};
        for (size_t r = 0; r < nrows; r++)
            for (int k = 0; k < 8; k++)
                block[k] += rows[r][c + k];
        for (int k = 0; k < 8; k++)
            acc[c + k] += block[k];
    }
    for (; c < ncols; c++) {
        int32_t sum = 0;
        for (size_t r = 0; r < nrows; r++)
            sum += rows[r][c];
        acc[c] += sum;
    }
}

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define W5_HAVE_AVX2_PATH 1

__attribute__((target("avx2")))
static void sum_rows_avx2(const int16_t *const *rows, size_t nrows, uint32_t ncols,
                          int32_t *acc)
{
    uint32_t c = 0;
    /* 32 columns (4 registers of 8 sums) per pass over the rows */
    for (; c + 32 <= ncols; c += 32) {
        __m256i a0 = _mm256_setzero_si256(), a1 = a0, a2 = a0, a3 = a0;
        for (size_t r = 0; r < nrows; r++) {
            const int16_t *w = rows[r] + c;
            a0 = _mm256_add_epi32(a0, _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)w)));
            a1 = _mm256_add_epi32(a1, _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(w + 8))));
            a2 = _mm256_add_epi32(a2, _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(w + 16))));
            a3 = _mm256_add_epi32(a3, _mm256_cvtepi16_epi32(_mm_loadu_si128((const __m128i *)(w + 24))));
        }
        __m256i *out = (__m256i *)(acc + c);
        _mm256_storeu_si256(out, _mm256_add_epi32(_mm256_loadu_si256(out), a0));
        _mm256_storeu_si256(out + 1, _mm256_add_epi32(_mm256_loadu_si256(out + 1), a1));
        _mm256_storeu_si256(out + 2, _mm256_add_epi32(_mm256_loadu_si256(out + 2), a2));
        _mm256_storeu_si256(out + 3, _mm256_add_epi32(_mm256_loadu_si256(out + 3), a3));
    }
    for (; c + 8 <= ncols; c += 8) {
        __m256i a = _mm256_setzero_si256();
        for (size_t r = 0; r < nrows; r++)
            a = _mm256_add_epi32(a, _mm256_cvtepi16_epi32(
                                        _mm_loadu_si128((const __m128i *)(rows[r] + c))));
        __m256i *out = (__m256i *)(acc + c);
        _mm256_storeu_si256(out, _mm256_add_epi32(_mm256_loadu_si256(out), a));
    }
    if (c + 4 <= ncols) { /* 4 columns: a transition system's moves */
        __m128i a = _mm_setzero_si128();
        for (size_t r = 0; r < nrows; r++)
            a = _mm_add_epi32(a, _mm_cvtepi16_epi32(
                                     _mm_loadl_epi64((const __m128i *)(rows[r] + c))));
        __m128i *out = (__m128i *)(acc + c);
        _mm_storeu_si128(out, _mm_add_epi32(_mm_loadu_si128(out), a));
        c += 4;
    }
    for (; c < ncols; c++) {
        int32_t sum = 0;
        for (size_t r = 0; r < nrows; r++)
            sum += rows[r][c];
        acc[c] += sum;
    }
}
#endif

void w5_sum_rows(const int16_t *const *rows, size_t nrows, uint32_t ncols,
                 int32_t *acc)
{
#ifdef W5_HAVE_AVX2_PATH
    /* reads a flag libgcc / compiler-rt set once at start-up */
    if (ncols >= 4 && __builtin_cpu_supports("avx2")) {
        sum_rows_avx2(rows, nrows, ncols, acc);
        return;
    }
#endif
    sum_rows_generic(rows, nrows, ncols, acc);
}
