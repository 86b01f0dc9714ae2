/*
 * headersFromRecord(init, names, values): the Headers constructor's record path (a plain object
 * such as {"content-type": "text/plain"}), natively; see js/headers.js.
 *
 * Appends each own enumerable string-keyed property of `init` to the two (empty) arrays, the
 * name lower-cased, and returns true. Returns false, with both arrays left empty, whenever the
 * JS path could behave differently or must report an error: `init` not an ordinary object (a
 * Proxy, an array, a function...), an accessor property (its getter must run in order, from JS),
 * a value that is neither a string nor a number (converting it may run worker code), a name that
 * is not an HTTP token, a value that is not plain printable ASCII without leading or trailing
 * whitespace (normalizing and rejecting are the JS path's). Nothing worker code can observe
 * happens before it returns false: reading an ordinary object's own data properties runs no code.
 *
 * Nearly every response sets its headers this way, and in the guest the JS loop over the keys
 * (with its lookups and checks per header) costs several times this scan.
 */
#include "rad.h"
#include <string.h>

static JSClassID plain_object_class;

/* tchar (RFC 9110): the characters of a header name. */
static int is_token_char(uint8_t c)
{
    if (c >= '0' && c <= '9') return 1;
    if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return 1;
    return c != 0 && strchr("!#$%&'*+-.^_`|~", c) != NULL;
}

/* The name as stored (lower case), or JS_UNDEFINED when it is not a valid token. */
static JSValue header_name(JSContext *ctx, JSAtom key)
{
    JSValue name = JS_AtomToString(ctx, key);
    if (JS_IsException(name)) return name;
    size_t len;
    const char *s = JS_ToCStringLen(ctx, &len, name);
    if (!s) {
        JS_FreeValue(ctx, name);
        return JS_EXCEPTION;
    }
    int valid = len > 0, upper = 0;
    for (size_t i = 0; i < len && valid; i++) {
        uint8_t c = (uint8_t)s[i];
        valid = c < 0x80 && is_token_char(c);
        upper |= c >= 'A' && c <= 'Z';
    }
    JSValue result = name;
    if (!valid) {
        JS_FreeValue(ctx, name);
        result = JS_UNDEFINED;
    } else if (upper) {
        char lower[64];
        if (len <= sizeof(lower)) {
            for (size_t i = 0; i < len; i++) lower[i] = (s[i] >= 'A' && s[i] <= 'Z') ? (char)(s[i] + 32) : s[i];
            result = JS_NewStringLen(ctx, lower, len);
        } else {
            result = JS_UNDEFINED; /* a long name: the JS path lower-cases it */
        }
        JS_FreeValue(ctx, name);
    }
    JS_FreeCString(ctx, s);
    return result;
}

/* Whether the value needs neither normalizing nor rejecting: printable ASCII or tab inside. */
static int is_plain_value(JSContext *ctx, JSValueConst value, int *error)
{
    size_t len;
    const char *s = JS_ToCStringLen(ctx, &len, value);
    if (!s) {
        *error = 1;
        return 0;
    }
    int plain = 1;
    for (size_t i = 0; i < len && plain; i++) {
        uint8_t c = (uint8_t)s[i];
        plain = (c >= 0x20 && c < 0x7f) || c == '\t';
    }
    if (plain && len > 0) {
        uint8_t first = (uint8_t)s[0], last = (uint8_t)s[len - 1];
        plain = first != ' ' && first != '\t' && last != ' ' && last != '\t';
    }
    JS_FreeCString(ctx, s);
    return plain;
}

/* What JS_GetOwnPropertyNames allocated (this QuickJS has no public function for it). */
static void free_keys(JSContext *ctx, JSPropertyEnum *keys, uint32_t count)
{
    for (uint32_t i = 0; i < count; i++) JS_FreeAtom(ctx, keys[i].atom);
    js_free(ctx, keys);
}

static JSValue n_headers_from_record(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    JSValueConst init = argv[0], names = argv[1], values = argv[2];
    if (!JS_IsObject(init) || JS_GetClassID(init) != plain_object_class) return JS_FALSE;
    JSPropertyEnum *keys;
    uint32_t key_count;
    if (JS_GetOwnPropertyNames(ctx, &keys, &key_count, init, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY)) {
        return JS_EXCEPTION;
    }
    int ok = 1, error = 0;
    uint32_t appended = 0;
    for (uint32_t i = 0; i < key_count && ok; i++) {
        JSPropertyDescriptor desc;
        int found = JS_GetOwnProperty(ctx, &desc, init, keys[i].atom);
        if (found < 0) {
            error = 1;
            break;
        }
        if (!found) continue; /* (cannot happen for an ordinary object: nothing ran meanwhile) */
        JSValue value = JS_UNDEFINED;
        if (desc.flags & JS_PROP_GETSET) {
            ok = 0;
        } else if (JS_IsString(desc.value)) {
            value = JS_DupValue(ctx, desc.value);
        } else if (JS_IsNumber(desc.value)) {
            value = JS_ToString(ctx, desc.value); /* runs no worker code */
            if (JS_IsException(value)) error = 1;
        } else {
            ok = 0;
        }
        JS_FreeValue(ctx, desc.value);
        JS_FreeValue(ctx, desc.getter);
        JS_FreeValue(ctx, desc.setter);
        if (!ok || error) {
            JS_FreeValue(ctx, value);
            break;
        }
        if (!is_plain_value(ctx, value, &error)) {
            ok = 0;
            JS_FreeValue(ctx, value);
            break;
        }
        JSValue name = header_name(ctx, keys[i].atom);
        if (JS_IsException(name)) {
            error = 1;
            JS_FreeValue(ctx, value);
            break;
        }
        if (JS_IsUndefined(name)) {
            ok = 0;
            JS_FreeValue(ctx, value);
            break;
        }
        if (JS_SetPropertyUint32(ctx, names, appended, name) < 0) { /* (each call consumes its value) */
            JS_FreeValue(ctx, value);
            error = 1;
            break;
        }
        if (JS_SetPropertyUint32(ctx, values, appended, value) < 0) {
            error = 1;
            break;
        }
        appended++;
    }
    free_keys(ctx, keys, key_count);
    if (error || !ok) {
        /* Leave both arrays empty for the JS path (or the caller's exception). */
        if (JS_SetPropertyStr(ctx, names, "length", JS_NewInt32(ctx, 0)) < 0 ||
            JS_SetPropertyStr(ctx, values, "length", JS_NewInt32(ctx, 0)) < 0) {
            error = 1;
        }
        return error ? JS_EXCEPTION : JS_FALSE;
    }
    return JS_TRUE;
}

static const JSCFunctionListEntry header_natives[] = {
    JS_CFUNC_DEF("headersFromRecord", 3, n_headers_from_record),
};

int rad_install_header_natives(JSContext *ctx, JSValueConst target)
{
    JSValue probe = JS_NewObject(ctx);
    if (JS_IsException(probe)) return -1;
    plain_object_class = JS_GetClassID(probe);
    JS_FreeValue(ctx, probe);
    JS_SetPropertyFunctionList(ctx, target, header_natives, sizeof(header_natives) / sizeof(header_natives[0]));
    return JS_HasException(ctx) ? -1 : 0;
}
