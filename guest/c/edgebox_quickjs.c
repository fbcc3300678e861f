/*
 * QuickJS-NG, compiled for the guest, plus the few helpers that need its internals.
 *
 * Including quickjs.c (from the pinned rquickjs-sys package, located by build.rs) into this
 * translation unit gives the helpers access to QuickJS's private structures without patching
 * its source. Every helper is prefixed `edgebox_` and says why it exists.
 */
#include "quickjs.h"

/*
 * Inlined into the interpreter loop, as GCC does for the native qjs. clang left it a separate
 * function in the guest; every global read (`fib` in `fib(n - 1)`) then paid a call, and the
 * interpreter loop the registers it saves around one: fib(35) without the freezer went from
 * 1283 to 1158 ms (best of 9 interleaved runs, 2026-12-06; 3-10 % across noisier runs). A
 * declaration before the definition may add the attribute, so quickjs.c stays untouched.
 */
static JSValue JS_GetGlobalVar(JSContext *ctx, JSAtom prop, bool throw_ref_error)
    __attribute__((always_inline));

#include "quickjs.c"

#include <unistd.h> /* getentropy */

/*
 * QuickJS-NG turns its recursion check off under __wasi__ (update_stack_limit). The guest
 * knows its own shadow stack size (guest/build.rs), so it sets the limit itself: `size` bytes
 * below the caller's frame. Deep recursion then throws "RangeError: Maximum call stack size
 * exceeded" instead of running off the bottom of the stack.
 */
void edgebox_set_stack_limit(JSRuntime *rt, size_t size)
{
    rt->stack_top = js_get_stack_pointer();
    rt->stack_size = size;
    rt->stack_limit = rt->stack_top - size;
}

/*
 * JS_NewContext seeds Math.random from the clock and takes performance.timeOrigin from the
 * monotonic clock. When the guest is snapshotted at build time (src/init.rs), both would be
 * frozen into the artifact, and every run would see the same "random" numbers. The guest calls
 * this at the start of every run, before any app code, to take them from this run instead:
 * the seed from WASI random_get (through getentropy), the origin from the clock now.
 *
 * ctx->hash_seed (also drawn at creation) is left alone: Maps built while loading are hashed
 * with it. Returns 0, or -1 if the host provides no randomness.
 */
int edgebox_begin_run(JSContext *ctx)
{
    uint64_t seed;
    JSValue perf;

    if (getentropy(&seed, sizeof(seed)) != 0)
        return -1;
    /* xorshift64* needs a non-zero state (as in JS_NewContext). */
    ctx->random_state = seed ? seed : 1;

    ctx->time_origin = js__now_ms();
    /* performance.timeOrigin is a read-only, non-configurable copy: update its slot directly. */
    perf = JS_GetPropertyStr(ctx, ctx->global_obj, "performance");
    if (JS_VALUE_GET_TAG(perf) == JS_TAG_OBJECT) {
        JSObject *p = JS_VALUE_GET_OBJ(perf);
        JSAtom atom = JS_NewAtom(ctx, "timeOrigin");
        JSProperty *pr;
        JSShapeProperty *prs = find_own_property(&pr, p, atom);
        if (prs && (prs->flags & JS_PROP_TMASK) == JS_PROP_NORMAL) {
            JS_FreeValue(ctx, pr->u.value);
            pr->u.value = js_float64(ctx->time_origin);
        }
        JS_FreeAtom(ctx, atom);
    }
    JS_FreeValue(ctx, perf);
    return 0;
}

/* Run-time support for functions the freezer compiled to Wasm. */
#include "edgebox_frozen.c"
