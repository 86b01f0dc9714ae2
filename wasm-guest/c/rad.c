/*
 * Boot and calls in: the exports the host uses.
 *
 *   rad_alloc(n) / rad_free(p)        guest heap for host-written input
 *   rad_boot(prelude, len)            create runtime + context, run the prelude (once, before the
 *                                     snapshot is taken); takes ownership of the prelude buffer
 *   rad_start(seed, memory, stack)    per-isolate set-up after a snapshot is restored
 *   rad_invoke(op, payload, len)      one step of a call; takes ownership of the payload buffer
 *   rad_collect()                     run QuickJS's garbage collector (before a snapshot)
 *   rad_output_ptr() / rad_output_len()  the bytes produced by the last rad_boot / rad_invoke
 *
 * A call is driven to completion here: run the prelude's hook, then drain the job queue until
 * the call's promise settles. For DISPATCH, the hook answers `true` when the handler has
 * answered: with a value (the prelude keeps it) or with a promise of its own it handed over with
 * natives.awaitAnswer. Either way the job queue is drained (and a handed promise waited for)
 * before the prelude's finishCall turns the outcome into the encoded answer, or into a promise
 * of it when there is more to wait for (js/dispatch.js). When only timers are left, control
 * goes back to the host with RAD_WAITING and the delay; the host sleeps (it owns the clock and
 * the thread) and calls RAD_OP_RESUME. One call is in flight at a time; the host serialises
 * calls to an isolate.
 */
#include "rad.h"
#include <stdlib.h>
#include <string.h>

JSRuntime *rad_rt;
JSContext *rad_ctx;
JSValue rad_hooks;

/* The promise of the call in flight, JS_UNDEFINED when none. */
static JSValue pending_call;
/* Whether pending_call is the handler's own promise (its outcome goes to finishCall) rather
   than a promise of the encoded answer. */
static int pending_is_answer;
/* A promise the prelude handed over with natives.awaitAnswer during the invoke hook. */
static JSValue handed_answer;
/* The bytes of the last output: an ArrayBuffer kept alive until the next call. */
static JSValue output_buffer;
static uint8_t *output_ptr;
static uint32_t output_len;
/* Fallback output for when even encoding an error fails (out of memory): a wire-format Error
   {name: "InternalError", message: "out of memory"}; see README, "Wire format". */
static const uint8_t oom_error[] = {
    0x10,                                                                    /* Error */
    0x07, 13, 'I', 'n', 't', 'e', 'r', 'n', 'a', 'l', 'E', 'r', 'r', 'o', 'r', /* name */
    0x07, 13, 'o', 'u', 't', ' ', 'o', 'f', ' ', 'm', 'e', 'm', 'o', 'r', 'y', /* message */
    0x00, 0x00};                                                             /* no stack, no cause */

RAD_EXPORT(rad_alloc) void *rad_alloc(uint32_t n) { return malloc(n ? n : 1); }
RAD_EXPORT(rad_free) void rad_free(void *p) { free(p); }
RAD_EXPORT(rad_output_ptr) uint8_t *rad_output_ptr(void) { return output_ptr; }
RAD_EXPORT(rad_output_len) uint32_t rad_output_len(void) { return output_len; }

static void free_buffer(JSRuntime *rt, void *opaque, void *ptr)
{
    (void)rt;
    (void)opaque;
    free(ptr);
}

static void clear_output(void)
{
    JS_FreeValue(rad_ctx, output_buffer);
    output_buffer = JS_UNDEFINED;
    output_ptr = NULL;
    output_len = 0;
}

/* Makes `buf` (an ArrayBuffer, consumed) the output. Anything else is an ABI bug of the prelude. */
static int set_output(JSValue buf, int status)
{
    size_t size;
    uint8_t *p = JS_GetArrayBuffer(rad_ctx, &size, buf);
    if (!p && JS_HasException(rad_ctx)) {
        JS_FreeValue(rad_ctx, buf);
        JS_FreeValue(rad_ctx, JS_GetException(rad_ctx));
        output_ptr = (uint8_t *)oom_error;
        output_len = sizeof(oom_error);
        return RAD_ERROR;
    }
    output_buffer = buf;
    output_ptr = p;
    output_len = (uint32_t)size;
    return status;
}

/* Encodes the pending exception (or `reason`, consumed, when given) as the output. */
static int set_error(JSValue reason)
{
    if (JS_IsUninitialized(reason)) reason = JS_GetException(rad_ctx);
    JSValue fn = JS_GetPropertyStr(rad_ctx, rad_hooks, "encodeError");
    JSValue buf = JS_Call(rad_ctx, fn, rad_hooks, 1, (JSValueConst *)&reason);
    JS_FreeValue(rad_ctx, fn);
    JS_FreeValue(rad_ctx, reason);
    if (JS_IsException(buf)) {
        JS_FreeValue(rad_ctx, JS_GetException(rad_ctx));
        output_ptr = (uint8_t *)oom_error;
        output_len = sizeof(oom_error);
        return RAD_ERROR;
    }
    return set_output(buf, RAD_ERROR);
}

static JSValue call_hook(const char *name, int argc, JSValueConst *argv)
{
    JSValue fn = JS_GetPropertyStr(rad_ctx, rad_hooks, name);
    JSValue r = JS_Call(rad_ctx, fn, rad_hooks, argc, argv);
    JS_FreeValue(rad_ctx, fn);
    return r;
}

int rad_await_answer(JSValueConst promise)
{
    if (JS_PromiseState(rad_ctx, promise) == (JSPromiseStateEnum)-1) return 0;
    JS_FreeValue(rad_ctx, handed_answer);
    handed_answer = JS_DupValue(rad_ctx, promise);
    return 1;
}

static int run_event_loop(void);

/* The handler's outcome to finishCall: 0 answered at once (the prelude kept the value), 1 its
   promise fulfilled with `value`, 2 rejected with it. `value` is consumed. */
static int finish_call(int outcome, JSValue value)
{
    JSValue argv[2] = {JS_NewInt32(rad_ctx, outcome), value};
    JSValue r = call_hook("finishCall", 2, argv);
    JS_FreeValue(rad_ctx, value);
    if (JS_IsException(r)) return set_error(JS_UNINITIALIZED);
    if (JS_PromiseState(rad_ctx, r) == (JSPromiseStateEnum)-1) return set_output(r, RAD_DONE); /* the bytes */
    pending_call = r;
    pending_is_answer = 0;
    return run_event_loop();
}

/* Runs every queued job. A job that throws is an unhandled rejection path inside QuickJS's own
   promise machinery; the prelude reports those, so the exception is only cleared here. */
static void drain_jobs(void)
{
    JSContext *job_ctx;
    for (;;) {
        int r = JS_ExecutePendingJob(rad_rt, &job_ctx);
        if (r == 0) return;
        if (r < 0) {
            JSValue e = JS_GetException(job_ctx);
            JSValue argv[1] = {e};
            JS_FreeValue(rad_ctx, call_hook("reportJobError", 1, argv));
            JS_FreeValue(rad_ctx, e);
        }
    }
}

/* Drives pending_call until it settles or only timers remain. */
static int run_event_loop(void)
{
    for (;;) {
        drain_jobs();
        JSPromiseStateEnum state = JS_PromiseState(rad_ctx, pending_call);
        if (state == JS_PROMISE_FULFILLED || state == JS_PROMISE_REJECTED) {
            JSValue result = JS_PromiseResult(rad_ctx, pending_call);
            JS_FreeValue(rad_ctx, pending_call);
            pending_call = JS_UNDEFINED;
            if (pending_is_answer) {
                pending_is_answer = 0;
                return finish_call(state == JS_PROMISE_FULFILLED ? 1 : 2, result);
            }
            if (state == JS_PROMISE_REJECTED) return set_error(result);
            return set_output(result, RAD_DONE);
        }
        JSValue delay = call_hook("nextTimer", 0, NULL);
        if (JS_IsException(delay)) return set_error(JS_UNINITIALIZED);
        double ms;
        JS_ToFloat64(rad_ctx, &ms, delay);
        JS_FreeValue(rad_ctx, delay);
        if (ms < 0) {
            /* Nothing can ever settle the promise: no jobs, no timers, no host work. */
            JS_FreeValue(rad_ctx, pending_call);
            pending_call = JS_UNDEFINED;
            pending_is_answer = 0;
            JS_ThrowInternalError(rad_ctx, "The script will never generate a response.");
            return set_error(JS_UNINITIALIZED);
        }
        if (ms > 0) {
            JSValue buf = JS_NewArrayBufferCopy(rad_ctx, (const uint8_t *)&ms, sizeof ms);
            if (JS_IsException(buf)) return set_error(JS_UNINITIALIZED);
            return set_output(buf, RAD_WAITING);
        }
        JSValue fired = call_hook("runTimers", 0, NULL);
        if (JS_IsException(fired)) return set_error(JS_UNINITIALIZED);
        JS_FreeValue(rad_ctx, fired);
    }
}

RAD_EXPORT(rad_boot) int32_t rad_boot(uint8_t *prelude, uint32_t len)
{
    rad_rt = JS_NewRuntime();
    rad_ctx = JS_NewContext(rad_rt);
    pending_call = JS_UNDEFINED;
    handed_answer = JS_UNDEFINED;
    output_buffer = JS_UNDEFINED;
    rad_hooks = JS_UNDEFINED;
    rad_install_module_loader(rad_rt);

    /* The prelude is a script evaluating to a function(natives) that returns the hooks object. */
    JSValue factory = JS_Eval(rad_ctx, (const char *)prelude, len, "radicchio:prelude", JS_EVAL_TYPE_GLOBAL);
    free(prelude);
    if (JS_IsException(factory)) {
        JSValue e = JS_GetException(rad_ctx);
        const char *msg = JS_ToCString(rad_ctx, e);
        JSValue stack = JS_GetPropertyStr(rad_ctx, e, "stack");
        const char *st = JS_ToCString(rad_ctx, stack);
        rad_host_log(3, (const uint8_t *)(msg ? msg : "?"), msg ? (uint32_t)strlen(msg) : 1);
        if (st) rad_host_log(3, (const uint8_t *)st, (uint32_t)strlen(st));
        return RAD_ERROR;
    }
    JSValue natives = JS_NewObject(rad_ctx);
    rad_install_natives(rad_ctx, natives);
    JSValue hooks = JS_Call(rad_ctx, factory, JS_UNDEFINED, 1, (JSValueConst *)&natives);
    JS_FreeValue(rad_ctx, factory);
    JS_FreeValue(rad_ctx, natives);
    if (JS_IsException(hooks) || !JS_IsObject(hooks)) {
        JSValue e = JS_GetException(rad_ctx);
        const char *msg = JS_ToCString(rad_ctx, e);
        rad_host_log(3, (const uint8_t *)(msg ? msg : "prelude did not return hooks"),
                     msg ? (uint32_t)strlen(msg) : 28);
        return RAD_ERROR;
    }
    rad_hooks = hooks;
    drain_jobs();
    /* Leave the heap compact for the snapshot. */
    JS_RunGC(rad_rt);
    return RAD_DONE;
}

RAD_EXPORT(rad_start) void rad_start(uint64_t seed, uint32_t memory_limit, uint32_t stack_limit)
{
    rad_seed_random(seed);
    if (memory_limit) JS_SetMemoryLimit(rad_rt, memory_limit);
    if (stack_limit) JS_SetMaxStackSize(rad_rt, stack_limit);
}

/* Collects garbage now. The host calls it before taking a snapshot: a heap freshly collected
   gives every isolate started from the snapshot the full allocation headroom before QuickJS's next
   collection, and a collection writes to every object header, dirtying every copy-on-write page. */
RAD_EXPORT(rad_collect) void rad_collect(void)
{
    JS_RunGC(rad_rt);
}

RAD_EXPORT(rad_invoke) int32_t rad_invoke(int32_t op, uint8_t *payload, uint32_t len)
{
    clear_output();
    JSValue arg;
    if (payload) {
        arg = JS_NewArrayBuffer(rad_ctx, payload, len, free_buffer, NULL, 0);
        if (JS_IsException(arg)) {
            free(payload);
            return set_error(JS_UNINITIALIZED);
        }
    } else {
        arg = JS_UNDEFINED;
    }
    if (op == RAD_OP_RESUME) {
        JS_FreeValue(rad_ctx, arg);
        if (JS_IsUndefined(pending_call)) {
            JS_ThrowInternalError(rad_ctx, "no call is waiting to be resumed");
            return set_error(JS_UNINITIALIZED);
        }
        JSValue fired = call_hook("runTimers", 0, NULL);
        if (JS_IsException(fired)) return set_error(JS_UNINITIALIZED);
        JS_FreeValue(rad_ctx, fired);
        return run_event_loop();
    }
    if (!JS_IsUndefined(pending_call)) {
        JS_FreeValue(rad_ctx, arg);
        JS_ThrowInternalError(rad_ctx, "a call is already in flight in this isolate");
        return set_error(JS_UNINITIALIZED);
    }
    JSValue argv[2] = {JS_NewInt32(rad_ctx, op), arg};
    JSValue r = call_hook("invoke", 2, argv);
    JS_FreeValue(rad_ctx, arg);
    JSValue handed = handed_answer;
    handed_answer = JS_UNDEFINED;
    if (JS_IsException(r)) {
        JS_FreeValue(rad_ctx, handed);
        return set_error(JS_UNINITIALIZED);
    }
    if (JS_IsBool(r)) { /* the handler answered (see the top of this file) */
        if (!JS_IsUndefined(handed)) {
            pending_call = handed;
            pending_is_answer = 1;
            return run_event_loop();
        }
        drain_jobs();
        return finish_call(0, JS_UNDEFINED);
    }
    JS_FreeValue(rad_ctx, handed);
    pending_call = r;
    pending_is_answer = 0;
    return run_event_loop();
}
