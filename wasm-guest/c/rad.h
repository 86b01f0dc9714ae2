/*
 * Radicchio guest: the C shim around QuickJS.
 *
 * The shim is deliberately thin. It owns the QuickJS runtime and context, drives the job queue
 * (the event loop), turns host bytes into ArrayBuffers and back, and exposes a handful of native
 * functions to the JS prelude. Everything that has a JS shape (decoding messages, web APIs,
 * dispatching requests) lives in the prelude, which the host hands to rad_boot().
 *
 * The ABI (every export and import, the status codes, the wire format) is documented in
 * wasm-guest/README.md; keep the two in step.
 */
#ifndef RADICCHIO_RAD_H
#define RADICCHIO_RAD_H

#include <stdint.h>
#include <stddef.h>
#include "quickjs.h"

#define RAD_EXPORT(name) __attribute__((export_name(#name)))
#define RAD_IMPORT(name) __attribute__((import_module("radicchio"), import_name(#name)))

/* Status codes returned by rad_boot / rad_invoke. */
enum {
    RAD_DONE = 0,    /* output holds the encoded result */
    RAD_ERROR = 1,   /* output holds an encoded Error */
    RAD_WAITING = 2, /* output holds a float64 (ms until the next timer); call RAD_OP_RESUME */
};

/* Operations for rad_invoke. The prelude's hooks.invoke interprets them. */
enum {
    RAD_OP_LOAD = 1,     /* payload: encoded WorkerCode; result: description of the main module */
    RAD_OP_DISPATCH = 2, /* payload: encoded call; result: encoded return value */
    RAD_OP_RESUME = 3,   /* no payload: fire due timers and continue the pending call */
};

/* Host imports (module "radicchio"). */
RAD_IMPORT(log) void rad_host_log(int32_t level, const uint8_t *msg, uint32_t len);
RAD_IMPORT(now) double rad_host_now(void);
RAD_IMPORT(random) void rad_host_random(uint8_t *buf, uint32_t len);
RAD_IMPORT(call) int32_t rad_host_call(const uint8_t *req, uint32_t len);
RAD_IMPORT(take) int32_t rad_host_take(uint8_t *buf, uint32_t len);

/* State shared by the shim's files. Lives in linear memory, so it is part of every snapshot. */
extern JSRuntime *rad_rt;
extern JSContext *rad_ctx;
extern JSValue rad_hooks; /* the object the prelude returns: invoke, nextTimer, runTimers, ... */

/* natives.c */
int rad_install_natives(JSContext *ctx, JSValueConst target);
void rad_seed_random(uint64_t seed);
/* Takes `promise` as the answer of the call in flight (natives.awaitAnswer); 0 if it is not a Promise. */
int rad_await_answer(JSValueConst promise);

/* wire.c */
int rad_install_wire_natives(JSContext *ctx, JSValueConst target);

/* url.c */
int rad_install_url_natives(JSContext *ctx, JSValueConst target);

/* headers.c */
int rad_install_header_natives(JSContext *ctx, JSValueConst target);

/* modules.c */
void rad_install_module_loader(JSRuntime *rt);

/* utf8.c */
void rad_wtf8_to_utf8(uint8_t *p, size_t len);
long rad_utf8_sanitize(const uint8_t *in, size_t len, uint8_t *out, int fatal);

#endif
