/*
 * The wire codec's native fast path (format: wasm-guest/README.md, "Wire format").
 *
 * The prelude's codec (js/wire-encode.js, js/wire-decode.js) handles every value, but interpreted
 * JS pays for every call and property access: a three-field host message took ~76,000 native
 * instructions to encode, and a Durable Object RPC spent most of its instructions in the codec.
 * These two natives handle what nearly all traffic is made of — primitives, strings, plain objects
 * and arrays of data properties, ArrayBuffers, host references, Requests and Responses — and give
 * up on anything else, which the JS codec then handles whole.
 *
 * Giving up never has side effects: nothing here runs worker code (no getters, setters or proxy
 * traps are reached: properties are read as own data properties, and anything else makes the fast
 * path give up), so the JS codec sees the same value. The only JS it calls is the prelude's own
 * (exoticWireParts, the Request, Response and stub constructors), none with side effects, whose
 * exceptions propagate as the JS codec's would. Bytes and values are exactly the JS codec's: the
 * native harness's tests/host/wire-fast.test.js compares the two on every kind of value.
 *
 *   wireEncodeFast(value, exotic)             ArrayBuffer, or undefined: use the JS encoder
 *                                             exotic: exoticWireParts (see wire-encode.js)
 *   wireDecodeFast(buffer, helpers, gaveUp)   the value, or gaveUp: use the JS decoder
 *                                             helpers: {request, response, stub} (see wire-decode.js)
 */
#include "rad.h"
#include <string.h>

/* Tags (js/wire.js). */
enum {
    TAG_UNDEFINED = 0x00, TAG_NULL = 0x01, TAG_FALSE = 0x02, TAG_TRUE = 0x03, TAG_INT32 = 0x04,
    TAG_FLOAT64 = 0x05, TAG_STRING = 0x07, TAG_OBJECT = 0x08, TAG_ARRAY = 0x09,
    TAG_ARRAY_BUFFER = 0x0d, TAG_REF = 0x0f, TAG_REQUEST = 0x12, TAG_RESPONSE = 0x13, TAG_HOST_REF = 0x14,
};

/*
 * Deeper values go to the JS codec, which walks them without recursion (up to its limit of
 * 1,000): this keeps the native stack use of a fast call small and bounded.
 */
#define FAST_MAX_DEPTH 48
/* Larger graphs and arrays go to the JS codec too (they are rare on the hot paths). */
#define FAST_MAX_REFS (1u << 16)
#define FAST_MAX_ARRAY_LENGTH (1u << 24)

/* What a step returns: go on, give up (no exception pending), or an exception is pending. */
enum { OK = 0, GIVE_UP = 1, FAILED = -1 };

/*
 * The intrinsic prototypes a plain value must have, and the classes of plain values, found once
 * (they live as long as the context, in the snapshot). Prototypes are kept as bare pointers, for
 * identity tests only: holding references would keep them alive past the context.
 */
static void *object_proto, *array_proto, *array_buffer_proto;
static JSClassID object_class, array_class, array_buffer_class;
static int intrinsics_ready;

/* An ordinary object's prototype as a bare pointer (NULL for none). Never called on a Proxy. */
static void *proto_of(JSContext *ctx, JSValueConst obj)
{
    JSValue p = JS_GetPrototype(ctx, obj);
    void *ptr = JS_IsObject(p) ? JS_VALUE_GET_PTR(p) : NULL;
    JS_FreeValue(ctx, p);
    return ptr;
}

static int init_intrinsics(JSContext *ctx)
{
    if (intrinsics_ready) return 0;
    JSValue o = JS_NewObject(ctx), a = JS_NewArray(ctx), b = JS_NewArrayBufferCopy(ctx, NULL, 0);
    int ok = !JS_IsException(o) && !JS_IsException(a) && !JS_IsException(b);
    if (ok) {
        object_proto = proto_of(ctx, o);
        array_proto = proto_of(ctx, a);
        array_buffer_proto = proto_of(ctx, b);
        object_class = JS_GetClassID(o);
        array_class = JS_GetClassID(a);
        array_buffer_class = JS_GetClassID(b);
        intrinsics_ready = 1;
    }
    JS_FreeValue(ctx, o);
    JS_FreeValue(ctx, a);
    JS_FreeValue(ctx, b);
    return ok ? 0 : -1;
}

/* ---- encode ---- */

typedef struct {
    JSContext *ctx;
    JSValueConst exotic;
    uint8_t *buf;
    size_t len, cap;
    /* Objects given a reference index, in order: an open-addressing table of pointers. */
    void **seen_keys;
    uint32_t *seen_index;
    uint32_t seen_cap, seen_count;
} Enc;

static int reserve(Enc *e, size_t n)
{
    if (n <= e->cap - e->len) return OK;
    size_t cap = e->cap ? e->cap : 256;
    while (cap - e->len < n) {
        if (cap > ((size_t)1 << 30)) return GIVE_UP; /* the JS encoder reports sizes this large */
        cap *= 2;
    }
    uint8_t *p = js_realloc(e->ctx, e->buf, cap);
    if (!p) return FAILED;
    e->buf = p;
    e->cap = cap;
    return OK;
}

static int put_byte(Enc *e, uint8_t b)
{
    int r = reserve(e, 1);
    if (r == OK) e->buf[e->len++] = b;
    return r;
}

static int put_varuint(Enc *e, uint32_t n)
{
    int r = reserve(e, 5);
    if (r != OK) return r;
    while (n >= 0x80) {
        e->buf[e->len++] = (uint8_t)(n | 0x80);
        n >>= 7;
    }
    e->buf[e->len++] = (uint8_t)n;
    return OK;
}

static int put_bytes(Enc *e, const uint8_t *p, size_t n)
{
    if (n > 0xffffffffu) return GIVE_UP;
    int r = put_varuint(e, (uint32_t)n);
    if (r == OK) r = reserve(e, n);
    if (r == OK && n) {
        memcpy(e->buf + e->len, p, n);
        e->len += n;
    }
    return r;
}

/* A string value, tag included: WTF-8, as nativeEncodeUtf8(s, true) gives it. */
static int put_string(Enc *e, JSValueConst s)
{
    size_t n;
    const char *p = JS_ToCStringLen(e->ctx, &n, s);
    if (!p) return FAILED;
    int r = put_byte(e, TAG_STRING);
    if (r == OK) r = put_bytes(e, (const uint8_t *)p, n);
    JS_FreeCString(e->ctx, p);
    return r;
}

static uint32_t pointer_hash(void *p)
{
    uint32_t h = (uint32_t)(uintptr_t)p;
    h ^= h >> 16;
    h *= 0x7feb352du;
    h ^= h >> 15;
    return h;
}

/*
 * claimRef of the JS encoder: gives `obj` the next reference index (returns OK), or writes a
 * back-reference to the index it already has (returns WRITTEN).
 */
#define WRITTEN 2
static int claim_ref(Enc *e, JSValueConst obj)
{
    void *key = JS_VALUE_GET_PTR(obj);
    if (e->seen_count >= FAST_MAX_REFS) return GIVE_UP;
    if ((e->seen_count + 1) * 2 > e->seen_cap) {
        uint32_t cap = e->seen_cap ? e->seen_cap * 2 : 64;
        void **keys = js_mallocz(e->ctx, sizeof(void *) * cap);
        uint32_t *index = js_malloc(e->ctx, sizeof(uint32_t) * cap);
        if (!keys || !index) {
            js_free(e->ctx, keys);
            js_free(e->ctx, index);
            return FAILED;
        }
        for (uint32_t i = 0; i < e->seen_cap; i++) {
            if (!e->seen_keys[i]) continue;
            uint32_t j = pointer_hash(e->seen_keys[i]) & (cap - 1);
            while (keys[j]) j = (j + 1) & (cap - 1);
            keys[j] = e->seen_keys[i];
            index[j] = e->seen_index[i];
        }
        js_free(e->ctx, e->seen_keys);
        js_free(e->ctx, e->seen_index);
        e->seen_keys = keys;
        e->seen_index = index;
        e->seen_cap = cap;
    }
    uint32_t j = pointer_hash(key) & (e->seen_cap - 1);
    while (e->seen_keys[j]) {
        if (e->seen_keys[j] == key) {
            int r = put_byte(e, TAG_REF);
            if (r == OK) r = put_varuint(e, e->seen_index[j]);
            return r == OK ? WRITTEN : r;
        }
        j = (j + 1) & (e->seen_cap - 1);
    }
    e->seen_keys[j] = key;
    e->seen_index[j] = e->seen_count++;
    return OK;
}

static int enc_value(Enc *e, JSValueConst v, int depth);

/* An own data property's value (a new reference in *out); GIVE_UP for a missing one or an accessor. */
static int own_data(Enc *e, JSValueConst obj, JSAtom atom, JSValue *out)
{
    JSPropertyDescriptor desc;
    int found = JS_GetOwnProperty(e->ctx, &desc, obj, atom);
    if (found < 0) return FAILED;
    if (!found) return GIVE_UP;
    JS_FreeValue(e->ctx, desc.getter);
    JS_FreeValue(e->ctx, desc.setter);
    if (desc.flags & JS_PROP_GETSET) {
        JS_FreeValue(e->ctx, desc.value);
        return GIVE_UP;
    }
    *out = desc.value;
    return OK;
}

static int enc_plain_object(Enc *e, JSValueConst obj, int depth)
{
    JSContext *ctx = e->ctx;
    JSPropertyEnum *keys;
    uint32_t n;
    if (JS_GetOwnPropertyNames(ctx, &keys, &n, obj, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY) < 0) return FAILED;
    int r = put_byte(e, TAG_OBJECT);
    if (r == OK) r = put_varuint(e, n);
    for (uint32_t i = 0; i < n && r == OK; i++) {
        JSValue child, name = JS_AtomToString(ctx, keys[i].atom);
        if (JS_IsException(name)) {
            r = FAILED;
            break;
        }
        r = put_string(e, name);
        JS_FreeValue(ctx, name);
        if (r == OK) r = own_data(e, obj, keys[i].atom, &child);
        if (r == OK) {
            r = enc_value(e, child, depth + 1);
            JS_FreeValue(ctx, child);
        }
    }
    for (uint32_t i = 0; i < n; i++) JS_FreeAtom(ctx, keys[i].atom);
    js_free(ctx, keys);
    return r;
}

static int enc_array(Enc *e, JSValueConst arr, int depth)
{
    JSContext *ctx = e->ctx;
    JSValue length = JS_GetPropertyStr(ctx, arr, "length"); /* an array's own data property */
    uint32_t n;
    if (JS_IsException(length)) return FAILED;
    int bad = JS_ToUint32(ctx, &n, length);
    JS_FreeValue(ctx, length);
    if (bad) return FAILED;
    if (n > FAST_MAX_ARRAY_LENGTH) return GIVE_UP;
    int r = put_byte(e, TAG_ARRAY);
    if (r == OK) r = put_varuint(e, n);
    for (uint32_t i = 0; i < n && r == OK; i++) {
        JSValue child;
        JSAtom atom = JS_NewAtomUInt32(ctx, i);
        if (atom == JS_ATOM_NULL) return FAILED;
        r = own_data(e, arr, atom, &child); /* a hole or an accessor: the JS encoder's business */
        JS_FreeAtom(ctx, atom);
        if (r == OK) {
            r = enc_value(e, child, depth + 1);
            JS_FreeValue(ctx, child);
        }
    }
    return r;
}

static int enc_array_buffer(Enc *e, JSValueConst buffer)
{
    size_t size = 0;
    uint8_t *p = JS_GetArrayBuffer(e->ctx, &size, buffer);
    if (!p && JS_HasException(e->ctx)) { /* detached */
        JS_FreeValue(e->ctx, JS_GetException(e->ctx));
        return GIVE_UP;
    }
    int r = put_byte(e, TAG_ARRAY_BUFFER);
    if (r == OK) r = put_bytes(e, p, size);
    return r;
}

/* Element i of one of the prelude's own dense arrays (a new reference in *out); GIVE_UP for a hole. */
static int own_element(Enc *e, JSValueConst arr, uint32_t i, JSValue *out)
{
    JSAtom atom = JS_NewAtomUInt32(e->ctx, i);
    if (atom == JS_ATOM_NULL) return FAILED;
    int r = own_data(e, arr, atom, out);
    JS_FreeAtom(e->ctx, atom);
    return r;
}

/* A string that must be one (a header name, a method...): GIVE_UP otherwise. */
static int put_string_value(Enc *e, JSValueConst s)
{
    return JS_IsString(s) ? put_string(e, s) : GIVE_UP;
}

/* Headers: varuint n, then n x (name, value), from the prelude's [names] and [values] lists. */
static int put_header_lists(Enc *e, JSValueConst names, JSValueConst values)
{
    JSContext *ctx = e->ctx;
    uint32_t n;
    if (!JS_IsArray(ctx, names) || !JS_IsArray(ctx, values)) return GIVE_UP;
    JSValue length = JS_GetPropertyStr(ctx, names, "length");
    int bad = JS_IsException(length) || JS_ToUint32(ctx, &n, length);
    JS_FreeValue(ctx, length);
    if (bad) return FAILED;
    int r = put_varuint(e, n);
    for (uint32_t i = 0; i < n && r == OK; i++) {
        JSValue name, value;
        if ((r = own_element(e, names, i, &name)) != OK) break;
        r = own_element(e, values, i, &value);
        if (r == OK) {
            r = put_string_value(e, name);
            if (r == OK) r = put_string_value(e, value);
            JS_FreeValue(ctx, value);
        }
        JS_FreeValue(ctx, name);
    }
    return r;
}

/* A body: null, or a Uint8Array's bytes as an ArrayBuffer that takes no reference index. */
static int put_body(Enc *e, JSValueConst body)
{
    JSContext *ctx = e->ctx;
    if (JS_IsNull(body)) return put_byte(e, TAG_NULL);
    size_t offset, length, per_element, size;
    JSValue buffer = JS_GetTypedArrayBuffer(ctx, body, &offset, &length, &per_element);
    if (JS_IsException(buffer)) return FAILED;
    uint8_t *p = JS_GetArrayBuffer(ctx, &size, buffer);
    JS_FreeValue(ctx, buffer);
    if (!p && JS_HasException(ctx)) return FAILED;
    if (offset > size || length > size - offset) return GIVE_UP;
    int r = put_byte(e, TAG_ARRAY_BUFFER);
    if (r == OK) r = put_bytes(e, p ? p + offset : NULL, length);
    return r;
}

/* A host stub's reference {kind, id} (taken): tag, kind, then the id as a child. */
static int enc_host_ref(Enc *e, JSValue ref, int depth)
{
    JSContext *ctx = e->ctx;
    JSValue kind = JS_GetPropertyStr(ctx, ref, "kind");
    JSValue id = JS_GetPropertyStr(ctx, ref, "id");
    JS_FreeValue(ctx, ref);
    int r = JS_IsException(kind) || JS_IsException(id) ? FAILED : put_byte(e, TAG_HOST_REF);
    if (r == OK) r = put_string_value(e, kind);
    if (r == OK) r = enc_value(e, id, depth + 1);
    JS_FreeValue(ctx, kind);
    JS_FreeValue(ctx, id);
    return r;
}

/*
 * An object that is not plain data: exotic(v) (the prelude's exoticWireParts) gives a host stub's
 * reference {kind, id}, or the wire parts of a Request ([0x12, method, url, names, values, body])
 * or a Response ([0x13, status, statusText, names, values, body]); undefined for anything else.
 */
#define PARTS 6
static int enc_exotic(Enc *e, JSValueConst v, int depth)
{
    JSContext *ctx = e->ctx;
    JSValue parts = JS_Call(ctx, e->exotic, JS_UNDEFINED, 1, &v);
    if (JS_IsException(parts)) return FAILED;
    if (!JS_IsArray(ctx, parts)) {
        if (JS_IsObject(parts)) return enc_host_ref(e, parts, depth);
        JS_FreeValue(ctx, parts);
        return GIVE_UP; /* a Date, a Map, a class instance...: the JS encoder's */
    }
    JSValue item[PARTS];
    int r = OK;
    for (int i = 0; i < PARTS; i++) item[i] = JS_UNDEFINED;
    for (int i = 0; i < PARTS && r == OK; i++) {
        item[i] = JS_GetPropertyUint32(ctx, parts, (uint32_t)i); /* the prelude's fresh array literal */
        if (JS_IsException(item[i])) r = FAILED;
    }
    JS_FreeValue(ctx, parts);
    int32_t tag = -1;
    if (r == OK && JS_ToInt32(ctx, &tag, item[0])) r = FAILED;
    if (r == OK) r = put_byte(e, (uint8_t)tag);
    if (r == OK) {
        switch (tag) {
        case TAG_REQUEST:
            r = put_string_value(e, item[1]);
            if (r == OK) r = put_string_value(e, item[2]);
            if (r == OK) r = put_header_lists(e, item[3], item[4]);
            if (r == OK) r = put_body(e, item[5]);
            break;
        case TAG_RESPONSE: {
            uint32_t status;
            r = JS_ToUint32(ctx, &status, item[1]) ? FAILED : put_varuint(e, status);
            if (r == OK) r = put_string_value(e, item[2]);
            if (r == OK) r = put_header_lists(e, item[3], item[4]);
            if (r == OK) r = put_body(e, item[5]);
            break;
        }
        default:
            r = GIVE_UP;
        }
    }
    for (int i = 0; i < PARTS; i++) JS_FreeValue(ctx, item[i]);
    return r;
}

static int enc_value(Enc *e, JSValueConst v, int depth)
{
    if (depth > FAST_MAX_DEPTH) return GIVE_UP;
    switch (JS_VALUE_GET_NORM_TAG(v)) {
    case JS_TAG_UNDEFINED:
        return put_byte(e, TAG_UNDEFINED);
    case JS_TAG_NULL:
        return put_byte(e, TAG_NULL);
    case JS_TAG_BOOL:
        return put_byte(e, JS_VALUE_GET_BOOL(v) ? TAG_TRUE : TAG_FALSE);
    case JS_TAG_INT: {
        int32_t i = JS_VALUE_GET_INT(v);
        int r = reserve(e, 5);
        if (r != OK) return r;
        e->buf[e->len++] = TAG_INT32;
        memcpy(e->buf + e->len, &i, 4); /* wasm32 is little-endian, as the format */
        e->len += 4;
        return OK;
    }
    case JS_TAG_FLOAT64: {
        double d = JS_VALUE_GET_FLOAT64(v);
        int r = reserve(e, 9);
        if (r != OK) return r;
        /* The JS encoder's test: (n | 0) === n, and not -0. NaN fails the range test. */
        if (d >= -2147483648.0 && d <= 2147483647.0 && d == (double)(int32_t)d && !(d == 0 && 1 / d < 0)) {
            int32_t i = (int32_t)d;
            e->buf[e->len++] = TAG_INT32;
            memcpy(e->buf + e->len, &i, 4);
            e->len += 4;
        } else {
            e->buf[e->len++] = TAG_FLOAT64;
            memcpy(e->buf + e->len, &d, 8);
            e->len += 8;
        }
        return OK;
    }
    case JS_TAG_STRING:
    case JS_TAG_STRING_ROPE:
        return put_string(e, v);
    case JS_TAG_OBJECT: {
        JSContext *ctx = e->ctx;
        JSClassID cls = JS_GetClassID(v);
        int r;
        if (cls == object_class) {
            void *proto = proto_of(ctx, v);
            if (proto == object_proto || proto == NULL) {
                r = claim_ref(e, v);
                return r == OK ? enc_plain_object(e, v, depth) : r == WRITTEN ? OK : r;
            }
        } else if (cls == array_class && proto_of(ctx, v) == array_proto) {
            r = claim_ref(e, v);
            return r == OK ? enc_array(e, v, depth) : r == WRITTEN ? OK : r;
        } else if (cls == array_buffer_class && proto_of(ctx, v) == array_buffer_proto) {
            r = claim_ref(e, v);
            return r == OK ? enc_array_buffer(e, v) : r == WRITTEN ? OK : r;
        }
        return enc_exotic(e, v, depth);
    }
    default: /* BigInt, Symbol: the JS encoder's business */
        return GIVE_UP;
    }
}

static JSValue n_wire_encode_fast(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    if (init_intrinsics(ctx)) return JS_EXCEPTION;
    if (!JS_IsFunction(ctx, argv[1])) return JS_ThrowTypeError(ctx, "wireEncodeFast: exotic must be a function");
    Enc e = {ctx, argv[1], NULL, 0, 0, NULL, NULL, 0, 0};
    int r = enc_value(&e, argv[0], 0);
    JSValue out = r == OK ? JS_NewArrayBufferCopy(ctx, e.buf, e.len) : r == GIVE_UP ? JS_UNDEFINED : JS_EXCEPTION;
    js_free(ctx, e.buf);
    js_free(ctx, e.seen_keys);
    js_free(ctx, e.seen_index);
    return out;
}

/* ---- decode ---- */

typedef struct {
    JSContext *ctx;
    JSValueConst helpers;
    const uint8_t *p;
    size_t pos, end;
    /* Values given a reference index, in order (borrowed: their containers own them). */
    JSValue *refs;
    uint32_t nrefs, cap;
    int status; /* OK, GIVE_UP or FAILED, once a step stopped */
} Dec;

/* Stops the decode: returns JS_EXCEPTION with the reason in d->status. */
static JSValue stop(Dec *d, int status)
{
    if (d->status == OK) d->status = status;
    return JS_EXCEPTION;
}

static int read_varuint(Dec *d, uint32_t *out)
{
    uint64_t result = 0;
    for (int i = 0; i < 5; i++) {
        if (d->pos >= d->end) return GIVE_UP;
        uint8_t b = d->p[d->pos++];
        result |= (uint64_t)(b & 0x7f) << (7 * i);
        if (b < 0x80) {
            if (result > 0xffffffffu) return GIVE_UP;
            *out = (uint32_t)result;
            return OK;
        }
    }
    return GIVE_UP;
}

/* A length that fits in what is left of the input (each element takes at least a byte). */
static int read_length(Dec *d, uint32_t *out)
{
    int r = read_varuint(d, out);
    if (r == OK && *out > d->end - d->pos) return GIVE_UP;
    return r;
}

static int add_ref(Dec *d, JSValueConst v)
{
    if (d->nrefs >= FAST_MAX_REFS) return GIVE_UP;
    if (d->nrefs == d->cap) {
        uint32_t cap = d->cap ? d->cap * 2 : 32;
        JSValue *refs = js_realloc(d->ctx, d->refs, sizeof(JSValue) * cap);
        if (!refs) return FAILED;
        d->refs = refs;
        d->cap = cap;
    }
    d->refs[d->nrefs++] = v;
    return OK;
}

/* The body of a string value (after its tag). */
static JSValue read_string_body(Dec *d)
{
    uint32_t n;
    int r = read_length(d, &n);
    if (r != OK) return stop(d, r);
    JSValue s = JS_NewStringLen(d->ctx, (const char *)d->p + d->pos, n);
    d->pos += n;
    return JS_IsException(s) ? stop(d, FAILED) : s;
}

/* A value that must be a string (an object key, a Request's method...). */
static JSValue read_string(Dec *d)
{
    if (d->pos >= d->end || d->p[d->pos] != TAG_STRING) return stop(d, GIVE_UP);
    d->pos++;
    return read_string_body(d);
}

static JSValue read_array_buffer_body(Dec *d)
{
    uint32_t n;
    int r = read_length(d, &n);
    if (r != OK) return stop(d, r);
    JSValue b = JS_NewArrayBufferCopy(d->ctx, d->p + d->pos, n);
    d->pos += n;
    return JS_IsException(b) ? stop(d, FAILED) : b;
}

static JSValue dec_value(Dec *d, int depth);

/*
 * A container's header: checks the new container `made` (taken), reads its length into *n and
 * gives it the next reference index, before its children (which may refer to it).
 */
static JSValue open_container(Dec *d, JSValue made, uint32_t *n)
{
    int r = JS_IsException(made) ? FAILED : read_length(d, n);
    if (r == OK) r = add_ref(d, made);
    if (r == OK) return made;
    JS_FreeValue(d->ctx, made);
    return stop(d, r);
}

/* The container once its children are read: itself, or JS_EXCEPTION (and freed) if a step stopped. */
static JSValue close_container(Dec *d, JSValue made)
{
    if (d->status == OK) return made;
    JS_FreeValue(d->ctx, made);
    return JS_EXCEPTION;
}

static JSValue dec_object(Dec *d, int depth)
{
    JSContext *ctx = d->ctx;
    uint32_t n;
    JSValue obj = open_container(d, JS_NewObject(ctx), &n);
    if (JS_IsException(obj)) return obj;
    for (uint32_t i = 0; i < n; i++) {
        JSValue key = read_string(d);
        if (JS_IsException(key)) break;
        JSAtom atom = JS_ValueToAtom(ctx, key); /* "0" is the index 0, as for o[key] */
        JS_FreeValue(ctx, key);
        if (atom == JS_ATOM_NULL) {
            stop(d, FAILED);
            break;
        }
        JSValue child = dec_value(d, depth + 1);
        /* Defined, not assigned: no setter on Object.prototype is reached, "__proto__" is a key. */
        if (JS_IsException(child) || JS_DefinePropertyValue(ctx, obj, atom, child, JS_PROP_C_W_E) < 0) stop(d, FAILED);
        JS_FreeAtom(ctx, atom);
        if (d->status != OK) break;
    }
    return close_container(d, obj);
}

static JSValue dec_array(Dec *d, int depth)
{
    JSContext *ctx = d->ctx;
    uint32_t n;
    JSValue arr = open_container(d, JS_NewArray(ctx), &n);
    if (JS_IsException(arr)) return arr;
    for (uint32_t i = 0; i < n; i++) {
        JSValue child = dec_value(d, depth + 1);
        if (JS_IsException(child) || JS_DefinePropertyValueUint32(ctx, arr, i, child, JS_PROP_C_W_E) < 0) {
            stop(d, FAILED);
            break;
        }
    }
    return close_container(d, arr);
}

/* A Request's or Response's headers: [names, values], two arrays of strings. */
static JSValue read_header_lists(Dec *d)
{
    JSContext *ctx = d->ctx;
    uint32_t n;
    int r = read_length(d, &n);
    if (r != OK) return stop(d, r);
    JSValue names = JS_NewArray(ctx), values = JS_NewArray(ctx), lists = JS_NewArray(ctx);
    if (JS_IsException(names) || JS_IsException(values) || JS_IsException(lists)) stop(d, FAILED);
    for (uint32_t i = 0; i < n && d->status == OK; i++) {
        JSValue name = read_string(d);
        if (JS_IsException(name)) break;
        JSValue value = read_string(d);
        if (JS_IsException(value)) {
            JS_FreeValue(ctx, name);
            break;
        }
        if (JS_DefinePropertyValueUint32(ctx, names, i, name, JS_PROP_C_W_E) < 0 ||
            JS_DefinePropertyValueUint32(ctx, values, i, value, JS_PROP_C_W_E) < 0) stop(d, FAILED);
    }
    if (d->status == OK && (JS_DefinePropertyValueUint32(ctx, lists, 0, JS_DupValue(ctx, names), JS_PROP_C_W_E) < 0 ||
                            JS_DefinePropertyValueUint32(ctx, lists, 1, JS_DupValue(ctx, values), JS_PROP_C_W_E) < 0)) {
        stop(d, FAILED);
    }
    JS_FreeValue(ctx, names);
    JS_FreeValue(ctx, values);
    if (d->status != OK) {
        JS_FreeValue(ctx, lists);
        return JS_EXCEPTION;
    }
    return lists;
}

/* A body: null or an ArrayBuffer (not a reference). */
static JSValue read_body(Dec *d)
{
    if (d->pos >= d->end) return stop(d, GIVE_UP);
    uint8_t tag = d->p[d->pos++];
    if (tag == TAG_NULL) return JS_NULL;
    if (tag != TAG_ARRAY_BUFFER) return stop(d, GIVE_UP);
    return read_array_buffer_body(d);
}

/*
 * What follows a Request's method or a Response's status: the url or status text, the headers
 * and the body, into args[1..3] (JS_EXCEPTION from the first one that could not be read on).
 */
static void read_message_rest(Dec *d, JSValue *args)
{
    args[1] = d->status == OK ? read_string(d) : JS_EXCEPTION;
    args[2] = d->status == OK ? read_header_lists(d) : JS_EXCEPTION;
    args[3] = d->status == OK ? read_body(d) : JS_EXCEPTION;
}

/* Calls helpers[name](args...) and takes the arguments' references. */
static JSValue call_helper(Dec *d, const char *name, int argc, JSValue *argv)
{
    JSValue result = JS_EXCEPTION;
    int ready = 1;
    for (int i = 0; i < argc; i++) ready &= !JS_IsException(argv[i]);
    if (ready) {
        JSValue fn = JS_GetPropertyStr(d->ctx, d->helpers, name);
        result = JS_IsFunction(d->ctx, fn) ? JS_Call(d->ctx, fn, JS_UNDEFINED, argc, (JSValueConst *)argv)
                                           : JS_ThrowTypeError(d->ctx, "wireDecodeFast: no helper %s", name);
        JS_FreeValue(d->ctx, fn);
        if (JS_IsException(result)) stop(d, FAILED); /* the JS decoder would throw it too */
    }
    for (int i = 0; i < argc; i++) JS_FreeValue(d->ctx, argv[i]);
    return result;
}

static JSValue dec_value(Dec *d, int depth)
{
    JSContext *ctx = d->ctx;
    if (depth > FAST_MAX_DEPTH || d->pos >= d->end) return stop(d, GIVE_UP);
    uint8_t tag = d->p[d->pos++];
    switch (tag) {
    case TAG_STRING:
        return read_string_body(d);
    case TAG_OBJECT:
        return dec_object(d, depth);
    case TAG_INT32: {
        int32_t i;
        if (d->end - d->pos < 4) return stop(d, GIVE_UP);
        memcpy(&i, d->p + d->pos, 4);
        d->pos += 4;
        return JS_NewInt32(ctx, i);
    }
    case TAG_ARRAY:
        return dec_array(d, depth);
    case TAG_UNDEFINED:
        return JS_UNDEFINED;
    case TAG_NULL:
        return JS_NULL;
    case TAG_TRUE:
        return JS_TRUE;
    case TAG_FALSE:
        return JS_FALSE;
    case TAG_FLOAT64: {
        double f;
        if (d->end - d->pos < 8) return stop(d, GIVE_UP);
        memcpy(&f, d->p + d->pos, 8);
        d->pos += 8;
        return JS_NewFloat64(ctx, f);
    }
    case TAG_ARRAY_BUFFER: {
        /* Its index is taken before its body, as the JS decoder does (nothing can refer to it meanwhile). */
        uint32_t index = d->nrefs;
        int r = add_ref(d, JS_UNDEFINED);
        if (r != OK) return stop(d, r);
        JSValue b = read_array_buffer_body(d);
        if (!JS_IsException(b)) d->refs[index] = b;
        return b;
    }
    case TAG_REF: {
        uint32_t index;
        int r = read_varuint(d, &index);
        if (r != OK || index >= d->nrefs) return stop(d, GIVE_UP);
        return JS_DupValue(ctx, d->refs[index]);
    }
    case TAG_HOST_REF: {
        JSValue args[2];
        args[0] = read_string(d);
        args[1] = JS_IsException(args[0]) ? JS_EXCEPTION : dec_value(d, depth + 1);
        return call_helper(d, "stub", 2, args);
    }
    case TAG_REQUEST: {
        JSValue args[4];
        args[0] = read_string(d); /* the method */
        read_message_rest(d, args);
        return call_helper(d, "request", 4, args);
    }
    case TAG_RESPONSE: {
        JSValue args[4];
        uint32_t status;
        int r = read_varuint(d, &status);
        if (r != OK) return stop(d, r);
        args[0] = JS_NewUint32(ctx, status);
        read_message_rest(d, args);
        return call_helper(d, "response", 4, args);
    }
    default: /* BigInt, Date, Map, Set, views, Errors, RegExps, and malformed tags: the JS decoder's */
        return stop(d, GIVE_UP);
    }
}

static JSValue n_wire_decode_fast(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    size_t size = 0;
    uint8_t *p = JS_GetArrayBuffer(ctx, &size, argv[0]);
    if (!p && JS_HasException(ctx)) return JS_EXCEPTION;
    if (!JS_IsObject(argv[1])) return JS_ThrowTypeError(ctx, "wireDecodeFast: helpers must be an object");
    Dec d = {ctx, argv[1], p, 0, size, NULL, 0, 0, OK};
    JSValue v = dec_value(&d, 0);
    if (d.status == OK && d.pos != d.end) { /* trailing bytes: the JS decoder reports them */
        JS_FreeValue(ctx, v);
        d.status = GIVE_UP;
    }
    js_free(ctx, d.refs);
    if (d.status == GIVE_UP) return JS_DupValue(ctx, argv[2]);
    return d.status == OK ? v : JS_EXCEPTION;
}

static const JSCFunctionListEntry wire_natives[] = {
    JS_CFUNC_DEF("wireEncodeFast", 2, n_wire_encode_fast),
    JS_CFUNC_DEF("wireDecodeFast", 3, n_wire_decode_fast),
};

int rad_install_wire_natives(JSContext *ctx, JSValueConst target)
{
    JS_SetPropertyFunctionList(ctx, target, wire_natives, sizeof(wire_natives) / sizeof(wire_natives[0]));
    return JS_HasException(ctx) ? -1 : 0;
}
