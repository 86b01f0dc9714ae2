/*
 * ES module loading. Names are resolved by QuickJS's default normalizer (relative to the
 * importing module, bare names kept as they are); the prelude decides what a name holds:
 *
 *   hooks.moduleSource(name) -> string           an ES module's source, compiled here
 *                            -> {exports: obj}   a synthetic module (text, data, json and the
 *                                                built-in "cloudflare:workers"): each own key of
 *                                                obj becomes a named export
 *   throwing                                     the import fails with that error
 */
#include "rad.h"
#include <string.h>

static int synthetic_init(JSContext *ctx, JSModuleDef *m)
{
    /* The exports object was parked on hooks.pendingExports[name] by the loader below. */
    JSAtom name_atom = JS_GetModuleName(ctx, m);
    JSValue name = JS_AtomToString(ctx, name_atom);
    JS_FreeAtom(ctx, name_atom);
    JSValue pending = JS_GetPropertyStr(ctx, rad_hooks, "pendingExports");
    JSAtom key = JS_ValueToAtom(ctx, name);
    JSValue exports = JS_GetProperty(ctx, pending, key);
    JS_DeleteProperty(ctx, pending, key, 0);
    JS_FreeAtom(ctx, key);
    JS_FreeValue(ctx, name);
    JS_FreeValue(ctx, pending);
    if (!JS_IsObject(exports)) {
        JS_FreeValue(ctx, exports);
        JS_ThrowInternalError(ctx, "synthetic module lost its exports");
        return -1;
    }
    JSPropertyEnum *props;
    uint32_t count;
    if (JS_GetOwnPropertyNames(ctx, &props, &count, exports, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY)) {
        JS_FreeValue(ctx, exports);
        return -1;
    }
    int rc = 0;
    for (uint32_t i = 0; i < count && rc == 0; i++) {
        const char *export_name = JS_AtomToCString(ctx, props[i].atom);
        JSValue v = JS_GetProperty(ctx, exports, props[i].atom);
        if (!export_name || JS_IsException(v)) rc = -1;
        else rc = JS_SetModuleExport(ctx, m, export_name, v); /* takes v */
        if (export_name) JS_FreeCString(ctx, export_name);
    }
    for (uint32_t i = 0; i < count; i++) JS_FreeAtom(ctx, props[i].atom);
    js_free(ctx, props);
    JS_FreeValue(ctx, exports);
    return rc;
}

static JSModuleDef *define_synthetic(JSContext *ctx, const char *name, JSValueConst exports)
{
    JSModuleDef *m = JS_NewCModule(ctx, name, synthetic_init);
    if (!m) return NULL;
    JSPropertyEnum *props;
    uint32_t count;
    if (JS_GetOwnPropertyNames(ctx, &props, &count, exports, JS_GPN_STRING_MASK | JS_GPN_ENUM_ONLY))
        return NULL;
    int rc = 0;
    for (uint32_t i = 0; i < count && rc == 0; i++) {
        const char *export_name = JS_AtomToCString(ctx, props[i].atom);
        rc = export_name ? JS_AddModuleExport(ctx, m, export_name) : -1;
        if (export_name) JS_FreeCString(ctx, export_name);
    }
    for (uint32_t i = 0; i < count; i++) JS_FreeAtom(ctx, props[i].atom);
    js_free(ctx, props);
    if (rc) return NULL;
    JSValue pending = JS_GetPropertyStr(ctx, rad_hooks, "pendingExports");
    rc = JS_SetPropertyStr(ctx, pending, name, JS_DupValue(ctx, exports));
    JS_FreeValue(ctx, pending);
    return rc < 0 ? NULL : m;
}

static JSModuleDef *load_module(JSContext *ctx, const char *name, void *opaque)
{
    (void)opaque;
    JSValue fn = JS_GetPropertyStr(ctx, rad_hooks, "moduleSource");
    JSValue arg = JS_NewString(ctx, name);
    JSValue found = JS_Call(ctx, fn, rad_hooks, 1, (JSValueConst *)&arg);
    JS_FreeValue(ctx, fn);
    JS_FreeValue(ctx, arg);
    if (JS_IsException(found)) return NULL;

    JSModuleDef *m = NULL;
    if (JS_IsString(found)) {
        size_t len;
        const char *src = JS_ToCStringLen(ctx, &len, found);
        if (src) {
            JSValue compiled = JS_Eval(ctx, src, len, name, JS_EVAL_TYPE_MODULE | JS_EVAL_FLAG_COMPILE_ONLY);
            JS_FreeCString(ctx, src);
            if (!JS_IsException(compiled)) {
                m = JS_VALUE_GET_PTR(compiled);
                JS_FreeValue(ctx, compiled);
            }
        }
    } else if (JS_IsObject(found)) {
        JSValue exports = JS_GetPropertyStr(ctx, found, "exports");
        if (JS_IsObject(exports)) m = define_synthetic(ctx, name, exports);
        else if (!JS_IsException(exports)) JS_ThrowTypeError(ctx, "module '%s' has no exports", name);
        JS_FreeValue(ctx, exports);
    } else {
        JS_ThrowReferenceError(ctx, "could not load module '%s'", name);
    }
    JS_FreeValue(ctx, found);
    return m;
}

void rad_install_module_loader(JSRuntime *rt)
{
    JS_SetModuleLoaderFunc(rt, NULL, load_module, NULL);
}
