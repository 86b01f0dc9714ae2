/*
 * Native functions handed to the prelude as the object `natives` (the prelude keeps them in a
 * closure; no worker code can reach them by name). Each one checks its arguments itself: the
 * prelude is ours, but worker code may have tampered with the globals it uses.
 *
 *   log(level, string)                 console output to the host
 *   now()                              host clock, ms since the epoch (float)
 *   fillRandom(buffer, offset, length) host entropy into an ArrayBuffer range
 *   mathRandom()                       a float in [0, 1) from a per-isolate xorshift128+
 *   hostCall(buffer, offset, length)   a synchronous request to the host; returns an ArrayBuffer
 *   encodeUtf8(string, keepSurrogates) ArrayBuffer of UTF-8 (WHATWG) or WTF-8 (wire format)
 *   decodeUtf8(buffer, offset, length, mode)  mode 0 replace, 1 fatal (throws TypeError), 2 WTF-8
 *   wireEncodeFast, wireDecodeFast     the wire codec's native fast path (wire.c)
 *   argCount()                         how many arguments the calling JS function was passed
 *   parseSimpleURL, parseFormURLEncoded   the URL Standard's parsers' fast paths (url.c)
 *   headersFromRecord(init, names, values)  the Headers constructor's record path (headers.c)
 *   awaitAnswer(value)                 if value is a Promise of QuickJS's own (not a look-alike):
 *                                      the event loop waits for it as the call's answer (rad.c);
 *                                      true, else false and nothing happens
 */
#include "rad.h"
#include <stdlib.h>
#include <string.h>

/* A host reply larger than this is refused before any guest memory is spent on it. */
#define RAD_MAX_HOST_REPLY (64u * 1024u * 1024u)

static uint64_t rng_state[2] = {0x9E3779B97F4A7C15ull, 0xD1B54A32D192ED03ull};

void rad_seed_random(uint64_t seed)
{
    /* splitmix64 spreads one seed over both words; a zero state would be a fixed point. */
    for (int i = 0; i < 2; i++) {
        uint64_t z = (seed += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        rng_state[i] = z ^ (z >> 31);
    }
    if ((rng_state[0] | rng_state[1]) == 0) rng_state[0] = 1;
}

static void free_buffer(JSRuntime *rt, void *opaque, void *ptr)
{
    (void)rt;
    (void)opaque;
    free(ptr);
}

/* Resolves (buffer, offset, length) arguments to a checked byte range. */
static int get_range(JSContext *ctx, JSValueConst *argv, uint8_t **out, size_t *out_len)
{
    size_t size = 0;
    uint8_t *base = JS_GetArrayBuffer(ctx, &size, argv[0]);
    /* NULL is also what an empty buffer gives; only a thrown TypeError means "not a buffer". */
    if (!base && JS_HasException(ctx)) return -1;
    double off, len;
    if (JS_ToFloat64(ctx, &off, argv[1]) || JS_ToFloat64(ctx, &len, argv[2])) return -1;
    if (!(off >= 0) || !(len >= 0) || off > (double)size || len > (double)size - off) {
        JS_ThrowRangeError(ctx, "byte range outside the buffer");
        return -1;
    }
    *out = base ? base + (size_t)off : NULL;
    *out_len = (size_t)len;
    return 0;
}

static JSValue n_log(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int32_t level;
    size_t len;
    if (JS_ToInt32(ctx, &level, argv[0])) return JS_EXCEPTION;
    const char *s = JS_ToCStringLen(ctx, &len, argv[1]);
    if (!s) return JS_EXCEPTION;
    rad_host_log(level, (const uint8_t *)s, (uint32_t)len);
    JS_FreeCString(ctx, s);
    return JS_UNDEFINED;
}

static JSValue n_now(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    return JS_NewFloat64(ctx, rad_host_now());
}

static JSValue n_fill_random(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    uint8_t *p;
    size_t len;
    if (get_range(ctx, argv, &p, &len)) return JS_EXCEPTION;
    if (len) rad_host_random(p, (uint32_t)len);
    return JS_UNDEFINED;
}

static JSValue n_math_random(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    uint64_t s1 = rng_state[0];
    const uint64_t s0 = rng_state[1];
    rng_state[0] = s0;
    s1 ^= s1 << 23;
    rng_state[1] = s1 ^ s0 ^ (s1 >> 17) ^ (s0 >> 26);
    uint64_t r = rng_state[1] + s0;
    return JS_NewFloat64(ctx, (double)(r >> 11) * (1.0 / 9007199254740992.0));
}

static JSValue n_host_call(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    uint8_t *p;
    size_t len;
    if (get_range(ctx, argv, &p, &len)) return JS_EXCEPTION;
    int32_t reply_len = rad_host_call(p, (uint32_t)len);
    if (reply_len < 0 || (uint32_t)reply_len > RAD_MAX_HOST_REPLY)
        return JS_ThrowInternalError(ctx, "host call refused (status %d)", (int)reply_len);
    uint8_t *reply = malloc(reply_len ? (size_t)reply_len : 1);
    if (!reply) return JS_ThrowOutOfMemory(ctx);
    if (rad_host_take(reply, (uint32_t)reply_len) != reply_len) {
        free(reply);
        return JS_ThrowInternalError(ctx, "host reply was not delivered");
    }
    return JS_NewArrayBuffer(ctx, reply, (size_t)reply_len, free_buffer, NULL, 0);
}

static JSValue n_encode_utf8(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    size_t len;
    const char *s = JS_ToCStringLen(ctx, &len, argv[0]);
    if (!s) return JS_EXCEPTION;
    JSValue buf = JS_NewArrayBufferCopy(ctx, (const uint8_t *)s, len);
    JS_FreeCString(ctx, s);
    if (JS_IsException(buf)) return buf;
    if (!JS_ToBool(ctx, argv[1])) {
        size_t size;
        uint8_t *p = JS_GetArrayBuffer(ctx, &size, buf);
        if (p) rad_wtf8_to_utf8(p, size);
    }
    return buf;
}

static JSValue n_decode_utf8(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    uint8_t *p;
    size_t len;
    int32_t mode;
    if (get_range(ctx, argv, &p, &len)) return JS_EXCEPTION;
    if (JS_ToInt32(ctx, &mode, argv[3])) return JS_EXCEPTION;
    if (len == 0) return JS_NewStringLen(ctx, "", 0);
    if (mode == 2) return JS_NewStringLen(ctx, (const char *)p, len);
    if (len > ((size_t)1 << 30)) return JS_ThrowRangeError(ctx, "input too large to decode");
    uint8_t *clean = malloc(len * 3);
    if (!clean) return JS_ThrowOutOfMemory(ctx);
    long n = rad_utf8_sanitize(p, len, clean, mode == 1);
    if (n < 0) {
        free(clean);
        return JS_ThrowTypeError(ctx, "The encoded data was not valid for encoding utf-8");
    }
    JSValue s = JS_NewStringLen(ctx, (const char *)clean, (size_t)n);
    free(clean);
    return s;
}

static JSValue n_arg_count(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    return JS_NewInt32(ctx, JS_GetCallerArgCount(ctx));
}

static JSValue n_await_answer(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    return JS_NewBool(ctx, argc >= 1 && rad_await_answer(argv[0]));
}

static const JSCFunctionListEntry natives[] = {
    JS_CFUNC_DEF("log", 2, n_log),
    JS_CFUNC_DEF("now", 0, n_now),
    JS_CFUNC_DEF("fillRandom", 3, n_fill_random),
    JS_CFUNC_DEF("mathRandom", 0, n_math_random),
    JS_CFUNC_DEF("hostCall", 3, n_host_call),
    JS_CFUNC_DEF("encodeUtf8", 2, n_encode_utf8),
    JS_CFUNC_DEF("decodeUtf8", 4, n_decode_utf8),
    JS_CFUNC_DEF("argCount", 0, n_arg_count),
    JS_CFUNC_DEF("awaitAnswer", 1, n_await_answer),
};

int rad_install_natives(JSContext *ctx, JSValueConst target)
{
    JS_SetPropertyFunctionList(ctx, target, natives, sizeof(natives) / sizeof(natives[0]));
    if (JS_HasException(ctx)) return -1;
    if (rad_install_url_natives(ctx, target)) return -1;
    if (rad_install_header_natives(ctx, target)) return -1;
    return rad_install_wire_natives(ctx, target);
}
