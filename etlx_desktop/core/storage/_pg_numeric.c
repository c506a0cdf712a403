/* PostgreSQL's binary `numeric` fields from decimal texts, as the server's numeric_in reads
 * them: the same digits, weight, sign and display scale (digits after the point, less the
 * exponent, never below 0). Texts are an Arrow large_binary array's data and int64 offsets;
 * `valid` has one byte per text (0: null). The result is each field, its length word first
 * (-1 for a null), end to end, and the n + 1 int64 offsets of the fields. The GIL is
 * released while parsing. `postgres_binary.py` wraps it and has a numpy way where it was not
 * built.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <string.h>

#define MAX_TEXT 400   /* a double's shortest text is at most 24 bytes; 0.000…1 spelled out */
#define MAX_GROUPS 110 /* base-10000 digits of MAX_TEXT decimal digits, and some */
#define FIELD_MAX (4 + 8 + 2 * MAX_GROUPS)

enum { POS = 0x0000, NEG = 0x4000, NAN_SIGN = 0xC000, PINF = 0xD000, NINF = 0xF000 };

static uint8_t *put16(uint8_t *p, int v) {
    p[0] = (uint8_t)((unsigned)v >> 8);
    p[1] = (uint8_t)v;
    return p + 2;
}

static uint8_t *put32(uint8_t *p, int32_t v) {
    uint32_t u = (uint32_t)v;
    p[0] = (uint8_t)(u >> 24), p[1] = (uint8_t)(u >> 16), p[2] = (uint8_t)(u >> 8);
    p[3] = (uint8_t)u;
    return p + 4;
}

static int same_word(const uint8_t *text, size_t length, const char *word) {
    size_t n = strlen(word);
    if (length != n) return 0;
    for (size_t i = 0; i < n; i++) {
        uint8_t c = text[i];
        if (c >= 'A' && c <= 'Z') c = (uint8_t)(c - 'A' + 'a');
        if (c != (uint8_t)word[i]) return 0;
    }
    return 1;
}

static uint8_t *special(uint8_t *out, int sign) {
    out = put32(out, 8);
    out = put16(out, 0), out = put16(out, 0), out = put16(out, sign);
    return put16(out, 0);
}

/* One field into `out` (at most FIELD_MAX bytes); NULL where the text is not a decimal. */
static uint8_t *numeric_field(const uint8_t *text, size_t length, uint8_t *out) {
    char digits[MAX_TEXT];
    int groups[MAX_GROUPS];
    size_t i = 0;
    int n = 0, before_point = 0, seen_point = 0, negative = 0;
    long exponent = 0;
    if (length == 0 || length >= MAX_TEXT) return NULL;
    if (text[0] == '-' || text[0] == '+') negative = text[0] == '-', i = 1;
    if (same_word(text + i, length - i, "nan")) return i ? NULL : special(out, NAN_SIGN);
    if (same_word(text + i, length - i, "inf") || same_word(text + i, length - i, "infinity"))
        return special(out, negative ? NINF : PINF);
    for (; i < length; i++) {
        uint8_t c = text[i];
        if (c >= '0' && c <= '9') {
            digits[n++] = (char)(c - '0');
            before_point += !seen_point;
        } else if (c == '.' && !seen_point) {
            seen_point = 1;
        } else {
            break;
        }
    }
    if (n == 0) return NULL;
    if (i < length) { /* an exponent: e, an optional sign, at least one digit */
        int exponent_negative = 0, exponent_digits = 0;
        if (text[i] != 'e' && text[i] != 'E') return NULL;
        i++;
        if (i < length && (text[i] == '-' || text[i] == '+')) exponent_negative = text[i++] == '-';
        for (; i < length; i++) {
            if (text[i] < '0' || text[i] > '9' || exponent > 100000) return NULL;
            exponent = exponent * 10 + (text[i] - '0'), exponent_digits++;
        }
        if (!exponent_digits || exponent > 1000) return NULL; /* numeric_in's limit too */
        if (exponent_negative) exponent = -exponent;
    }
    long point = before_point + exponent; /* decimal digits before the point */
    long scale = (long)(n - before_point) - exponent;
    if (scale < 0) scale = 0;
    if (scale > 0x3FFF) return NULL;
    int first = 0, last = n;
    while (first < last && digits[first] == 0) first++, point--;
    while (last > first && digits[last - 1] == 0) last--;
    if (first == last) { /* zero, with its display scale */
        out = put32(out, 8);
        out = put16(out, 0), out = put16(out, 0), out = put16(out, POS);
        return put16(out, (int)scale);
    }
    /* the digit at position k (from `first`) stands for 10 ** (point - 1 - k) */
    long top = point - 1, bottom = point - (last - first);
    long weight = top >= 0 ? top / 4 : -((-top + 3) / 4);
    long low = bottom >= 0 ? bottom / 4 : -((-bottom + 3) / 4);
    long count = weight - low + 1;
    if (count > MAX_GROUPS || weight > 0x7FFF || weight < -0x8000) return NULL;
    memset(groups, 0, sizeof(int) * (size_t)count);
    static const int powers[4] = {1, 10, 100, 1000};
    for (int k = first; k < last; k++) {
        long x = point - 1 - (k - first);
        long g = x >= 0 ? x / 4 : -((-x + 3) / 4);
        groups[weight - g] += digits[k] * powers[x - 4 * g];
    }
    out = put32(out, (int32_t)(8 + 2 * count));
    out = put16(out, (int)count), out = put16(out, (int)weight);
    out = put16(out, negative ? NEG : POS), out = put16(out, (int)scale);
    for (long g = 0; g < count; g++) out = put16(out, groups[g]);
    return out;
}

static PyObject *numeric_fields(PyObject *self, PyObject *args) {
    Py_buffer data, offsets, valid;
    PyObject *fields = NULL, *ends = NULL, *result = NULL;
    Py_ssize_t n, bad = -1;
    (void)self;
    if (!PyArg_ParseTuple(args, "y*y*y*", &data, &offsets, &valid)) return NULL;
    n = offsets.len / (Py_ssize_t)sizeof(int64_t) - 1;
    if (offsets.len % (Py_ssize_t)sizeof(int64_t) || n < 0 || valid.len != n) {
        PyErr_SetString(PyExc_ValueError, "offsets must be n + 1 int64 values, valid n bytes");
        goto done;
    }
    const int64_t *at = (const int64_t *)offsets.buf;
    for (Py_ssize_t r = 0; r < n; r++) {
        if (at[r] < 0 || at[r] > at[r + 1] || at[r + 1] > data.len) {
            PyErr_SetString(PyExc_ValueError, "offsets out of order or outside the data");
            goto done;
        }
    }
    fields = PyBytes_FromStringAndSize(NULL, n * FIELD_MAX);
    ends = PyBytes_FromStringAndSize(NULL, (n + 1) * (Py_ssize_t)sizeof(int64_t));
    if (fields == NULL || ends == NULL) goto done;
    {
        uint8_t *start = (uint8_t *)PyBytes_AS_STRING(fields), *out = start;
        int64_t *end = (int64_t *)PyBytes_AS_STRING(ends);
        const uint8_t *bytes = (const uint8_t *)data.buf, *present = (const uint8_t *)valid.buf;
        Py_BEGIN_ALLOW_THREADS;
        end[0] = 0;
        for (Py_ssize_t r = 0; r < n; r++) {
            if (!present[r]) {
                out = put32(out, -1);
            } else {
                uint8_t *next = numeric_field(bytes + at[r], (size_t)(at[r + 1] - at[r]), out);
                if (next == NULL) {
                    bad = r;
                    break;
                }
                out = next;
            }
            end[r + 1] = out - start;
        }
        Py_END_ALLOW_THREADS;
        if (bad >= 0) {
            PyErr_Format(PyExc_ValueError, "text %zd is not a decimal number", bad);
            goto done;
        }
        if (_PyBytes_Resize(&fields, out - start) < 0) goto done;
    }
    result = Py_BuildValue("(OO)", fields, ends);
done:
    Py_XDECREF(fields);
    Py_XDECREF(ends);
    PyBuffer_Release(&data);
    PyBuffer_Release(&offsets);
    PyBuffer_Release(&valid);
    return result;
}

static PyMethodDef METHODS[] = {
    {"numeric_fields", numeric_fields, METH_VARARGS,
     "numeric_fields(data, offsets, valid) -> (fields, their n + 1 int64 offsets)"},
    {NULL, NULL, 0, NULL}};

static struct PyModuleDef MODULE = {PyModuleDef_HEAD_INIT, "_pg_numeric",
                                    "PostgreSQL binary numeric fields from decimal texts.",
                                    -1, METHODS, NULL, NULL, NULL, NULL};

PyMODINIT_FUNC PyInit__pg_numeric(void) { return PyModule_Create(&MODULE); }
