/*
 * modelfile.c - the one binary model format of every w5 stage (layout in
 * learn.h). Files are written atomically and read by mmap: every check is
 * done once at open, after which sections are used in place.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "learn/learn.h"
#include "learn/linear.h"

static const char MAGIC[8] = {'W', '5', 'M', 'O', 'D', 'E', 'L', '\0'};
enum { HEADER_SIZE = 64, NAME_SIZE = 24, ENTRY_SIZE = 40, ALIGN = 64,
       MAX_SECTIONS = 4096 };

typedef struct header {
    char magic[8];
    uint32_t version;
    uint32_t nsections;
    char stage[16];
    uint64_t file_size;
    uint64_t checksum;
    uint8_t reserved[16];
} header;

typedef struct entry {
    char name[NAME_SIZE];
    uint64_t offset, size;
} entry;

_Static_assert(sizeof(header) == HEADER_SIZE, "header layout");
_Static_assert(sizeof(entry) == ENTRY_SIZE, "entry layout");

/* A word-at-a-time checksum: fast enough to verify 25 MB well inside the
 * 20 ms load budget, and any flipped or missing byte changes it. */
uint64_t w5_model_checksum(const void *data, size_t n)
{
    const unsigned char *p = data;
    uint64_t h = 0x243F6A8885A308D3ull ^ n;
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        uint64_t word;
        memcpy(&word, p + i, 8);
        h = (h ^ word) * 0x9E3779B97F4A7C15ull;
        h ^= h >> 29;
    }
    for (; i < n; i++)
        h = (h ^ p[i]) * 0x100000001B3ull;
    h ^= h >> 32;
    return h;
}

static size_t align_up(size_t n) { return (n + ALIGN - 1) & ~(size_t)(ALIGN - 1); }

/* ---- writer ------------------------------------------------------------- */

typedef struct pending {
    char name[NAME_SIZE];
    void *data;
    size_t size;
} pending;

struct w5_mwriter {
    char stage[16];
    W5_VEC(pending) sections;
};

w5_mwriter *w5_mwriter_new(const char *stage)
{
    if (!stage || strlen(stage) >= 16)
        return NULL;
    w5_mwriter *w = calloc(1, sizeof *w);
    if (w)
        strcpy(w->stage, stage);
    return w;
}

void w5_mwriter_free(w5_mwriter *w)
{
    if (!w)
        return;
    for (size_t i = 0; i < w->sections.n; i++)
        free(w->sections.v[i].data);
    w5_vec_free(&w->sections);
    free(w);
}

int w5_mwriter_add(w5_mwriter *w, const char *name, const void *data,
                   size_t size)
{
    if (!w || !name || strlen(name) >= NAME_SIZE || (!data && size))
        return W5_ERR_INVALID;
    for (size_t i = 0; i < w->sections.n; i++)
        if (strcmp(w->sections.v[i].name, name) == 0)
            return W5_ERR_INVALID;
    pending p = {{0}, malloc(size ? size : 1), size};
    if (!p.data)
        return W5_ERR_NOMEM;
    strcpy(p.name, name);
    if (size)
        memcpy(p.data, data, size);
    if (w5_vec_push(&w->sections, p)) {
        free(p.data);
        return W5_ERR_NOMEM;
    }
    return 0;
}

int w5_mwriter_add_strings(w5_mwriter *w, const char *name,
                           const char *const *strs, size_t n)
{
    size_t total = 0;
    for (size_t i = 0; i < n; i++)
        total += strlen(strs[i]) + 1;
    char *buf = malloc(total ? total : 1), *at = buf;
    if (!buf)
        return W5_ERR_NOMEM;
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(strs[i]) + 1;
        memcpy(at, strs[i], len);
        at += len;
    }
    int rc = w5_mwriter_add(w, name, buf, total);
    free(buf);
    return rc;
}

int w5_mwriter_add_linear(w5_mwriter *w, const char *prefix,
                          const w5_linear *lin)
{
    char name[NAME_SIZE];
    int rc;
    if (strlen(prefix) + 6 >= NAME_SIZE)
        return W5_ERR_INVALID;
    snprintf(name, sizeof name, "%s.meta", prefix);
    if ((rc = w5_mwriter_add(w, name, &lin->meta, sizeof lin->meta)))
        return rc;
    snprintf(name, sizeof name, "%s.keys", prefix);
    if ((rc = w5_mwriter_add(w, name, lin->slots,
                             (size_t)lin->meta.nslots * sizeof *lin->slots)))
        return rc;
    snprintf(name, sizeof name, "%s.w", prefix);
    return w5_mwriter_add(w, name, lin->w,
                          (size_t)lin->meta.nfeat * lin->meta.nclass * sizeof *lin->w);
}

int w5_mwriter_save(w5_mwriter *w, const char *path, w5_error *err)
{
    size_t nsec = w->sections.n;
    size_t offset = align_up(HEADER_SIZE + nsec * ENTRY_SIZE);
    entry *table = calloc(nsec ? nsec : 1, sizeof *table);
    if (!table)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    for (size_t i = 0; i < nsec; i++) {
        memcpy(table[i].name, w->sections.v[i].name, NAME_SIZE);
        table[i].offset = offset;
        table[i].size = w->sections.v[i].size;
        offset = align_up(offset + w->sections.v[i].size);
    }
    size_t total = offset;
    unsigned char *image = calloc(1, total);
    if (!image) {
        free(table);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    memcpy(image + HEADER_SIZE, table, nsec * ENTRY_SIZE);
    for (size_t i = 0; i < nsec; i++)
        memcpy(image + table[i].offset, w->sections.v[i].data, table[i].size);
    header h = {{0}, W5_MODEL_FORMAT_VERSION, (uint32_t)nsec, {0}, total, 0, {0}};
    memcpy(h.magic, MAGIC, 8);
    memcpy(h.stage, w->stage, sizeof h.stage);
    h.checksum = w5_model_checksum(image + HEADER_SIZE, total - HEADER_SIZE);
    memcpy(image, &h, HEADER_SIZE);
    free(table);

    size_t plen = strlen(path);
    char *tmp = malloc(plen + 16);
    if (!tmp) {
        free(image);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    snprintf(tmp, plen + 16, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    int rc = 0;
    if (fd < 0) {
        rc = w5_fail(err, W5_ERR_IO, "%s: %s", path, strerror(errno));
    } else {
        FILE *f = fdopen(fd, "wb");
        int ok = f && fwrite(image, 1, total, f) == total;
        ok = (f ? fclose(f) == 0 : (close(fd), 0)) && ok;
        if (!ok || chmod(tmp, 0644) != 0 || rename(tmp, path) != 0) {
            rc = w5_fail(err, W5_ERR_IO, "%s: cannot write: %s", path, strerror(errno));
            unlink(tmp);
        }
    }
    free(tmp);
    free(image);
    return rc;
}

/* ---- reader ------------------------------------------------------------- */

struct w5_mfile {
    const unsigned char *data;
    size_t size;
    int mapped;            /* 1: munmap, 0: free */
    header head;
    const entry *table;
};

void w5_mfile_release(const w5_mfile *mf, const void *p, size_t size)
{
    long page = sysconf(_SC_PAGESIZE);
    const unsigned char *b = p, *end = b + size;
    if (!mf || !mf->mapped || page <= 0 || b < mf->data || end > mf->data + mf->size)
        return;
    uintptr_t first = ((uintptr_t)b + (uintptr_t)page - 1) / (uintptr_t)page * (uintptr_t)page;
    uintptr_t last = (uintptr_t)end / (uintptr_t)page * (uintptr_t)page;
    /* a private, read-only, never written mapping of the file: dropped
     * pages come back from the file if touched again */
    if (last > first)
        madvise((void *)first, last - first, MADV_DONTNEED);
}

void w5_mfile_close(w5_mfile *mf)
{
    if (!mf)
        return;
    if (mf->mapped)
        munmap((void *)mf->data, mf->size);
    else
        free((void *)mf->data);
    free(mf);
}

const char *w5_mfile_stage(const w5_mfile *mf) { return mf->head.stage; }

/* Checks everything about the image; `what` names it in messages. */
static int validate(w5_mfile *mf, const char *stage, const char *what,
                    w5_error *err)
{
    if (mf->size < HEADER_SIZE)
        return w5_fail(err, W5_ERR_FORMAT, "%s: not a w5 model (%zu bytes)", what, mf->size);
    memcpy(&mf->head, mf->data, HEADER_SIZE);
    if (memcmp(mf->head.magic, MAGIC, 8) != 0)
        return w5_fail(err, W5_ERR_FORMAT, "%s: not a w5 model file (bad magic)", what);
    if (mf->head.version != W5_MODEL_FORMAT_VERSION)
        return w5_fail(err, W5_ERR_VERSION,
                       "%s: model format version %u, this w5 reads version %d: retrain it",
                       what, mf->head.version, W5_MODEL_FORMAT_VERSION);
    if (memchr(mf->head.stage, '\0', sizeof mf->head.stage) == NULL)
        return w5_fail(err, W5_ERR_FORMAT, "%s: bad stage name", what);
    if (stage && strcmp(mf->head.stage, stage) != 0)
        return w5_fail(err, W5_ERR_FORMAT, "%s: a '%s' model, not a '%s' model",
                       what, mf->head.stage, stage);
    if (mf->head.file_size != mf->size)
        return w5_fail(err, W5_ERR_FORMAT,
                       "%s: truncated or padded (%zu bytes, header says %llu)", what,
                       mf->size, (unsigned long long)mf->head.file_size);
    if (w5_model_checksum(mf->data + HEADER_SIZE, mf->size - HEADER_SIZE) != mf->head.checksum)
        return w5_fail(err, W5_ERR_CHECKSUM, "%s: checksum mismatch (damaged file)", what);
    if (mf->head.nsections > MAX_SECTIONS ||
        HEADER_SIZE + (size_t)mf->head.nsections * ENTRY_SIZE > mf->size)
        return w5_fail(err, W5_ERR_FORMAT, "%s: bad section table", what);
    mf->table = (const entry *)(mf->data + HEADER_SIZE);
    for (uint32_t i = 0; i < mf->head.nsections; i++) {
        entry e;
        memcpy(&e, &mf->table[i], sizeof e);
        if (memchr(e.name, '\0', NAME_SIZE) == NULL || e.offset % ALIGN ||
            e.offset > mf->size || e.size > mf->size - e.offset)
            return w5_fail(err, W5_ERR_FORMAT, "%s: bad section %u", what, i);
    }
    return 0;
}

static int finish_open(w5_mfile *mf, const char *stage, const char *what,
                       w5_mfile **out, w5_error *err)
{
    int rc = validate(mf, stage, what, err);
    if (rc) {
        w5_mfile_close(mf);
        return rc;
    }
    *out = mf;
    return 0;
}

int w5_mfile_open(const char *path, const char *stage, w5_mfile **out,
                  w5_error *err)
{
    *out = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return w5_fail(err, errno == ENOENT ? W5_ERR_NOT_FOUND : W5_ERR_IO,
                       "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return w5_fail(err, W5_ERR_IO, "%s: not a regular file", path);
    }
    w5_mfile *mf = calloc(1, sizeof *mf);
    if (!mf) {
        close(fd);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    mf->size = (size_t)st.st_size;
    if (mf->size == 0) {
        close(fd);
        free(mf);
        return w5_fail(err, W5_ERR_FORMAT, "%s: empty file, not a w5 model", path);
    }
    void *map = mmap(NULL, mf->size, PROT_READ, MAP_PRIVATE, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        free(mf);
        return w5_fail(err, W5_ERR_IO, "%s: cannot map: %s", path, strerror(errno));
    }
    mf->data = map;
    mf->mapped = 1;
    return finish_open(mf, stage, path, out, err);
}

int w5_mfile_from_buffer(const void *data, size_t size, const char *stage,
                         w5_mfile **out, w5_error *err)
{
    *out = NULL;
    w5_mfile *mf = calloc(1, sizeof *mf);
    /* aligned_alloc keeps sections 64-byte aligned as mmap would. */
    void *copy = aligned_alloc(ALIGN, align_up(size ? size : 1));
    if (!mf || !copy) {
        free(mf);
        free(copy);
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    }
    if (size)
        memcpy(copy, data, size);
    mf->data = copy;
    mf->size = size;
    return finish_open(mf, stage, "model buffer", out, err);
}

const void *w5_mfile_section(const w5_mfile *mf, const char *name,
                             size_t *size)
{
    for (uint32_t i = 0; i < mf->head.nsections; i++) {
        entry e;
        memcpy(&e, &mf->table[i], sizeof e);
        if (strncmp(e.name, name, NAME_SIZE) == 0) {
            if (size)
                *size = e.size;
            return mf->data + e.offset;
        }
    }
    if (size)
        *size = 0;
    return NULL;
}

long w5_mfile_strings(const w5_mfile *mf, const char *name, const char **out,
                      size_t max)
{
    size_t size;
    const char *p = w5_mfile_section(mf, name, &size);
    if (!p || (size && p[size - 1] != '\0'))
        return -1;
    size_t n = 0;
    for (size_t at = 0; at < size && n < max; n++) {
        out[n] = p + at;
        at += strlen(p + at) + 1;
    }
    return (long)n;
}

int w5_mfile_linear(const w5_mfile *mf, const char *prefix, w5_linear **out,
                    w5_error *err)
{
    *out = NULL;
    char name[NAME_SIZE + 8];
    size_t meta_size, keys_size, w_size;
    snprintf(name, sizeof name, "%s.meta", prefix);
    const w5_linear_meta *meta = w5_mfile_section(mf, name, &meta_size);
    snprintf(name, sizeof name, "%s.keys", prefix);
    const w5_linear_slot *slots = w5_mfile_section(mf, name, &keys_size);
    snprintf(name, sizeof name, "%s.w", prefix);
    const int16_t *w = w5_mfile_section(mf, name, &w_size);
    if (!meta || !slots || !w || meta_size != sizeof *meta)
        return w5_fail(err, W5_ERR_FORMAT, "model: linear model '%s' missing", prefix);
    w5_linear_meta m;
    memcpy(&m, meta, sizeof m);
    if (m.nclass == 0 || m.nslots < 2 || (m.nslots & (m.nslots - 1)) ||
        m.nfeat >= m.nslots || keys_size != (size_t)m.nslots * sizeof *slots ||
        w_size != (size_t)m.nfeat * m.nclass * sizeof *w || !(m.scale > 0))
        return w5_fail(err, W5_ERR_FORMAT, "model: linear model '%s' is inconsistent", prefix);
    /* Every row index in range, and at least one empty slot so that a
     * probe always ends. */
    size_t empty = 0;
    for (uint32_t i = 0; i < m.nslots; i++) {
        if (!slots[i].key)
            empty++;
        else if (slots[i].row >= m.nfeat)
            return w5_fail(err, W5_ERR_FORMAT, "model: linear model '%s' has a bad row", prefix);
    }
    if (!empty)
        return w5_fail(err, W5_ERR_FORMAT, "model: linear model '%s' table is full", prefix);
    w5_linear *lin = calloc(1, sizeof *lin);
    if (!lin)
        return w5_fail(err, W5_ERR_NOMEM, "out of memory");
    lin->meta = m;
    lin->slots = slots;
    lin->w = w;
    *out = lin;
    return 0;
}
