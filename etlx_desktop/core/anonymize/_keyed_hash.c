/* Keyed hashes of many messages at once: HMAC-SHA256 (FIPS 180-4, RFC 2104) and keyed
 * BLAKE2b with a personalisation string (RFC 7693), the same bytes hashlib and hmac give.
 *
 * The messages come as one data buffer and n + 1 int64 offsets (an Arrow large_binary
 * array's buffers); the result is n digests end to end. The GIL is released while hashing,
 * so the pipeline's other threads run meanwhile. `keyed_hashes.py` wraps this module and
 * falls back to hashlib where it was not built.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

/* ---- SHA-256 --------------------------------------------------------------------------- */

static const uint32_t K256[64] = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4,
    0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe,
    0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f,
    0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc,
    0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b,
    0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116,
    0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7,
    0xc67178f2};

static const uint32_t SHA256_START[8] = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                         0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};

#define ROTR32(x, n) (((x) >> (n)) | ((x) << (32 - (n))))

static uint32_t load_be32(const uint8_t *p) {
    return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) | ((uint32_t)p[2] << 8) | p[3];
}

static void store_be32(uint8_t *p, uint32_t v) {
    p[0] = (uint8_t)(v >> 24);
    p[1] = (uint8_t)(v >> 16);
    p[2] = (uint8_t)(v >> 8);
    p[3] = (uint8_t)v;
}

static void sha256_block_portable(uint32_t h[8], const uint8_t block[64]) {
    uint32_t w[64], a, b, c, d, e, f, g, k, t1, t2;
    int i;
    for (i = 0; i < 16; i++) w[i] = load_be32(block + 4 * i);
    for (i = 16; i < 64; i++) {
        uint32_t s0 = ROTR32(w[i - 15], 7) ^ ROTR32(w[i - 15], 18) ^ (w[i - 15] >> 3);
        uint32_t s1 = ROTR32(w[i - 2], 17) ^ ROTR32(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], k = h[7];
    for (i = 0; i < 64; i++) {
        t1 = k + (ROTR32(e, 6) ^ ROTR32(e, 11) ^ ROTR32(e, 25)) + ((e & f) ^ (~e & g)) + K256[i] +
             w[i];
        t2 = (ROTR32(a, 2) ^ ROTR32(a, 13) ^ ROTR32(a, 22)) + ((a & b) ^ (a & c) ^ (b & c));
        k = g, g = f, f = e, e = d + t1, d = c, c = b, b = a, a = t1 + t2;
    }
    h[0] += a, h[1] += b, h[2] += c, h[3] += d, h[4] += e, h[5] += f, h[6] += g, h[7] += k;
}

#if defined(__GNUC__) && defined(__x86_64__)
#include <immintrin.h>
#define HAVE_SHA_EXTENSIONS 1

/* The same compression with the CPU's SHA extensions: the state is kept as the two halves
 * ABEF and CDGH the sha256rnds2 instruction works on, four rounds per group of message words. */
__attribute__((target("sha,sse4.1,ssse3"))) static void sha256_block_sha_ni(
    uint32_t h[8], const uint8_t block[64]) {
    const __m128i swap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i w[16], abef, cdgh, saved_abef, saved_cdgh, tmp, words;
    int i;
    tmp = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[0]), 0xB1); /* C D A B */
    cdgh = _mm_shuffle_epi32(_mm_loadu_si128((const __m128i *)&h[4]), 0x1B); /* H G F E */
    abef = _mm_alignr_epi8(tmp, cdgh, 8);
    cdgh = _mm_blend_epi16(cdgh, tmp, 0xF0);
    saved_abef = abef, saved_cdgh = cdgh;
    for (i = 0; i < 16; i++) {
        if (i < 4) {
            w[i] = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(block + 16 * i)), swap);
        } else {
            tmp = _mm_alignr_epi8(w[i - 1], w[i - 2], 4);
            w[i] = _mm_sha256msg2_epu32(
                _mm_add_epi32(_mm_sha256msg1_epu32(w[i - 4], w[i - 3]), tmp), w[i - 1]);
        }
        words = _mm_add_epi32(w[i], _mm_loadu_si128((const __m128i *)&K256[4 * i]));
        cdgh = _mm_sha256rnds2_epu32(cdgh, abef, words);
        abef = _mm_sha256rnds2_epu32(abef, cdgh, _mm_shuffle_epi32(words, 0x0E));
    }
    abef = _mm_add_epi32(abef, saved_abef);
    cdgh = _mm_add_epi32(cdgh, saved_cdgh);
    tmp = _mm_shuffle_epi32(abef, 0x1B);  /* F E B A */
    cdgh = _mm_shuffle_epi32(cdgh, 0xB1); /* D C H G */
    _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(tmp, cdgh, 0xF0));
    _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(cdgh, tmp, 8));
}
#endif

static int sha_extensions = 0; /* set at import where the CPU has them; tests may clear it */

static void sha256_block(uint32_t h[8], const uint8_t block[64]) {
#ifdef HAVE_SHA_EXTENSIONS
    if (sha_extensions) {
        sha256_block_sha_ni(h, block);
        return;
    }
#endif
    sha256_block_portable(h, block);
}

/* Hash `message` into `h`, which holds `before` bytes already (whole blocks), and finish. */
static void sha256_tail(uint32_t h[8], const uint8_t *message, size_t length, uint64_t before,
                        uint8_t out[32]) {
    uint8_t last[128];
    size_t full = length / 64, rest = length % 64, tail;
    uint64_t bits = ((uint64_t)length + before) * 8;
    int i;
    for (size_t b = 0; b < full; b++) sha256_block(h, message + 64 * b);
    memset(last, 0, sizeof last);
    memcpy(last, message + 64 * full, rest);
    last[rest] = 0x80;
    tail = rest + 9 <= 64 ? 64 : 128;
    for (i = 0; i < 8; i++) last[tail - 1 - i] = (uint8_t)(bits >> (8 * i));
    sha256_block(h, last);
    if (tail == 128) sha256_block(h, last + 64);
    for (i = 0; i < 8; i++) store_be32(out + 4 * i, h[i]);
}

/* The digest of one 64-byte block (already compressed into `state`), then `message`. */
static void sha256_after_block(const uint32_t state[8], const uint8_t *message, size_t length,
                               uint8_t out[32]) {
    uint32_t h[8];
    memcpy(h, state, sizeof h);
    sha256_tail(h, message, length, 64, out);
}

/* ---- BLAKE2b --------------------------------------------------------------------------- */

static const uint64_t BLAKE2B_IV[8] = {
    0x6a09e667f3bcc908ULL, 0xbb67ae8584caa73bULL, 0x3c6ef372fe94f82bULL, 0xa54ff53a5f1d36f1ULL,
    0x510e527fade682d1ULL, 0x9b05688c2b3e6c1fULL, 0x1f83d9abfb41bd6bULL, 0x5be0cd19137e2179ULL};

static const uint8_t SIGMA[12][16] = {
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3},
    {11, 8, 12, 0, 5, 2, 15, 13, 10, 14, 3, 6, 7, 1, 9, 4},
    {7, 9, 3, 1, 13, 12, 11, 14, 2, 6, 5, 10, 4, 0, 15, 8},
    {9, 0, 5, 7, 2, 4, 10, 15, 14, 1, 11, 12, 6, 8, 3, 13},
    {2, 12, 6, 10, 0, 11, 8, 3, 4, 13, 7, 5, 15, 14, 1, 9},
    {12, 5, 1, 15, 14, 13, 4, 10, 0, 7, 6, 3, 9, 2, 8, 11},
    {13, 11, 7, 14, 12, 1, 3, 9, 5, 0, 15, 4, 8, 6, 2, 10},
    {6, 15, 14, 9, 11, 3, 0, 8, 12, 2, 13, 7, 1, 4, 10, 5},
    {10, 2, 8, 4, 7, 6, 1, 5, 15, 11, 9, 14, 3, 12, 13, 0},
    {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
    {14, 10, 4, 8, 9, 15, 13, 6, 1, 12, 0, 2, 11, 7, 5, 3}};

#define ROTR64(x, n) (((x) >> (n)) | ((x) << (64 - (n))))

static uint64_t load_le64(const uint8_t *p) {
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--) v = (v << 8) | p[i];
    return v;
}

#define G(a, b, c, d, x, y)            \
    do {                               \
        v[a] = v[a] + v[b] + (x);      \
        v[d] = ROTR64(v[d] ^ v[a], 32); \
        v[c] = v[c] + v[d];            \
        v[b] = ROTR64(v[b] ^ v[c], 24); \
        v[a] = v[a] + v[b] + (y);      \
        v[d] = ROTR64(v[d] ^ v[a], 16); \
        v[c] = v[c] + v[d];            \
        v[b] = ROTR64(v[b] ^ v[c], 63); \
    } while (0)

/* Compress one 128-byte block; `counter` is the bytes hashed so far, this block included. */
static void blake2b_block(uint64_t h[8], const uint8_t block[128], uint64_t counter, int last) {
    uint64_t v[16], m[16];
    int i;
    for (i = 0; i < 16; i++) m[i] = load_le64(block + 8 * i);
    for (i = 0; i < 8; i++) v[i] = h[i], v[i + 8] = BLAKE2B_IV[i];
    v[12] ^= counter; /* the counter's high word stays 0: messages are under 2**64 bytes */
    if (last) v[14] = ~v[14];
    for (i = 0; i < 12; i++) {
        const uint8_t *s = SIGMA[i];
        G(0, 4, 8, 12, m[s[0]], m[s[1]]);
        G(1, 5, 9, 13, m[s[2]], m[s[3]]);
        G(2, 6, 10, 14, m[s[4]], m[s[5]]);
        G(3, 7, 11, 15, m[s[6]], m[s[7]]);
        G(0, 5, 10, 15, m[s[8]], m[s[9]]);
        G(1, 6, 11, 12, m[s[10]], m[s[11]]);
        G(2, 7, 8, 13, m[s[12]], m[s[13]]);
        G(3, 4, 9, 14, m[s[14]], m[s[15]]);
    }
    for (i = 0; i < 8; i++) h[i] ^= v[i] ^ v[i + 8];
}

typedef struct {
    uint64_t start[8]; /* after the parameter block */
    uint64_t keyed[8]; /* after the key block, when a message follows it */
    uint8_t key_block[128];
    size_t key_length;
    size_t size;
} Blake2bKey;

static void blake2b_prepare(Blake2bKey *k, const uint8_t *key, size_t key_length,
                            const uint8_t *person, size_t person_length, size_t size) {
    uint8_t personal[16] = {0};
    memcpy(personal, person, person_length);
    for (int i = 0; i < 8; i++) k->start[i] = BLAKE2B_IV[i];
    k->start[0] ^= 0x01010000ULL ^ ((uint64_t)key_length << 8) ^ (uint64_t)size;
    k->start[6] ^= load_le64(personal);
    k->start[7] ^= load_le64(personal + 8);
    memset(k->key_block, 0, sizeof k->key_block);
    memcpy(k->key_block, key, key_length);
    k->key_length = key_length;
    k->size = size;
    memcpy(k->keyed, k->start, sizeof k->keyed);
    if (key_length) blake2b_block(k->keyed, k->key_block, 128, 0);
}

static void blake2b_message(const Blake2bKey *k, const uint8_t *message, size_t length,
                            uint8_t *out) {
    uint64_t h[8];
    uint8_t last[128];
    uint64_t done = k->key_length ? 128 : 0;
    int i;
    if (length == 0) {
        memcpy(h, k->start, sizeof h);
        memset(last, 0, sizeof last);
        if (k->key_length) memcpy(last, k->key_block, sizeof last);
        blake2b_block(h, last, done, 1);
    } else {
        memcpy(h, k->keyed, sizeof h);
        while (length > 128) {
            done += 128;
            blake2b_block(h, message, done, 0);
            message += 128, length -= 128;
        }
        memset(last, 0, sizeof last);
        memcpy(last, message, length);
        blake2b_block(h, last, done + length, 1);
    }
    for (i = 0; i < (int)k->size; i++) out[i] = (uint8_t)(h[i / 8] >> (8 * (i % 8)));
}

/* ---- Python functions ------------------------------------------------------------------ */

/* The n messages of (data, offsets): checked bounds, or -1 with an exception set. */
static Py_ssize_t message_count(Py_buffer *data, Py_buffer *offsets) {
    const int64_t *at = (const int64_t *)offsets->buf;
    Py_ssize_t n = offsets->len / (Py_ssize_t)sizeof(int64_t) - 1;
    if (offsets->len % (Py_ssize_t)sizeof(int64_t) || n < 0) {
        PyErr_SetString(PyExc_ValueError, "offsets must be n + 1 int64 values");
        return -1;
    }
    for (Py_ssize_t i = 0; i < n; i++) {
        if (at[i] < 0 || at[i] > at[i + 1] || at[i + 1] > data->len) {
            PyErr_SetString(PyExc_ValueError, "offsets out of order or outside the data");
            return -1;
        }
    }
    return n;
}

static PyObject *hmac_sha256(PyObject *self, PyObject *args) {
    Py_buffer key, data, offsets;
    uint8_t padded[64], inner_block[64], outer_block[64], inner_digest[32];
    uint32_t inner[8], outer[8];
    PyObject *result;
    Py_ssize_t n;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*y*y*", &key, &data, &offsets)) return NULL;
    n = message_count(&data, &offsets);
    result = n < 0 ? NULL : PyBytes_FromStringAndSize(NULL, n * 32);
    if (result != NULL) {
        const uint8_t *bytes = (const uint8_t *)data.buf;
        const int64_t *at = (const int64_t *)offsets.buf;
        uint8_t *out = (uint8_t *)PyBytes_AS_STRING(result);
        memset(padded, 0, sizeof padded);
        if (key.len > 64) { /* a key longer than a block is its SHA-256 digest */
            uint32_t h[8];
            memcpy(h, SHA256_START, sizeof h);
            sha256_tail(h, (const uint8_t *)key.buf, (size_t)key.len, 0, padded);
        } else {
            memcpy(padded, key.buf, (size_t)key.len);
        }
        for (int i = 0; i < 64; i++) {
            inner_block[i] = padded[i] ^ 0x36;
            outer_block[i] = padded[i] ^ 0x5c;
        }
        memcpy(inner, SHA256_START, sizeof inner);
        memcpy(outer, SHA256_START, sizeof outer);
        sha256_block(inner, inner_block);
        sha256_block(outer, outer_block);
        Py_BEGIN_ALLOW_THREADS;
        for (Py_ssize_t i = 0; i < n; i++) {
            sha256_after_block(inner, bytes + at[i], (size_t)(at[i + 1] - at[i]), inner_digest);
            sha256_after_block(outer, inner_digest, 32, out + 32 * i);
        }
        Py_END_ALLOW_THREADS;
    }
    PyBuffer_Release(&key);
    PyBuffer_Release(&data);
    PyBuffer_Release(&offsets);
    return result;
}

static PyObject *blake2b(PyObject *self, PyObject *args) {
    Py_buffer key, person, data, offsets;
    Py_ssize_t size, n = -1;
    Blake2bKey prepared;
    PyObject *result = NULL;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*y*ny*y*", &key, &person, &size, &data, &offsets)) return NULL;
    if (key.len > 64 || person.len > 16 || size < 1 || size > 64) {
        PyErr_SetString(PyExc_ValueError, "key of at most 64 bytes, person of at most 16, size 1-64");
    } else {
        n = message_count(&data, &offsets);
    }
    if (n >= 0) result = PyBytes_FromStringAndSize(NULL, n * size);
    if (result != NULL) {
        const uint8_t *bytes = (const uint8_t *)data.buf;
        const int64_t *at = (const int64_t *)offsets.buf;
        uint8_t *out = (uint8_t *)PyBytes_AS_STRING(result);
        blake2b_prepare(&prepared, (const uint8_t *)key.buf, (size_t)key.len,
                        (const uint8_t *)person.buf, (size_t)person.len, (size_t)size);
        Py_BEGIN_ALLOW_THREADS;
        for (Py_ssize_t i = 0; i < n; i++)
            blake2b_message(&prepared, bytes + at[i], (size_t)(at[i + 1] - at[i]), out + size * i);
        Py_END_ALLOW_THREADS;
    }
    PyBuffer_Release(&key);
    PyBuffer_Release(&person);
    PyBuffer_Release(&data);
    PyBuffer_Release(&offsets);
    return result;
}

static PyObject *use_sha_extensions(PyObject *self, PyObject *arg) {
    (void)self;
    int wanted = PyObject_IsTrue(arg);
    if (wanted < 0) return NULL;
#ifdef HAVE_SHA_EXTENSIONS
    __builtin_cpu_init();
    sha_extensions = wanted && __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
#else
    (void)wanted;
#endif
    return PyBool_FromLong(sha_extensions);
}

static PyMethodDef METHODS[] = {
    {"use_sha_extensions", use_sha_extensions, METH_O,
     "use_sha_extensions(wanted) -> whether SHA-256 now uses the CPU's SHA extensions"},
    {"hmac_sha256", hmac_sha256, METH_VARARGS,
     "hmac_sha256(key, data, offsets) -> the 32-byte HMAC-SHA256 of each message, end to end"},
    {"blake2b", blake2b, METH_VARARGS,
     "blake2b(key, person, size, data, offsets) -> each message's keyed BLAKE2b, end to end"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef MODULE = {PyModuleDef_HEAD_INIT, "_keyed_hash",
                                    "Keyed hashes of many messages at once.", -1, METHODS,
                                    NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__keyed_hash(void) {
    PyObject *module = PyModule_Create(&MODULE);
#ifdef HAVE_SHA_EXTENSIONS
    __builtin_cpu_init();
    sha_extensions = __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
#endif
    return module;
}
