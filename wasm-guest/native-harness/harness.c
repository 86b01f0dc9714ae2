/*
 * Native stand-in for the host: implements the `radicchio` imports the shim declares in rad.h,
 * boots the prelude exactly as host-bindings does (GuestModule.loadPrelude), and runs one JS
 * driver script with a `harness` global. Everything else (what a test is, how a worker is
 * loaded) lives in JS, under tests/.
 *
 *   build/harness [--js DIR] script.js [args...]
 *
 * The `harness` global (test scripts only: worker code never sees it):
 *   harness.args                  the arguments after the script name
 *   harness.readFile(path)        a UTF-8 file as a string (throws if missing)
 *   harness.readBytes(path)       a file as an ArrayBuffer
 *   harness.load(path)            evaluates a file as a global script (shared helpers)
 *   harness.hooks                 the prelude's hooks object (hooks.internals: the wire codec)
 *   harness.invoke(op, buffer?)   rad_invoke, looping on WAITING (sleeps, then RESUME) like the
 *                                 host; returns {status, output: ArrayBuffer, waits}
 *   harness.onHostCall            if a function: answers the `call` import, (ArrayBuffer) ->
 *                                 ArrayBuffer, or a negative number to refuse
 *   harness.onLog                 if a function: receives (level, string) instead of stdout
 *   harness.exit(code)            flushes stdout and exits
 * The script may set globalThis.__done to a promise: the harness then runs the event loop
 * (jobs, then the prelude's timers) until it settles; a rejection exits with status 1.
 */
#include "rad.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>

/* The shim's exports (rad.c); rad.h declares only what the shim's files share. */
int32_t rad_boot(uint8_t *prelude, uint32_t len);
void rad_start(uint64_t seed, uint32_t memory_limit, uint32_t stack_limit);
int32_t rad_invoke(int32_t op, uint8_t *payload, uint32_t len);
uint8_t *rad_output_ptr(void);
uint32_t rad_output_len(void);

/* The host's pending reply (the `call`/`take` pair). */
static uint8_t *reply_buf;
static int32_t reply_len;
static JSValue harness_obj;
static int harness_ready; /* harness_obj is set (after boot) */

/* ---- the imports ---- */

void rad_host_log(int32_t level, const uint8_t *msg, uint32_t len)
{
    if (harness_ready) {
        JSValue fn = JS_GetPropertyStr(rad_ctx, harness_obj, "onLog");
        if (JS_IsFunction(rad_ctx, fn)) {
            JSValue argv[2] = {JS_NewInt32(rad_ctx, level), JS_NewStringLen(rad_ctx, (const char *)msg, len)};
            JSValue r = JS_Call(rad_ctx, fn, JS_UNDEFINED, 2, argv);
            if (JS_IsException(r)) JS_FreeValue(rad_ctx, JS_GetException(rad_ctx));
            JS_FreeValue(rad_ctx, r);
            JS_FreeValue(rad_ctx, argv[1]);
            JS_FreeValue(rad_ctx, fn);
            return;
        }
        JS_FreeValue(rad_ctx, fn);
    }
    static const char *names[] = {"debug", "info", "warn", "error"};
    const char *name = level >= 0 && level <= 3 ? names[level] : "?";
    printf("[%s] %.*s\n", name, (int)len, (const char *)msg);
    fflush(stdout);
}

double rad_host_now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    return (double)ts.tv_sec * 1000.0 + (double)ts.tv_nsec / 1e6;
}

void rad_host_random(uint8_t *buf, uint32_t len)
{
    while (len > 0) {
        ssize_t n = getrandom(buf, len, 0);
        if (n < 0) {
            if (errno == EINTR) continue;
            perror("getrandom");
            abort();
        }
        buf += n;
        len -= (uint32_t)n;
    }
}

int32_t rad_host_call(const uint8_t *req, uint32_t len)
{
    free(reply_buf);
    reply_buf = NULL;
    reply_len = -1;
    if (!harness_ready) return -1;
    JSValue fn = JS_GetPropertyStr(rad_ctx, harness_obj, "onHostCall");
    if (!JS_IsFunction(rad_ctx, fn)) {
        JS_FreeValue(rad_ctx, fn);
        return -1; /* no fake host installed: refuse, as HostServices.NONE does */
    }
    JSValue arg = JS_NewArrayBufferCopy(rad_ctx, req, len);
    JSValue r = JS_Call(rad_ctx, fn, JS_UNDEFINED, 1, &arg);
    JS_FreeValue(rad_ctx, arg);
    JS_FreeValue(rad_ctx, fn);
    if (JS_IsException(r)) {
        JSValue e = JS_GetException(rad_ctx);
        const char *s = JS_ToCString(rad_ctx, e);
        fprintf(stderr, "harness.onHostCall threw: %s\n", s ? s : "?");
        JS_FreeCString(rad_ctx, s);
        JS_FreeValue(rad_ctx, e);
        return -2;
    }
    size_t size;
    uint8_t *p = JS_GetArrayBuffer(rad_ctx, &size, r);
    if (!p) {
        if (JS_HasException(rad_ctx)) JS_FreeValue(rad_ctx, JS_GetException(rad_ctx));
        int32_t status = -3;
        if (JS_IsNumber(r)) JS_ToInt32(rad_ctx, &status, r);
        JS_FreeValue(rad_ctx, r);
        return status < 0 ? status : -3;
    }
    reply_buf = malloc(size ? size : 1);
    memcpy(reply_buf, p, size);
    reply_len = (int32_t)size;
    JS_FreeValue(rad_ctx, r);
    return reply_len;
}

int32_t rad_host_take(uint8_t *buf, uint32_t len)
{
    if (!reply_buf || (int32_t)len != reply_len) return -1;
    memcpy(buf, reply_buf, len);
    free(reply_buf);
    reply_buf = NULL;
    return (int32_t)len;
}

/* ---- files ---- */

static char *read_file(const char *path, size_t *out_len)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *buf = malloc((size_t)n + 1);
    if (fread(buf, 1, (size_t)n, f) != (size_t)n) {
        fclose(f);
        free(buf);
        return NULL;
    }
    fclose(f);
    buf[n] = 0;
    *out_len = (size_t)n;
    return buf;
}

/* The prelude exactly as host-bindings assembles it: a function over `natives`, the listed files
   in order (blank lines and # comments skipped), each followed by a newline. */
static char *assemble_prelude(const char *js_dir, size_t *out_len)
{
    char path[4096];
    snprintf(path, sizeof path, "%s/prelude.list", js_dir);
    size_t list_len;
    char *list = read_file(path, &list_len);
    if (!list) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    size_t cap = 1 << 20, len = 0;
    char *out = malloc(cap);
    const char *head = "(function (natives) {\"use strict\";\n";
    len = strlen(head);
    memcpy(out, head, len);
    for (char *line = strtok(list, "\n"); line; line = strtok(NULL, "\n")) {
        while (*line == ' ' || *line == '\t' || *line == '\r') line++;
        size_t l = strlen(line);
        while (l && (line[l - 1] == ' ' || line[l - 1] == '\t' || line[l - 1] == '\r')) line[--l] = 0;
        if (l == 0 || line[0] == '#') continue;
        snprintf(path, sizeof path, "%s/%s", js_dir, line);
        size_t n;
        char *src = read_file(path, &n);
        if (!src) {
            fprintf(stderr, "missing prelude file %s\n", path);
            exit(2);
        }
        while (len + n + 64 > cap) out = realloc(out, cap *= 2);
        memcpy(out + len, src, n);
        len += n;
        out[len++] = '\n';
        free(src);
    }
    const char *tail = "return hooks;\n})";
    memcpy(out + len, tail, strlen(tail));
    len += strlen(tail);
    free(list);
    *out_len = len;
    return out;
}

/* ---- the harness global ---- */

static JSValue h_read_file(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    const char *path = JS_ToCString(ctx, argv[0]);
    if (!path) return JS_EXCEPTION;
    size_t n;
    char *src = read_file(path, &n);
    if (!src) {
        JSValue e = JS_ThrowReferenceError(ctx, "cannot read %s", path);
        JS_FreeCString(ctx, path);
        return e;
    }
    JS_FreeCString(ctx, path);
    JSValue s = JS_NewStringLen(ctx, src, n);
    free(src);
    return s;
}

static JSValue h_read_bytes(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    const char *path = JS_ToCString(ctx, argv[0]);
    if (!path) return JS_EXCEPTION;
    size_t n;
    char *data = read_file(path, &n);
    if (!data) {
        JSValue e = JS_ThrowReferenceError(ctx, "cannot read %s", path);
        JS_FreeCString(ctx, path);
        return e;
    }
    JS_FreeCString(ctx, path);
    JSValue buf = JS_NewArrayBufferCopy(ctx, (const uint8_t *)data, n);
    free(data);
    return buf;
}

static JSValue h_load(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    const char *path = JS_ToCString(ctx, argv[0]);
    if (!path) return JS_EXCEPTION;
    size_t n;
    char *src = read_file(path, &n);
    if (!src) {
        JSValue e = JS_ThrowReferenceError(ctx, "cannot read %s", path);
        JS_FreeCString(ctx, path);
        return e;
    }
    JSValue r = JS_Eval(ctx, src, n, path, JS_EVAL_TYPE_GLOBAL);
    free(src);
    JS_FreeCString(ctx, path);
    return r;
}

static JSValue h_invoke(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int32_t op;
    if (JS_ToInt32(ctx, &op, argv[0])) return JS_EXCEPTION;
    uint8_t *payload = NULL;
    size_t len = 0;
    if (argc > 1 && !JS_IsUndefined(argv[1])) {
        uint8_t *p = JS_GetArrayBuffer(ctx, &len, argv[1]);
        if (!p && JS_HasException(ctx)) return JS_EXCEPTION;
        payload = malloc(len ? len : 1); /* rad_invoke takes ownership, as with rad_alloc */
        if (len) memcpy(payload, p, len);
    }
    int32_t status = rad_invoke(op, payload, (uint32_t)len);
    int waits = 0;
    while (status == RAD_WAITING) {
        double ms;
        memcpy(&ms, rad_output_ptr(), sizeof ms);
        struct timespec ts = {(time_t)(ms / 1000), (long)((ms - (double)(time_t)(ms / 1000) * 1000) * 1e6)};
        nanosleep(&ts, NULL);
        waits++;
        status = rad_invoke(RAD_OP_RESUME, NULL, 0);
    }
    JSValue r = JS_NewObject(ctx);
    JS_SetPropertyStr(ctx, r, "status", JS_NewInt32(ctx, status));
    JS_SetPropertyStr(ctx, r, "output", JS_NewArrayBufferCopy(ctx, rad_output_ptr(), rad_output_len()));
    JS_SetPropertyStr(ctx, r, "waits", JS_NewInt32(ctx, waits));
    return r;
}

static JSValue h_exit(JSContext *ctx, JSValueConst this_val, int argc, JSValueConst *argv)
{
    int32_t code = 0;
    JS_ToInt32(ctx, &code, argv[0]);
    fflush(stdout);
    exit(code);
}

static void install_harness(int argc, char **argv)
{
    JSContext *ctx = rad_ctx;
    harness_obj = JS_NewObject(ctx);
    JSValue args = JS_NewArray(ctx);
    for (int i = 0; i < argc; i++) JS_SetPropertyUint32(ctx, args, (uint32_t)i, JS_NewString(ctx, argv[i]));
    JS_SetPropertyStr(ctx, harness_obj, "args", args);
    JS_SetPropertyStr(ctx, harness_obj, "hooks", JS_DupValue(ctx, rad_hooks));
    JS_SetPropertyStr(ctx, harness_obj, "readFile", JS_NewCFunction(ctx, h_read_file, "readFile", 1));
    JS_SetPropertyStr(ctx, harness_obj, "readBytes", JS_NewCFunction(ctx, h_read_bytes, "readBytes", 1));
    JS_SetPropertyStr(ctx, harness_obj, "load", JS_NewCFunction(ctx, h_load, "load", 1));
    JS_SetPropertyStr(ctx, harness_obj, "invoke", JS_NewCFunction(ctx, h_invoke, "invoke", 2));
    JS_SetPropertyStr(ctx, harness_obj, "exit", JS_NewCFunction(ctx, h_exit, "exit", 1));
    JSValue global = JS_GetGlobalObject(ctx);
    JS_SetPropertyStr(ctx, global, "harness", JS_DupValue(ctx, harness_obj));
    JS_FreeValue(ctx, global);
    harness_ready = 1;
}

static void print_exception(JSContext *ctx, JSValue e)
{
    const char *s = JS_ToCString(ctx, e);
    fprintf(stdout, "uncaught: %s\n", s ? s : "?");
    JS_FreeCString(ctx, s);
    if (JS_IsObject(e)) {
        JSValue stack = JS_GetPropertyStr(ctx, e, "stack");
        const char *st = JS_ToCString(ctx, stack);
        if (st) fprintf(stdout, "%s\n", st);
        JS_FreeCString(ctx, st);
        JS_FreeValue(ctx, stack);
    }
}

static double call_number_hook(const char *name)
{
    JSValue fn = JS_GetPropertyStr(rad_ctx, rad_hooks, name);
    JSValue r = JS_Call(rad_ctx, fn, rad_hooks, 0, NULL);
    JS_FreeValue(rad_ctx, fn);
    double d = -1;
    if (JS_IsException(r)) print_exception(rad_ctx, JS_GetException(rad_ctx));
    else JS_ToFloat64(rad_ctx, &d, r);
    JS_FreeValue(rad_ctx, r);
    return d;
}

/* The driver's own event loop, for scripts that await: jobs first, then the prelude's timers. */
static int run_until_settled(JSValue promise)
{
    for (;;) {
        JSContext *job_ctx;
        int r;
        while ((r = JS_ExecutePendingJob(rad_rt, &job_ctx)) != 0) {
            if (r < 0) print_exception(job_ctx, JS_GetException(job_ctx));
        }
        JSPromiseStateEnum state = JS_PromiseState(rad_ctx, promise);
        if (state == JS_PROMISE_FULFILLED) return 0;
        if (state == JS_PROMISE_REJECTED) {
            print_exception(rad_ctx, JS_PromiseResult(rad_ctx, promise));
            return 1;
        }
        double ms = call_number_hook("nextTimer");
        if (ms < 0) {
            fprintf(stdout, "the driver's promise can never settle\n");
            return 1;
        }
        if (ms > 0) {
            struct timespec ts = {(time_t)(ms / 1000), (long)((ms - (double)(time_t)(ms / 1000) * 1000) * 1e6)};
            nanosleep(&ts, NULL);
        }
        call_number_hook("runTimers");
    }
}

int main(int argc, char **argv)
{
    const char *js_dir = NULL;
    int i = 1;
    if (i + 1 < argc && strcmp(argv[i], "--js") == 0) {
        js_dir = argv[i + 1];
        i += 2;
    }
    if (i >= argc) {
        fprintf(stderr, "usage: %s [--js DIR] script.js [args...]\n", argv[0]);
        return 2;
    }
    if (!js_dir) js_dir = "../js";
    size_t prelude_len;
    char *prelude = assemble_prelude(js_dir, &prelude_len);
    if (rad_boot((uint8_t *)prelude, (uint32_t)prelude_len) != RAD_DONE) {
        fprintf(stderr, "rad_boot failed\n");
        return 2;
    }
    uint64_t seed;
    rad_host_random((uint8_t *)&seed, sizeof seed);
    rad_start(seed, 0, 0);
    install_harness(argc - i - 1, argv + i + 1);

    size_t n;
    char *src = read_file(argv[i], &n);
    if (!src) {
        fprintf(stderr, "cannot read %s\n", argv[i]);
        return 2;
    }
    JSValue r = JS_Eval(rad_ctx, src, n, argv[i], JS_EVAL_TYPE_GLOBAL);
    free(src);
    if (JS_IsException(r)) {
        print_exception(rad_ctx, JS_GetException(rad_ctx));
        return 1;
    }
    JS_FreeValue(rad_ctx, r);
    JSValue global = JS_GetGlobalObject(rad_ctx);
    JSValue done = JS_GetPropertyStr(rad_ctx, global, "__done");
    JS_FreeValue(rad_ctx, global);
    int status = 0;
    if (JS_IsObject(done)) status = run_until_settled(done);
    JS_FreeValue(rad_ctx, done);
    fflush(stdout);
    return status;
}
