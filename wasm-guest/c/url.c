/*
 * Natives for the URL Standard's parsers (js/urlparse.js, js/urlsearchparams.js):
 *
 *   parseSimpleURL(input)          the URL parser's fast path: a URL record, or null
 *   parseFormURLEncoded(input)     application/x-www-form-urlencoded: [[name, value], ...], or
 *                                  null for a string that is not all ASCII (the JS parser's)
 *
 * parseSimpleURL, the URL parser's fast path. Most URLs a worker parses are plain http(s) or
 * ws(s) URLs: a lower-case special scheme, an ASCII domain (or an IPv4 address), maybe a port, a
 * path, a query and a fragment made only of characters that need no percent-encoding. For those
 * it returns the URL record the state machine would build; for anything else, null, and the
 * prelude runs the state machine (the reference). It accepts
 *
 *   (http|https|ws|wss)://host(:[0-9]{1,5})?(/[path chars]*)?(\?[query chars]*)?(#[fragment chars]*)?
 *
 * with host made of dot-separated labels of ASCII letters, digits and hyphens, except what the
 * state machine would rewrite: an internationalized label ("xn--"), a last label that makes the
 * host an IPv4 address (unless it is one written as the serializer writes it), a dot segment
 * ("/." or "%2e" anywhere in the path), a port above 65535. url.test.js compares both parsers on
 * generated URLs.
 *
 * Every request parses its URL, and in the guest the state machine costs ~20 times this scan
 * (~400,000 native instructions for a short URL, against ~19,000 for the whole `new URL`).
 */
#include "rad.h"
#include "cutils.h" /* QuickJS's: from_hex */
#include <stdlib.h>
#include <string.h>

/* Character classes of the accepted language, as bits per ASCII code. */
enum { C_HOST = 1, C_PATH = 2, C_QUERY = 4, C_FRAGMENT = 8 };

static uint8_t char_class[128];

static void mark(int from, int to, int bit)
{
    for (int c = from; c <= to; c++) char_class[c] |= bit;
}

/*
 * The code points each part may hold without any percent-encoding or other rewriting (URL
 * Standard: the path, special-query and fragment percent-encode sets; a host of letters, digits
 * and hyphens). A '%' is kept as it is everywhere; the path scan below refuses "%2e", which the
 * state machine may treat as a dot.
 */
static void init_classes(void)
{
    mark('A', 'Z', C_HOST);
    mark('a', 'z', C_HOST);
    mark('0', '9', C_HOST);
    mark('-', '-', C_HOST);

    mark('!', '!', C_PATH);
    mark('$', '%', C_PATH);
    mark('&', ';', C_PATH);
    mark('=', '=', C_PATH);
    mark('@', '[', C_PATH);
    mark(']', ']', C_PATH);
    mark('_', '_', C_PATH);
    mark('a', 'z', C_PATH);
    mark('|', '|', C_PATH);
    mark('~', '~', C_PATH);

    mark('!', '!', C_QUERY);
    mark('$', '&', C_QUERY);
    mark('(', ';', C_QUERY);
    mark('=', '=', C_QUERY);
    mark('?', '~', C_QUERY);

    mark('!', '!', C_FRAGMENT);
    mark('#', ';', C_FRAGMENT);
    mark('=', '=', C_FRAGMENT);
    mark('?', '_', C_FRAGMENT);
    mark('a', '~', C_FRAGMENT);
}

static int is_class(uint8_t c, int bit)
{
    return c < 128 && (char_class[c] & bit);
}

/* The record's property names, made once: the isolate keeps them for its lifetime. */
enum { A_SCHEME, A_USERNAME, A_PASSWORD, A_HOST, A_PORT, A_PATH, A_QUERY, A_FRAGMENT, A_COUNT };
static const char *const atom_names[A_COUNT] = {
    "scheme", "username", "password", "host", "port", "path", "query", "fragment",
};
static JSAtom atoms[A_COUNT];

static int define(JSContext *ctx, JSValueConst obj, int atom, JSValue value)
{
    return JS_DefinePropertyValue(ctx, obj, atoms[atom], value, JS_PROP_C_W_E);
}

/*
 * Whether the host is an IPv4 address as the URL serializer writes one: four decimal numbers of
 * at most 255, without leading zeros. The state machine's record holds such a host unchanged
 * (local servers are reached as http://127.0.0.1:port/, on every request); any other numeric
 * form it rewrites ("0x7f.1", "1.2.3", "01.2.3.4"), or rejects ("256.1.1.1").
 */
static int is_canonical_ipv4(const char *host, size_t len)
{
    int parts = 0;
    size_t i = 0;
    while (i <= len) {
        size_t start = i;
        int value = 0;
        while (i < len && host[i] >= '0' && host[i] <= '9' && i - start < 3) value = value * 10 + (host[i++] - '0');
        size_t digits = i - start;
        if (digits == 0 || value > 255 || (digits > 1 && host[start] == '0')) return 0;
        parts++;
        if (i == len) break;
        if (host[i] != '.') return 0;
        i++;
    }
    return parts == 4;
}

/* Whether the host's last label is a decimal or 0x-hexadecimal number (so an IPv4 address). */
static int ends_in_numeric_label(const char *host, size_t len)
{
    size_t start = len;
    while (start > 0 && host[start - 1] != '.') start--;
    const char *label = host + start;
    size_t n = len - start;
    if (n == 0 || label[0] < '0' || label[0] > '9') return 0;
    size_t i = 0;
    if (n >= 2 && label[0] == '0' && (label[1] == 'x' || label[1] == 'X')) {
        for (i = 2; i < n; i++) {
            if (from_hex((uint8_t)label[i]) < 0) return 0;
        }
        return 1;
    }
    for (; i < n; i++) {
        if (label[i] < '0' || label[i] > '9') return 0;
    }
    return 1;
}

static JSValue new_part(JSContext *ctx, const char *s, size_t start, size_t end)
{
    return JS_NewStringLen(ctx, s + start, end - start);
}

static JSValue n_parse_simple_url(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    if (!JS_IsString(argv[0])) return JS_NULL; /* the prelude passes strings; anything else is not simple */
    size_t len;
    const char *s = JS_ToCStringLen(ctx, &len, argv[0]);
    if (!s) return JS_EXCEPTION;
    JSValue result = JS_NULL;
    char host[256];
    size_t p = 0;

    /* scheme */
    size_t scheme_len;
    if (len >= 8 && memcmp(s, "https://", 8) == 0) scheme_len = 5;
    else if (len >= 7 && memcmp(s, "http://", 7) == 0) scheme_len = 4;
    else if (len >= 6 && memcmp(s, "wss://", 6) == 0) scheme_len = 3;
    else if (len >= 5 && memcmp(s, "ws://", 5) == 0) scheme_len = 2;
    else goto done;
    p = scheme_len + 3;

    /* host: labels of letters, digits and hyphens, one dot between two labels */
    size_t host_start = p;
    int label_empty = 1;
    for (; p < len; p++) {
        uint8_t c = (uint8_t)s[p];
        if (c == '.') {
            if (label_empty) goto done;
            label_empty = 1;
        } else if (is_class(c, C_HOST)) {
            label_empty = 0;
        } else {
            break;
        }
    }
    if (label_empty) goto done; /* empty host, or a trailing dot */
    size_t host_len = p - host_start;
    if (host_len >= sizeof(host)) goto done; /* longer than any DNS name: the state machine decides */
    for (size_t i = 0; i < host_len; i++) {
        char c = s[host_start + i];
        host[i] = (c >= 'A' && c <= 'Z') ? (char)(c + 32) : c;
    }
    if (memmem(host, host_len, "xn--", 4) != NULL) goto done;
    if (ends_in_numeric_label(host, host_len) && !is_canonical_ipv4(host, host_len)) goto done;

    /* port: 1 to 5 digits, at most 65535; the scheme's default port is no port */
    int port = -1;
    if (p < len && s[p] == ':') {
        p++;
        size_t digits = 0;
        port = 0;
        while (p < len && s[p] >= '0' && s[p] <= '9' && digits < 5) {
            port = port * 10 + (s[p] - '0');
            p++;
            digits++;
        }
        if (digits == 0 || port > 65535) goto done;
        int default_port = scheme_len == 5 ? 443 : scheme_len == 4 ? 80 : scheme_len == 3 ? 443 : 80;
        if (port == default_port) port = -1;
    }

    /* path, without dot segments */
    size_t path_start = p, path_end = p;
    if (p < len && s[p] == '/') {
        for (p++; p < len && is_class((uint8_t)s[p], C_PATH); p++) {
            if (s[p] == '.' && s[p - 1] == '/') goto done;
            if (s[p] == '%' && p + 2 < len && s[p + 1] == '2' && (s[p + 2] | 0x20) == 'e') goto done;
        }
        path_end = p;
    }

    /* query and fragment */
    size_t query_start = 0, query_end = 0, fragment_start = 0;
    int has_query = 0, has_fragment = 0;
    if (p < len && s[p] == '?') {
        has_query = 1;
        query_start = ++p;
        while (p < len && is_class((uint8_t)s[p], C_QUERY)) p++;
        query_end = p;
    }
    if (p < len && s[p] == '#') {
        has_fragment = 1;
        fragment_start = ++p;
        while (p < len && is_class((uint8_t)s[p], C_FRAGMENT)) p++;
    }
    if (p != len) goto done; /* anything else (a 6th port digit, a character to encode...) */

    JSValue path = JS_NewArray(ctx);
    if (JS_IsException(path)) goto fail;
    uint32_t segments = 0;
    if (path_end == path_start) {
        if (JS_SetPropertyUint32(ctx, path, segments++, JS_NewStringLen(ctx, "", 0)) < 0) goto fail_path;
    } else {
        size_t seg = path_start + 1;
        for (size_t i = seg; i <= path_end; i++) {
            if (i == path_end || s[i] == '/') {
                if (JS_SetPropertyUint32(ctx, path, segments++, new_part(ctx, s, seg, i)) < 0) goto fail_path;
                seg = i + 1;
            }
        }
    }

    JSValue url = JS_NewObjectProto(ctx, JS_NULL);
    if (JS_IsException(url)) goto fail_path;
    /* In the order of the prelude's own records (one shape for both). The record takes a
       reference to path, so path is ours to free however far the chain gets. */
    int failed = define(ctx, url, A_SCHEME, new_part(ctx, s, 0, scheme_len)) < 0 ||
        define(ctx, url, A_USERNAME, JS_NewStringLen(ctx, "", 0)) < 0 ||
        define(ctx, url, A_PASSWORD, JS_NewStringLen(ctx, "", 0)) < 0 ||
        define(ctx, url, A_HOST, JS_NewStringLen(ctx, host, host_len)) < 0 ||
        define(ctx, url, A_PORT, port < 0 ? JS_NULL : JS_NewInt32(ctx, port)) < 0 ||
        define(ctx, url, A_PATH, JS_DupValue(ctx, path)) < 0 ||
        define(ctx, url, A_QUERY, has_query ? new_part(ctx, s, query_start, query_end) : JS_NULL) < 0 ||
        define(ctx, url, A_FRAGMENT, has_fragment ? new_part(ctx, s, fragment_start, len) : JS_NULL) < 0;
    JS_FreeValue(ctx, path);
    /* A string that could not be made (out of memory) left an exception, not a failed define. */
    if (failed || JS_HasException(ctx)) {
        JS_FreeValue(ctx, url);
        goto fail;
    }
    result = url;
    goto done;

fail_path:
    JS_FreeValue(ctx, path);
fail:
    JS_FreeCString(ctx, s);
    return JS_EXCEPTION;
done:
    JS_FreeCString(ctx, s);
    return result;
}

/*
 * One name or value of a form: '+' is a space, "%XX" a byte, and the bytes are UTF-8 with
 * U+FFFD for what is malformed. `scratch` holds at least 4 * len bytes.
 */
static JSValue form_component(JSContext *ctx, const uint8_t *p, size_t len, uint8_t *scratch)
{
    size_t i;
    for (i = 0; i < len && p[i] != '+' && p[i] != '%'; i++) {}
    if (i == len) return JS_NewStringLen(ctx, (const char *)p, len); /* nothing to decode */
    uint8_t *bytes = scratch;
    size_t n = 0;
    for (i = 0; i < len; i++) {
        uint8_t c = p[i];
        int hi, lo;
        if (c == '+') {
            c = ' ';
        } else if (c == '%' && i + 2 < len && (hi = from_hex(p[i + 1])) >= 0 && (lo = from_hex(p[i + 2])) >= 0) {
            c = (uint8_t)(hi * 16 + lo);
            i += 2;
        }
        bytes[n++] = c;
    }
    uint8_t *text = scratch + len; /* sanitizing writes at most 3 bytes per input byte */
    long text_len = rad_utf8_sanitize(bytes, n, text, 0);
    return JS_NewStringLen(ctx, (const char *)text, (size_t)text_len);
}

static JSValue n_parse_form_url_encoded(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    if (!JS_IsString(argv[0])) return JS_NULL;
    size_t len;
    const char *s = JS_ToCStringLen(ctx, &len, argv[0]);
    if (!s) return JS_EXCEPTION;
    const uint8_t *input = (const uint8_t *)s;
    for (size_t i = 0; i < len; i++) {
        if (input[i] >= 0x80) {
            JS_FreeCString(ctx, s);
            return JS_NULL; /* the JS parser encodes non-ASCII text as the standard says */
        }
    }
    uint8_t *scratch = NULL;
    JSValue pairs = JS_NewArray(ctx);
    if (JS_IsException(pairs)) goto fail;
    uint32_t count = 0;
    size_t start = 0;
    while (start <= len) {
        size_t end = start;
        while (end < len && input[end] != '&') end++;
        if (end > start) {
            size_t eq = start;
            while (eq < end && input[eq] != '=') eq++;
            size_t value_start = eq < end ? eq + 1 : end;
            if (!scratch) {
                scratch = malloc(len * 4 + 1);
                if (!scratch) {
                    JS_ThrowOutOfMemory(ctx);
                    goto fail;
                }
            }
            JSValue pair = JS_NewArray(ctx);
            if (JS_IsException(pair)) goto fail;
            /* pairs owns the pair from here, so a failure below frees it with pairs */
            if (JS_SetPropertyUint32(ctx, pairs, count++, JS_DupValue(ctx, pair)) < 0) {
                JS_FreeValue(ctx, pair);
                goto fail;
            }
            JSValue name = form_component(ctx, input + start, eq - start, scratch);
            if (JS_IsException(name) || JS_SetPropertyUint32(ctx, pair, 0, name) < 0) {
                JS_FreeValue(ctx, pair);
                goto fail;
            }
            JSValue value = form_component(ctx, input + value_start, end - value_start, scratch);
            int failed = JS_IsException(value) || JS_SetPropertyUint32(ctx, pair, 1, value) < 0;
            JS_FreeValue(ctx, pair);
            if (failed) goto fail;
        }
        start = end + 1;
    }
    free(scratch);
    JS_FreeCString(ctx, s);
    return pairs;

fail:
    free(scratch);
    JS_FreeValue(ctx, pairs);
    JS_FreeCString(ctx, s);
    return JS_EXCEPTION;
}

static const JSCFunctionListEntry url_natives[] = {
    JS_CFUNC_DEF("parseSimpleURL", 1, n_parse_simple_url),
    JS_CFUNC_DEF("parseFormURLEncoded", 1, n_parse_form_url_encoded),
};

int rad_install_url_natives(JSContext *ctx, JSValueConst target)
{
    init_classes();
    for (int i = 0; i < A_COUNT; i++) {
        atoms[i] = JS_NewAtom(ctx, atom_names[i]);
        if (atoms[i] == JS_ATOM_NULL) return -1;
    }
    JS_SetPropertyFunctionList(ctx, target, url_natives, sizeof(url_natives) / sizeof(url_natives[0]));
    return JS_HasException(ctx) ? -1 : 0;
}
