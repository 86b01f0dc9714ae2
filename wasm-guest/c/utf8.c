/*
 * UTF-8 for TextEncoder, TextDecoder and the wire format.
 *
 * QuickJS strings are Latin-1 or UTF-16. JS_ToCStringLen2 emits WTF-8 (lone surrogates kept as
 * three-byte sequences) and JS_NewStringLen accepts it back, which gives the wire format an exact
 * round trip. The web APIs want WHATWG behaviour instead: TextEncoder turns lone surrogates into
 * U+FFFD, and TextDecoder replaces each maximal invalid subpart with one U+FFFD (or fails, in fatal
 * mode). The two functions below convert between those worlds without touching QuickJS internals.
 */
#include "rad.h"
#include <string.h>

/* Rewrites, in place, every WTF-8 surrogate (ED A0..BF xx) as U+FFFD (EF BF BD): same length. */
void rad_wtf8_to_utf8(uint8_t *p, size_t len)
{
    for (size_t i = 0; i + 2 < len; i++) {
        if (p[i] == 0xED && p[i + 1] >= 0xA0 && p[i + 1] <= 0xBF) {
            p[i] = 0xEF;
            p[i + 1] = 0xBF;
            p[i + 2] = 0xBD;
            i += 2;
        }
    }
}

/*
 * WHATWG "UTF-8 decode" over in[0..len). Writes well-formed UTF-8 to out (capacity 3*len is always
 * enough: each invalid byte becomes at most one 3-byte U+FFFD). Returns the output length, or -1
 * if fatal and the input is malformed.
 */
long rad_utf8_sanitize(const uint8_t *in, size_t len, uint8_t *out, int fatal)
{
    size_t i = 0, o = 0;
    while (i < len) {
        uint8_t b = in[i];
        if (b < 0x80) {
            out[o++] = b;
            i++;
            continue;
        }
        int need;
        uint8_t lo = 0x80, hi = 0xBF;
        if (b >= 0xC2 && b <= 0xDF) {
            need = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            need = 2;
            if (b == 0xE0) lo = 0xA0;
            if (b == 0xED) hi = 0x9F;
        } else if (b >= 0xF0 && b <= 0xF4) {
            need = 3;
            if (b == 0xF0) lo = 0x90;
            if (b == 0xF4) hi = 0x8F;
        } else {
            goto invalid_one;
        }
        size_t j = i + 1;
        int got = 0;
        while (got < need) {
            if (j >= len) break;
            uint8_t c = in[j];
            if (c < lo || c > hi) break;
            lo = 0x80;
            hi = 0xBF;
            j++;
            got++;
        }
        if (got == need) {
            memcpy(out + o, in + i, (size_t)need + 1);
            o += (size_t)need + 1;
            i = j;
            continue;
        }
        /* A maximal subpart: the lead byte plus the continuation bytes accepted so far. */
        if (fatal) return -1;
        out[o++] = 0xEF;
        out[o++] = 0xBF;
        out[o++] = 0xBD;
        i = j;
        continue;
    invalid_one:
        if (fatal) return -1;
        out[o++] = 0xEF;
        out[o++] = 0xBF;
        out[o++] = 0xBD;
        i++;
    }
    return (long)o;
}
