/*
 * QuickJS-NG, compiled for the guest, plus the few helpers that need its internals.
 *
 * Including quickjs.c (from the pinned rquickjs-sys package, located by build.rs) into this
 * translation unit gives the helpers access to QuickJS's private structures without patching
 * its source. Every helper is prefixed `edgebox_` and says why it exists.
 */
#include "quickjs.c"

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
