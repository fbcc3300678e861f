/*
 * Run-time support for frozen functions: QuickJS bytecode functions that edgeboxc compiled to
 * Wasm (compiler/src/freeze). Included by edgebox_quickjs.c after quickjs.c, so it can use
 * QuickJS's internals without patching them.
 *
 * How a frozen function gets called. The compiler's link stage moves the original body of
 * QuickJS's JS_CallInternal (the interpreter) into edgebox_interp_call and gives
 * JS_CallInternal the body of edgebox_call_dispatch. Every call of a bytecode function —
 * from the interpreter, from C (JS_Call), from frozen code — therefore passes the dispatcher,
 * which looks the function's JSFunctionBytecode up in the frozen table and either runs the
 * frozen code or falls through to the interpreter. Without frozen functions the compiler swaps
 * nothing and these functions are dead code.
 *
 * Functions are identified by position, never by name: their preorder index in the app's
 * bytecode tree (a function, then the functions in its constant pool, in order), which is the
 * order both edgebox_frozen_register and the compiler (`BytecodeObject::functions`) walk.
 *
 * The helpers (edgebox_fz_*) are what frozen code calls off its fast paths. Each one does what
 * the interpreter's case for that opcode does, with the same QuickJS functions, so frozen code
 * and the interpreter cannot disagree. Ownership follows the interpreter's stack: a helper
 * consumes the values it is documented to consume, whether it succeeds or throws, and returns
 * JS_EXCEPTION (or -1) after throwing.
 */

#ifndef EDGEBOX_FZ_FRAME_CUR_PC
#error "guest/build.rs passes the frame layout from edgebox-abi"
#endif

/* The compiler writes sf->cur_pc directly from Wasm and reserves this much for the frame. */
_Static_assert(offsetof(JSStackFrame, cur_pc) == EDGEBOX_FZ_FRAME_CUR_PC, "JSStackFrame.cur_pc moved: update edgebox_abi::frozen");
_Static_assert(sizeof(JSStackFrame) <= EDGEBOX_FZ_FRAME_SIZE, "JSStackFrame grew: update edgebox_abi::frozen");
_Static_assert(sizeof(JSValue) == 8, "frozen code assumes NaN-boxed 64-bit JSValues");
/* Frozen code increments reference counts inline: an int this far below the object. */
_Static_assert(offsetof(JSMallocBlockHeader, user_data) - offsetof(JSMallocBlockHeader, ref_count) == EDGEBOX_FZ_REFCOUNT_BELOW,
               "the reference count moved: update edgebox_abi::frozen::REFCOUNT_BELOW");
_Static_assert(sizeof(((JSMallocBlockHeader *)0)->ref_count) == 4, "frozen code assumes a 32-bit reference count");

/* What frozen code reads inline (edgebox_abi::frozen::LAYOUT): global variables, own properties and
 * array elements. */
#define EB_LAYOUT(expr, macro) _Static_assert((expr) == macro, #macro " is stale: update edgebox_abi::frozen::LAYOUT")
EB_LAYOUT(offsetof(JSContext, global_obj), EDGEBOX_FZ_CTX_GLOBAL_OBJ);
EB_LAYOUT(offsetof(JSContext, global_var_obj), EDGEBOX_FZ_CTX_GLOBAL_VAR_OBJ);
EB_LAYOUT(offsetof(JSObject, class_id), EDGEBOX_FZ_OBJ_CLASS_ID);
EB_LAYOUT(offsetof(JSObject, shape), EDGEBOX_FZ_OBJ_SHAPE);
EB_LAYOUT(offsetof(JSObject, prop), EDGEBOX_FZ_OBJ_PROP);
EB_LAYOUT(offsetof(JSObject, u.array.u.values), EDGEBOX_FZ_OBJ_ARRAY_VALUES);
EB_LAYOUT(offsetof(JSObject, u.array.u.ptr), EDGEBOX_FZ_OBJ_ARRAY_VALUES);
EB_LAYOUT(offsetof(JSObject, u.array.count), EDGEBOX_FZ_OBJ_ARRAY_COUNT);
EB_LAYOUT(offsetof(JSShape, prop_hash_mask), EDGEBOX_FZ_SHAPE_PROP_HASH_MASK);
EB_LAYOUT(offsetof(JSShape, prop_count), EDGEBOX_FZ_SHAPE_PROP_COUNT);
EB_LAYOUT(offsetof(JSShape, hash_table), EDGEBOX_FZ_SHAPE_HASH_TABLE);
EB_LAYOUT(sizeof(JSShapeProperty), 8);
EB_LAYOUT(offsetof(JSShapeProperty, atom), 4);
EB_LAYOUT(sizeof(JSProperty), 8);
EB_LAYOUT(JS_CLASS_ARRAY, EDGEBOX_FZ_CLASS_ARRAY);
EB_LAYOUT(JS_CLASS_ARGUMENTS, EDGEBOX_FZ_CLASS_ARGUMENTS);
EB_LAYOUT(JS_CLASS_UINT8C_ARRAY, EDGEBOX_FZ_CLASS_UINT8C_ARRAY);
EB_LAYOUT(JS_CLASS_INT8_ARRAY, EDGEBOX_FZ_CLASS_INT8_ARRAY);
EB_LAYOUT(JS_CLASS_UINT8_ARRAY, EDGEBOX_FZ_CLASS_UINT8_ARRAY);
EB_LAYOUT(JS_CLASS_INT16_ARRAY, EDGEBOX_FZ_CLASS_INT16_ARRAY);
EB_LAYOUT(JS_CLASS_UINT16_ARRAY, EDGEBOX_FZ_CLASS_UINT16_ARRAY);
EB_LAYOUT(JS_CLASS_INT32_ARRAY, EDGEBOX_FZ_CLASS_INT32_ARRAY);
EB_LAYOUT(JS_CLASS_UINT32_ARRAY, EDGEBOX_FZ_CLASS_UINT32_ARRAY);
EB_LAYOUT(JS_PROP_WRITABLE, EDGEBOX_FZ_PROP_WRITABLE);
EB_LAYOUT(JS_PROP_LENGTH, EDGEBOX_FZ_PROP_LENGTH);
EB_LAYOUT(JS_PROP_TMASK, EDGEBOX_FZ_PROP_TMASK);
EB_LAYOUT(JS_ATOM_length, EDGEBOX_FZ_ATOM_LENGTH);

#define EXPORT(name) __attribute__((used, noinline, export_name(#name)))

/* ---- placeholders whose bodies the link stage replaces ---------------------------------- */

/* The placeholders' bodies must neither let the C compiler predict what they return nor let it
 * treat a parameter as unused: the code that replaces them returns other things and reads every
 * parameter. (A constant result would be propagated into callers and an unused parameter
 * passed as garbage, noinline or not.) Volatile accesses keep them opaque. */
static volatile int32_t placeholder_opaque = -1;
static volatile uint64_t placeholder_sink;

/* Preorder function index -> frozen slot, or -1. Replaced by a generated table. */
EXPORT(edgebox_frozen_slot) int32_t edgebox_frozen_slot(int32_t function_index)
{
    placeholder_sink = function_index;
    return placeholder_opaque;
}

/* Runs frozen slot `slot`. Replaced by a generated br_table over the frozen entries. */
EXPORT(edgebox_frozen_call)
JSValue edgebox_frozen_call(int32_t slot, JSContext *ctx, JSValueConst func_obj, JSValueConst this_obj,
                            JSValueConst new_target, int argc, JSValueConst *argv, int flags)
{
    placeholder_sink = (uint64_t)slot ^ (uintptr_t)ctx ^ func_obj ^ this_obj ^ new_target ^ (uint64_t)argc ^
                       (uintptr_t)argv ^ (uint64_t)flags;
    if (placeholder_opaque == 0)
        return JS_UNDEFINED;
    return JS_ThrowInternalError(ctx, "frozen function called in a module without frozen code");
}

/* Receives the interpreter (JS_CallInternal's original body) when the link stage installs the
 * dispatcher. Until then it forwards, so the unlinked guest behaves the same. */
EXPORT(edgebox_interp_call)
JSValue edgebox_interp_call(JSContext *caller_ctx, JSValueConst func_obj, JSValueConst this_obj,
                            JSValueConst new_target, int argc, JSValueConst *argv, int flags)
{
    return JS_CallInternal(caller_ctx, func_obj, this_obj, new_target, argc, argv, flags);
}

/* ---- the frozen table ------------------------------------------------------------------ */

/* Open addressing on the JSFunctionBytecode pointer; filled once while loading (and so part of
 * the start-up snapshot), read on every call. */
typedef struct {
    JSFunctionBytecode *key;
    int32_t slot;
} FrozenEntry;

static FrozenEntry *frozen_table;
static uint32_t frozen_mask; /* capacity - 1; capacity is a power of two, 0 when empty */
static uint32_t frozen_count;

static inline uint32_t frozen_hash(JSFunctionBytecode *b)
{
    return ((uint32_t)(uintptr_t)b >> 3) * 2654435761u;
}

static int frozen_insert(JSContext *ctx, JSFunctionBytecode *b, int32_t slot)
{
    if ((frozen_count + 1) * 2 > frozen_mask + 1 || !frozen_table) {
        uint32_t cap = frozen_table ? (frozen_mask + 1) * 2 : 64;
        FrozenEntry *bigger = js_mallocz(ctx, sizeof(FrozenEntry) * cap);
        if (!bigger)
            return -1;
        for (uint32_t i = 0; frozen_table && i <= frozen_mask; i++) {
            if (frozen_table[i].key) {
                uint32_t h = frozen_hash(frozen_table[i].key) & (cap - 1);
                while (bigger[h].key)
                    h = (h + 1) & (cap - 1);
                bigger[h] = frozen_table[i];
            }
        }
        js_free(ctx, frozen_table);
        frozen_table = bigger;
        frozen_mask = cap - 1;
    }
    uint32_t h = frozen_hash(b) & frozen_mask;
    while (frozen_table[h].key && frozen_table[h].key != b)
        h = (h + 1) & frozen_mask;
    if (!frozen_table[h].key)
        frozen_count++;
    frozen_table[h].key = b;
    frozen_table[h].slot = slot;
    return 0;
}

static inline int32_t frozen_lookup(JSFunctionBytecode *b)
{
    if (!frozen_count)
        return -1;
    uint32_t h = frozen_hash(b) & frozen_mask;
    for (;;) {
        JSFunctionBytecode *key = frozen_table[h].key;
        if (key == b)
            return frozen_table[h].slot;
        if (!key)
            return -1;
        h = (h + 1) & frozen_mask;
    }
}

static int frozen_register_tree(JSContext *ctx, JSValueConst v, int32_t *next_index)
{
    if (JS_VALUE_GET_TAG(v) == JS_TAG_MODULE) {
        JSModuleDef *m = JS_VALUE_GET_PTR(v);
        return frozen_register_tree(ctx, m->func_obj, next_index);
    }
    if (JS_VALUE_GET_TAG(v) != JS_TAG_FUNCTION_BYTECODE)
        return 0;
    JSFunctionBytecode *b = JS_VALUE_GET_PTR(v);
    int32_t slot = edgebox_frozen_slot((*next_index)++);
    if (slot >= 0 && frozen_insert(ctx, b, slot) < 0)
        return -1;
    for (int i = 0; i < b->cpool_count; i++) {
        if (frozen_register_tree(ctx, b->cpool[i], next_index) < 0)
            return -1;
    }
    return 0;
}

/* Called by the guest's loader right after JS_ReadObject, before the module is resolved (which
 * wraps the top-level bytecode in a function object). Returns 0, or -1 when out of memory. */
int edgebox_frozen_register(JSContext *ctx, JSValueConst bytecode)
{
    int32_t next_index = 0;
    return frozen_register_tree(ctx, bytecode, &next_index);
}

/* ---- the dispatcher ------------------------------------------------------------------- */

/* Becomes JS_CallInternal's body (see the top of this file). */
EXPORT(edgebox_call_dispatch)
JSValue edgebox_call_dispatch(JSContext *caller_ctx, JSValueConst func_obj, JSValueConst this_obj,
                              JSValueConst new_target, int argc, JSValueConst *argv, int flags)
{
    if (likely(JS_VALUE_GET_TAG(func_obj) == JS_TAG_OBJECT)) {
        JSObject *p = JS_VALUE_GET_OBJ(func_obj);
        if (p->class_id == JS_CLASS_BYTECODE_FUNCTION) {
            JSFunctionBytecode *b = p->u.func.function_bytecode;
            int32_t slot = frozen_lookup(b);
            if (slot >= 0)
                return edgebox_frozen_call(slot, b->realm, func_obj, this_obj, new_target, argc, argv, flags);
        }
    }
    return edgebox_interp_call(caller_ctx, func_obj, this_obj, new_target, argc, argv, flags);
}

/* ---- frames ------------------------------------------------------------------------------ */

/* Pushes the frame of a frozen function, as JS_CallInternal does for bytecode: backtraces,
 * strict-mode property writes and `new.target` checks read it. `sf` lives on the shadow stack
 * (the frozen code reserves EDGEBOX_FZ_FRAME_SIZE bytes). Returns the function's bytecode
 * start (the base for sf->cur_pc), or 0 after throwing a stack overflow. */
EXPORT(edgebox_fz_enter)
uint8_t *edgebox_fz_enter(JSContext *ctx, JSStackFrame *sf, JSValueConst func_obj, int flags)
{
    JSRuntime *rt = ctx->rt;
    JSFunctionBytecode *b = JS_VALUE_GET_OBJ(func_obj)->u.func.function_bytecode;

    if (js_check_stack_overflow(rt, 0)) {
        JS_ThrowStackOverflow(ctx);
        return 0;
    }
    sf->cur_func = unsafe_unconst(func_obj);
    sf->arg_buf = NULL;
    sf->var_buf = NULL;
    sf->var_refs = NULL;
    sf->var_ref_count = 0;
    sf->arg_count = 0;
    sf->is_strict_mode = b->is_strict_mode;
    sf->is_constructor = (flags & JS_CALL_FLAG_CONSTRUCTOR) != 0;
    sf->cur_sp = NULL;
    sf->cur_gc_obj = NULL;
    sf->cur_pc = b->byte_code_buf;
    sf->prev_frame = rt->current_stack_frame;
    rt->current_stack_frame = sf;
    return b->byte_code_buf;
}

EXPORT(edgebox_fz_leave) void edgebox_fz_leave(JSContext *ctx, JSStackFrame *sf)
{
    ctx->rt->current_stack_frame = sf->prev_frame;
}

/* The interpreter's `exception:` label, minus the catch search (frozen functions have no try):
 * adds this frame to the backtrace when the exception needs one. Called with the frame still
 * pushed and sf->cur_pc at the throwing instruction. */
EXPORT(edgebox_fz_exception) void edgebox_fz_exception(JSContext *ctx)
{
    JSRuntime *rt = ctx->rt;
    if (needs_backtrace(rt->current_exception) || JS_IsUndefined(ctx->error_back_trace))
        build_backtrace(ctx, rt->current_exception, JS_UNDEFINED, NULL, 0, 0, 0);
}

/* ---- values ------------------------------------------------------------------------------ */

/* Frozen code increments reference counts inline and calls this only for values that have one. */
EXPORT(edgebox_fz_free) void edgebox_fz_free(JSContext *ctx, JSValue v)
{
    JS_FreeValue(ctx, v);
}

/* Frees `v`, whose reference count frozen code has just decremented to zero (its inline
 * JS_FreeValue: the count is already down, so this is the part past `--ref_count <= 0`). */
EXPORT(edgebox_fz_free_last) void edgebox_fz_free_last(JSContext *ctx, JSValue v)
{
    js_free_value_rt(ctx->rt, v);
}

/* cpool[idx] of the running function (push_const, push_const8). */
EXPORT(edgebox_fz_const) JSValue edgebox_fz_const(JSValueConst func_obj, int32_t idx)
{
    JSFunctionBytecode *b = JS_VALUE_GET_OBJ(func_obj)->u.func.function_bytecode;
    return js_dup(b->cpool[idx]);
}

/* fclosure/fclosure8: a new function object for cpool[idx], as js_closure makes it. A frozen
 * function has no captured locals (compiler/src/freeze/select.rs checks the inner function's
 * closure variables too), so every closure variable of the new function comes from the running
 * function's own var_refs and no interpreter stack frame is needed. One that would need it is
 * refused with an InternalError rather than read a frame that does not exist. */
EXPORT(edgebox_fz_fclosure) JSValue edgebox_fz_fclosure(JSContext *ctx, JSValueConst func_obj, int32_t idx)
{
    JSObject *p = JS_VALUE_GET_OBJ(func_obj);
    JSValue bfunc = p->u.func.function_bytecode->cpool[idx];
    JSFunctionBytecode *inner = JS_VALUE_GET_PTR(bfunc);
    for (int i = 0; i < inner->closure_var_count; i++) {
        int type = inner->closure_var[i].closure_type;
        if (type == JS_CLOSURE_LOCAL || type == JS_CLOSURE_ARG)
            return JS_ThrowInternalError(ctx, "edgebox: a frozen function created a closure over its own frame");
    }
    return js_closure(ctx, js_dup(bfunc), p->u.func.var_refs, NULL);
}

/* OP_push_this: sloppy-mode functions see the global object for undefined/null and a wrapper
 * object for primitives. Borrows `this_obj`. */
EXPORT(edgebox_fz_push_this) JSValue edgebox_fz_push_this(JSContext *ctx, JSValueConst this_obj, int32_t strict)
{
    if (!strict) {
        uint32_t tag = JS_VALUE_GET_TAG(this_obj);
        if (tag == JS_TAG_NULL || tag == JS_TAG_UNDEFINED)
            return js_dup(ctx->global_obj);
        if (tag != JS_TAG_OBJECT)
            return JS_ToObject(ctx, this_obj);
    }
    return js_dup(this_obj);
}

/* Where closure variable `idx` of the running function lives (get/put/set_var_ref*). */
EXPORT(edgebox_fz_var_ref) JSValue *edgebox_fz_var_ref(JSValueConst func_obj, int32_t idx)
{
    return JS_VALUE_GET_OBJ(func_obj)->u.func.var_refs[idx]->pvalue;
}

/* get_loc_check/put_loc_check (is_ref 0) and the var_ref variants (is_ref 1) on a variable
 * still in its temporal dead zone. Always returns JS_EXCEPTION. */
EXPORT(edgebox_fz_throw_uninitialized)
JSValue edgebox_fz_throw_uninitialized(JSContext *ctx, JSValueConst func_obj, int32_t idx, int32_t is_ref)
{
    JSFunctionBytecode *b = JS_VALUE_GET_OBJ(func_obj)->u.func.function_bytecode;
    return JS_ThrowReferenceErrorUninitialized2(ctx, b, idx, is_ref);
}

/* ---- operators ---------------------------------------------------------------------------- */

/* A binary operator on two values it consumes: the interpreter's case for `op`, fast paths
 * included (frozen code inlines only the int32 ones that cannot overflow). */
EXPORT(edgebox_fz_binary) JSValue edgebox_fz_binary(JSContext *ctx, int32_t op, JSValue op1, JSValue op2)
{
    JSValue sp_buf[2] = { op1, op2 };
    JSValue *sp = sp_buf + 2;
    int err;

    switch (op) {
    case OP_add:
        if (JS_VALUE_IS_BOTH_INT(op1, op2)) {
            int64_t r = (int64_t)JS_VALUE_GET_INT(op1) + JS_VALUE_GET_INT(op2);
            return (r < INT32_MIN || r > INT32_MAX) ? js_float64(r) : js_int32(r);
        }
        if (JS_VALUE_IS_BOTH_FLOAT(op1, op2))
            return js_float64(JS_VALUE_GET_FLOAT64(op1) + JS_VALUE_GET_FLOAT64(op2));
        if (JS_TAG_IS_FLOAT64(JS_VALUE_GET_TAG(op1)) || JS_TAG_IS_FLOAT64(JS_VALUE_GET_TAG(op2))) {
            double d1, d2;
            if (js_arith_to_float64(op1, &d1) && js_arith_to_float64(op2, &d2))
                return js_float64(d1 + d2);
        }
        err = js_add_slow(ctx, sp);
        break;
    case OP_sub:
    case OP_mul:
    case OP_div:
        if (JS_VALUE_IS_BOTH_INT(op1, op2)) {
            int32_t v1 = JS_VALUE_GET_INT(op1), v2 = JS_VALUE_GET_INT(op2);
            int64_t r;
            if (op == OP_div)
                return js_number((double)v1 / (double)v2);
            r = op == OP_sub ? (int64_t)v1 - v2 : (int64_t)v1 * v2;
            if ((int)r != r)
                return js_float64((double)r);
            if (op == OP_mul && r == 0 && (v1 | v2) < 0)
                return js_float64(-0.0);
            return js_int32(r);
        }
        {
            double d1, d2;
            if ((JS_TAG_IS_FLOAT64(JS_VALUE_GET_TAG(op1)) || JS_TAG_IS_FLOAT64(JS_VALUE_GET_TAG(op2))) &&
                js_arith_to_float64(op1, &d1) && js_arith_to_float64(op2, &d2)) {
                if (op == OP_sub)
                    return js_float64(d1 - d2);
                if (op == OP_mul)
                    return js_float64(d1 * d2);
                return js_number(d1 / d2);
            }
        }
        err = js_binary_arith_slow(ctx, sp, op);
        break;
    case OP_mod:
        if (JS_VALUE_IS_BOTH_INT(op1, op2)) {
            int32_t v1 = JS_VALUE_GET_INT(op1), v2 = JS_VALUE_GET_INT(op2);
            /* as the interpreter: v2 = 0, INT32_MIN % -1 and -0 results take the slow path */
            if (v1 >= 0 && v2 > 0)
                return js_int32(v1 % v2);
        }
        err = js_binary_arith_slow(ctx, sp, op);
        break;
    case OP_pow:
        err = js_binary_arith_slow(ctx, sp, op);
        break;
    case OP_shl:
    case OP_sar:
    case OP_and:
    case OP_or:
    case OP_xor:
        if (JS_VALUE_IS_BOTH_INT(op1, op2)) {
            int32_t v1 = JS_VALUE_GET_INT(op1), v2 = JS_VALUE_GET_INT(op2);
            switch (op) {
            case OP_shl: return js_int32((uint32_t)v1 << (v2 & 0x1f));
            case OP_sar: return js_int32(v1 >> (v2 & 0x1f));
            case OP_and: return js_int32(v1 & v2);
            case OP_or: return js_int32(v1 | v2);
            default: return js_int32(v1 ^ v2);
            }
        }
        err = js_binary_logic_slow(ctx, sp, op);
        break;
    case OP_shr:
        if (JS_VALUE_IS_BOTH_INT(op1, op2))
            return js_uint32((uint32_t)JS_VALUE_GET_INT(op1) >> (JS_VALUE_GET_INT(op2) & 0x1f));
        err = js_shr_slow(ctx, sp);
        break;
    case OP_lt:
    case OP_lte:
    case OP_gt:
    case OP_gte:
    case OP_eq:
    case OP_neq:
    case OP_strict_eq:
    case OP_strict_neq:
        if (JS_VALUE_IS_BOTH_INT(op1, op2)) {
            int32_t v1 = JS_VALUE_GET_INT(op1), v2 = JS_VALUE_GET_INT(op2);
            switch (op) {
            case OP_lt: return js_bool(v1 < v2);
            case OP_lte: return js_bool(v1 <= v2);
            case OP_gt: return js_bool(v1 > v2);
            case OP_gte: return js_bool(v1 >= v2);
            case OP_eq: case OP_strict_eq: return js_bool(v1 == v2);
            default: return js_bool(v1 != v2);
            }
        }
        if (op == OP_eq || op == OP_neq)
            err = js_eq_slow(ctx, sp, op == OP_neq);
        else if (op == OP_strict_eq || op == OP_strict_neq)
            err = js_strict_eq_slow(ctx, sp, op == OP_strict_neq);
        else
            err = js_relational_slow(ctx, sp, op);
        break;
    case OP_in:
    case OP_instanceof:
        /* Unlike the arithmetic slow paths these leave both operands on the stack when they
         * throw (the interpreter's unwinding frees them); this helper consumes them. */
        err = op == OP_in ? js_operator_in(ctx, sp) : js_operator_instanceof(ctx, sp);
        if (err) {
            JS_FreeValue(ctx, op1);
            JS_FreeValue(ctx, op2);
        }
        break;
    default:
        JS_FreeValue(ctx, op1);
        JS_FreeValue(ctx, op2);
        return JS_ThrowInternalError(ctx, "frozen code: no binary operator %d", op);
    }
    return err ? JS_EXCEPTION : sp_buf[0];
}

/* A unary operator on a value it consumes (neg, plus, inc, dec, not, lnot, typeof). */
EXPORT(edgebox_fz_unary) JSValue edgebox_fz_unary(JSContext *ctx, int32_t op, JSValue op1)
{
    JSValue sp_buf[1] = { op1 };
    JSValue *sp = sp_buf + 1;
    uint32_t tag = JS_VALUE_GET_TAG(op1);

    switch (op) {
    case OP_neg:
        if (tag == JS_TAG_INT) {
            int32_t v = JS_VALUE_GET_INT(op1);
            if (v == 0)
                return js_float64(-0.0);
            if (v == INT32_MIN)
                return js_float64(-(double)v);
            return js_int32(-v);
        }
        if (JS_TAG_IS_FLOAT64(tag))
            return js_float64(-JS_VALUE_GET_FLOAT64(op1));
        break;
    case OP_plus:
        if (tag == JS_TAG_INT || JS_TAG_IS_FLOAT64(tag))
            return op1;
        break;
    case OP_inc:
        if (tag == JS_TAG_INT && JS_VALUE_GET_INT(op1) != INT32_MAX)
            return js_int32(JS_VALUE_GET_INT(op1) + 1);
        break;
    case OP_dec:
        if (tag == JS_TAG_INT && JS_VALUE_GET_INT(op1) != INT32_MIN)
            return js_int32(JS_VALUE_GET_INT(op1) - 1);
        break;
    case OP_not:
        if (tag == JS_TAG_INT)
            return js_int32(~JS_VALUE_GET_INT(op1));
        return js_not_slow(ctx, sp) ? JS_EXCEPTION : sp_buf[0];
    case OP_lnot:
        if (tag <= JS_TAG_UNDEFINED)
            return js_bool(!(JS_VALUE_GET_INT(op1) != 0));
        return js_bool(!JS_ToBoolFree(ctx, op1));
    case OP_typeof: {
        JSAtom atom = js_operator_typeof(ctx, op1);
        JS_FreeValue(ctx, op1);
        return JS_AtomToString(ctx, atom);
    }
    default:
        JS_FreeValue(ctx, op1);
        return JS_ThrowInternalError(ctx, "frozen code: no unary operator %d", op);
    }
    return js_unary_arith_slow(ctx, sp, op) ? JS_EXCEPTION : sp_buf[0];
}

/* add_loc (`x += v` on a local): `cur` is the variable's value (borrowed), `op2` is consumed;
 * returns the variable's new value. As the interpreter, a string variable is concatenated
 * without a ToPrimitive on itself. */
EXPORT(edgebox_fz_add_loc) JSValue edgebox_fz_add_loc(JSContext *ctx, JSValueConst cur, JSValue op2)
{
    if (JS_VALUE_IS_BOTH_INT(cur, op2)) {
        int64_t r = (int64_t)JS_VALUE_GET_INT(cur) + JS_VALUE_GET_INT(op2);
        return (int)r != r ? __JS_NewFloat64((double)r) : js_int32(r);
    }
    if (JS_VALUE_GET_TAG(cur) == JS_TAG_STRING) {
        JSValue op1 = JS_ToPrimitiveFree(ctx, op2, HINT_NONE);
        if (JS_IsException(op1))
            return JS_EXCEPTION;
        return JS_ConcatString(ctx, js_dup(cur), op1);
    }
    JSValue ops[2] = { js_dup(cur), op2 };
    if (js_add_slow(ctx, ops + 2))
        return JS_EXCEPTION;
    return ops[0];
}

/* post_inc/post_dec: consumes `op1`, writes ToNumeric(op1) to out[0] and the new value to
 * out[1]. Returns 0, or -1 after throwing. */
EXPORT(edgebox_fz_post_inc) int32_t edgebox_fz_post_inc(JSContext *ctx, int32_t op, JSValue op1, JSValue *out)
{
    if (JS_VALUE_GET_TAG(op1) == JS_TAG_INT) {
        int32_t v = JS_VALUE_GET_INT(op1);
        if (v != (op == OP_post_inc ? INT32_MAX : INT32_MIN)) {
            out[0] = op1;
            out[1] = js_int32(op == OP_post_inc ? v + 1 : v - 1);
            return 0;
        }
    }
    out[0] = op1;
    if (js_post_inc_slow(ctx, out + 1, op)) {
        out[0] = JS_UNDEFINED;
        out[1] = JS_UNDEFINED;
        return -1;
    }
    return 0;
}

/* JS_ToBoolFree for if_true/if_false on values that are not int/bool/null/undefined. */
EXPORT(edgebox_fz_to_bool) int32_t edgebox_fz_to_bool(JSContext *ctx, JSValue v)
{
    if ((uint32_t)JS_VALUE_GET_TAG(v) <= JS_TAG_UNDEFINED)
        return JS_VALUE_GET_INT(v) != 0;
    return JS_ToBoolFree(ctx, v);
}

/* ---- properties ----------------------------------------------------------------------------- */

/* get_field, get_field2, get_length and put_field keep a cache word per site in frozen code, as
 * get_var/put_var do (below): the index + 1 of the property's entry in the shape of the object
 * it was last found on as an own data property, 0 for unknown. An index, not a shape: the
 * inline hit test re-checks that the entry at that index of the object's current shape names
 * the atom and is a plain data property (writable, for put_field), so the word can never be
 * wrong, only stale, and objects of different shapes with the same layout share a hit. */

/* Index + 1 of entry `prs` of shape `sh` for a cache word, or 0 when frozen code could not read
 * its flags: they are bits EDGEBOX_FZ_SHAPE_PROP_FLAGS_SHIFT.. of the entry's first word, and a
 * bit-field layout is not something _Static_assert can check. */
static int64_t shape_entry_slot(JSShape *sh, JSShapeProperty *prs)
{
    uint32_t first_word;
    memcpy(&first_word, prs, sizeof(first_word));
    if ((first_word >> EDGEBOX_FZ_SHAPE_PROP_FLAGS_SHIFT) != prs->flags)
        return 0;
    return (int64_t)(prs - get_shape_prop(sh)) + 1;
}

/* The field cache word for `atom` on `obj`: where it is an own plain data property, else 0. */
static int64_t field_slot(JSValueConst obj, JSAtom atom)
{
    JSObject *p;
    JSProperty *pr;
    JSShapeProperty *prs;
    if (JS_VALUE_GET_TAG(obj) != JS_TAG_OBJECT)
        return 0;
    p = JS_VALUE_GET_OBJ(obj);
    prs = find_own_property(&pr, p, atom);
    if (!prs || (prs->flags & JS_PROP_TMASK))
        return 0;
    return shape_entry_slot(p->shape, prs);
}

/* get_field, get_field2, get_length: borrows `obj` (the caller frees or keeps it); stores the
 * site's fresh cache word at `slot`, taken after the access, which may have run a getter. */
EXPORT(edgebox_fz_get_field)
JSValue edgebox_fz_get_field(JSContext *ctx, JSValueConst obj, JSAtom atom, int64_t *slot)
{
    JSValue val;
    if (likely(JS_VALUE_GET_TAG(obj) == JS_TAG_OBJECT)) {
        JSObject *p = JS_VALUE_GET_OBJ(obj);
        for (;;) {
            JSProperty *pr;
            JSShapeProperty *prs = find_own_property(&pr, p, atom);
            if (prs) {
                /* getters and other special properties: the slow path from the start */
                if (unlikely(prs->flags & JS_PROP_TMASK)) {
                    val = JS_GetPropertyInternal(ctx, obj, atom, obj, false);
                    break;
                }
                val = js_dup(pr->u.value);
                break;
            }
            if (unlikely(p->is_exotic)) {
                val = JS_GetPropertyInternal(ctx, JS_MKPTR(JS_TAG_OBJECT, p), atom, obj, false);
                break;
            }
            p = p->shape->proto;
            if (!p) {
                val = JS_UNDEFINED;
                break;
            }
        }
    } else {
        val = JS_GetPropertyInternal(ctx, obj, atom, obj, false);
    }
    *slot = field_slot(obj, atom);
    return val;
}

/* put_field: consumes `obj` and `val`; stores the site's fresh cache word at `slot`, taken after
 * the store (which may have created the property). Returns 0, or -1 after throwing. */
EXPORT(edgebox_fz_put_field)
int32_t edgebox_fz_put_field(JSContext *ctx, JSValue obj, JSAtom atom, JSValue val, int64_t *slot)
{
    int ret;
    *slot = 0;
    if (likely(JS_VALUE_GET_TAG(obj) == JS_TAG_OBJECT)) {
        JSObject *p = JS_VALUE_GET_OBJ(obj);
        JSProperty *pr;
        JSShapeProperty *prs = find_own_property(&pr, p, atom);
        if (prs && (prs->flags & (JS_PROP_TMASK | JS_PROP_WRITABLE | JS_PROP_LENGTH)) == JS_PROP_WRITABLE) {
            *slot = shape_entry_slot(p->shape, prs);
            set_value(ctx, &pr->u.value, val);
            JS_FreeValue(ctx, obj);
            return 0;
        }
    }
    ret = JS_SetPropertyInternal2(ctx, obj, atom, val, obj, JS_PROP_THROW_STRICT);
    if (ret >= 0)
        *slot = field_slot(obj, atom);
    JS_FreeValue(ctx, obj);
    return ret < 0 ? -1 : 0;
}

/* get_array_el, get_array_el2: borrows `obj`, consumes `prop`. */
EXPORT(edgebox_fz_get_array_el) JSValue edgebox_fz_get_array_el(JSContext *ctx, JSValueConst obj, JSValue prop)
{
    if (likely(JS_VALUE_GET_TAG(obj) == JS_TAG_OBJECT && JS_VALUE_GET_TAG(prop) == JS_TAG_INT)) {
        JSObject *p = JS_VALUE_GET_OBJ(obj);
        uint32_t idx = JS_VALUE_GET_INT(prop);
        JSValue val;
        if (likely(p->class_id == JS_CLASS_ARRAY && idx < p->u.array.count))
            return js_dup(p->u.array.u.values[idx]);
        if (js_get_fast_array_element(ctx, p, idx, &val))
            return val;
    }
    return JS_GetPropertyValue(ctx, obj, prop);
}

/* put_array_el: consumes all three. Returns 0, or -1 after throwing. */
EXPORT(edgebox_fz_put_array_el) int32_t edgebox_fz_put_array_el(JSContext *ctx, JSValue obj, JSValue prop, JSValue val)
{
    int ret;
    if (likely(JS_VALUE_GET_TAG(prop) == JS_TAG_INT && JS_VALUE_GET_TAG(obj) == JS_TAG_OBJECT)) {
        uint32_t idx = JS_VALUE_GET_INT(prop);
        JSObject *p = JS_VALUE_GET_OBJ(obj);
        if (likely(p->class_id == JS_CLASS_ARRAY && idx < (uint32_t)p->u.array.count)) {
            set_value(ctx, &p->u.array.u.values[idx], val);
            JS_FreeValue(ctx, obj);
            return 0;
        }
        if (likely(p->class_id == JS_CLASS_ARRAY && idx == (uint32_t)p->u.array.count && p->fast_array &&
                   p->extensible && p->shape->proto == JS_VALUE_GET_OBJ(ctx->class_proto[JS_CLASS_ARRAY]) &&
                   ctx->std_array_prototype && JS_VALUE_GET_TAG(p->prop[0].u.value) == JS_TAG_INT)) {
            uint32_t new_len = idx + 1;
            uint32_t array_len = JS_VALUE_GET_INT(p->prop[0].u.value);
            if (likely(new_len <= p->u.array.u1.size)) {
                p->u.array.u.values[idx] = val;
                p->u.array.count = new_len;
                if (new_len > array_len)
                    p->prop[0].u.value = js_int32(new_len);
                JS_FreeValue(ctx, obj);
                return 0;
            }
        }
    }
    ret = JS_SetPropertyValue(ctx, obj, prop, val, JS_PROP_THROW_STRICT);
    JS_FreeValue(ctx, obj);
    return ret < 0 ? -1 : 0;
}

/* ---- global variables: the slow path of frozen code's inline cache ---------------------------
 *
 * Each get_var/put_var site in frozen code keeps a 64-bit cache word (a Wasm global) that says
 * where the variable was found last time: low word = index + 1 of its entry in the shape of
 * ctx->global_var_obj (the lexical globals) when the high word is 0; otherwise the index + 1
 * in the global object's shape, valid only while global_var_obj still has high word - 1
 * entries (so no `let` declared since shadows it). 0 means unknown. The inline fast path
 * re-checks everything a hit relies on — the entry still names the atom, is a plain data
 * property (writable, for put_var), the lexical is initialised — so a stale word only costs
 * a trip here. These helpers do what the interpreter does and store the fresh word at `slot`. */

/* The cache word for `atom` (0 when it cannot be cached). */
static int64_t global_slot(JSContext *ctx, JSAtom atom)
{
    JSObject *lex = JS_VALUE_GET_OBJ(ctx->global_var_obj);
    JSObject *glob = JS_VALUE_GET_OBJ(ctx->global_obj);
    JSShapeProperty *prs;
    JSProperty *pr;
    int64_t entry;

    prs = find_own_property(&pr, lex, atom);
    if (prs)
        return shape_entry_slot(lex->shape, prs);
    prs = find_own_property(&pr, glob, atom);
    if (!prs || lex->shape->prop_count >= INT32_MAX)
        return 0;
    entry = shape_entry_slot(glob->shape, prs);
    if (!entry)
        return 0;
    return ((int64_t)(lex->shape->prop_count + 1) << 32) | (uint32_t)entry;
}

/* get_var / get_var_undef through the cache (throw_ref_error 0 for get_var_undef). The word is
 * taken after the access, which may have run a getter. */
EXPORT(edgebox_fz_get_var)
JSValue edgebox_fz_get_var(JSContext *ctx, JSAtom atom, int32_t throw_ref_error, int64_t *slot)
{
    JSValue val = JS_GetGlobalVar(ctx, atom, throw_ref_error);
    *slot = global_slot(ctx, atom);
    return val;
}

/* put_var through the cache: consumes `val`. Returns 0, or -1 after throwing. The word is taken
 * after the store, which may have created the property (a sloppy-mode assignment). */
EXPORT(edgebox_fz_put_var) int32_t edgebox_fz_put_var(JSContext *ctx, JSAtom atom, JSValue val, int64_t *slot)
{
    int ret = JS_SetGlobalVar(ctx, atom, val, 0);
    *slot = global_slot(ctx, atom);
    return ret < 0 ? -1 : 0;
}

/* object: a new plain object. */
EXPORT(edgebox_fz_object) JSValue edgebox_fz_object(JSContext *ctx)
{
    return JS_NewObject(ctx);
}

/* ---- global definitions (a script's top-level code) ------------------------------------------ */

/* check_define_var / define_var: `let`/`const`/`var`/function declarations of a script. Return
 * 0, or -1 after throwing (a redeclaration). */
EXPORT(edgebox_fz_check_define_var)
int32_t edgebox_fz_check_define_var(JSContext *ctx, JSAtom atom, int32_t flags)
{
    return JS_CheckDefineGlobalVar(ctx, atom, flags) ? -1 : 0;
}

EXPORT(edgebox_fz_define_var) int32_t edgebox_fz_define_var(JSContext *ctx, JSAtom atom, int32_t flags)
{
    return JS_DefineGlobalVar(ctx, atom, flags) ? -1 : 0;
}

/* define_func: a script's top-level function declaration; consumes `val` (the interpreter
 * frees it after the definition, or on the exception path). */
EXPORT(edgebox_fz_define_func)
int32_t edgebox_fz_define_func(JSContext *ctx, JSAtom atom, int32_t flags, JSValue val)
{
    int ret = JS_DefineGlobalFunction(ctx, atom, val, flags);
    JS_FreeValue(ctx, val);
    return ret ? -1 : 0;
}

/* put_var_init: the initialisation of a global `let`/`const`; consumes `val`. */
EXPORT(edgebox_fz_put_var_init) int32_t edgebox_fz_put_var_init(JSContext *ctx, JSAtom atom, JSValue val)
{
    return JS_SetGlobalVar(ctx, atom, val, OP_put_var_init - OP_put_var) < 0 ? -1 : 0;
}

/* ---- throwing ----------------------------------------------------------------------------------- */

/* throw: consumes `val`; frozen code then leaves through its exception path. */
EXPORT(edgebox_fz_throw) void edgebox_fz_throw(JSContext *ctx, JSValue val)
{
    JS_Throw(ctx, val);
}

/* throw_error: the errors the bytecode compiler plants (assignment to a constant, a variable
 * used before its declaration, ...), as the interpreter's OP_throw_error raises them. */
EXPORT(edgebox_fz_throw_error) void edgebox_fz_throw_error(JSContext *ctx, JSAtom atom, int32_t type)
{
    switch (type) {
    case JS_THROW_VAR_RO:
        JS_ThrowTypeErrorReadOnly(ctx, JS_PROP_THROW, atom);
        break;
    case JS_THROW_VAR_REDECL:
        JS_ThrowSyntaxErrorVarRedeclaration(ctx, atom);
        break;
    case JS_THROW_VAR_UNINITIALIZED:
        JS_ThrowReferenceErrorUninitialized(ctx, atom);
        break;
    case JS_THROW_ERROR_DELETE_SUPER:
        JS_ThrowReferenceError(ctx, "unsupported reference to 'super'");
        break;
    case JS_THROW_ERROR_ITERATOR_THROW:
        JS_ThrowTypeError(ctx, "iterator does not have a throw method");
        break;
    default:
        JS_ThrowInternalError(ctx, "invalid throw var type %d", type);
    }
}

/* ---- class constructors ----------------------------------------------------------------------- */

/* check_ctor and put_loc_check_init: the errors of a class constructor, with the interpreter's
 * messages. `which`: 0 = called without `new`, 1 = `this` initialised twice (super() again). */
EXPORT(edgebox_fz_throw_ctor_error) void edgebox_fz_throw_ctor_error(JSContext *ctx, int32_t which)
{
    if (which == 0)
        JS_ThrowTypeError(ctx, "class constructors must be invoked with 'new'");
    else
        JS_ThrowReferenceError(ctx, "'this' can be initialized only once");
}

/* get_super: the prototype of `obj` (a constructor's parent class); consumes `obj`, also when
 * it throws. */
EXPORT(edgebox_fz_get_super) JSValue edgebox_fz_get_super(JSContext *ctx, JSValue obj)
{
    JSValue proto = JS_GetPrototype(ctx, obj);
    JS_FreeValue(ctx, obj);
    return proto;
}

/* ---- literals ---------------------------------------------------------------------------------- */

/* push_atom_value: a string literal (atoms are the function's, resolved at load). */
EXPORT(edgebox_fz_atom_value) JSValue edgebox_fz_atom_value(JSContext *ctx, JSAtom atom)
{
    return JS_AtomToValue(ctx, atom);
}

/* push_empty_string: `""`. */
EXPORT(edgebox_fz_empty_string) JSValue edgebox_fz_empty_string(JSContext *ctx)
{
    return js_empty_string(ctx->rt);
}

/* array_from: `[a, b, c]`; consumes the `argc` values at `argv`, also when it throws. */
EXPORT(edgebox_fz_array_from) JSValue edgebox_fz_array_from(JSContext *ctx, int32_t argc, JSValue *argv)
{
    return JS_NewArrayFrom(ctx, argc, vc(argv));
}

/* regexp: a regular expression literal from its source and compiled bytecode (both consumed). */
EXPORT(edgebox_fz_regexp) JSValue edgebox_fz_regexp(JSContext *ctx, JSValue pattern, JSValue bytecode)
{
    return js_regexp_constructor_internal(ctx, JS_UNDEFINED, pattern, bytecode);
}

/* define_field: `{ key: value }` in an object literal; borrows `obj`, consumes `val`. */
EXPORT(edgebox_fz_define_field)
int32_t edgebox_fz_define_field(JSContext *ctx, JSValue obj, JSAtom atom, JSValue val)
{
    return JS_DefinePropertyValue(ctx, obj, atom, val, JS_PROP_C_W_E | JS_PROP_THROW) < 0 ? -1 : 0;
}

/* define_array_el: `{ [key]: value }` in an object literal; borrows `obj` and `key` (the
 * interpreter keeps the key on its stack), consumes `val`. */
EXPORT(edgebox_fz_define_array_el)
int32_t edgebox_fz_define_array_el(JSContext *ctx, JSValue obj, JSValue key, JSValue val)
{
    return JS_DefinePropertyValueValue(ctx, obj, js_dup(key), val, JS_PROP_C_W_E | JS_PROP_THROW) < 0
               ? -1
               : 0;
}

/* to_propkey: a computed key made a property key (ints, strings and symbols already are);
 * consumes `val`. */
EXPORT(edgebox_fz_to_propkey) JSValue edgebox_fz_to_propkey(JSContext *ctx, JSValue val)
{
    switch (JS_VALUE_GET_TAG(val)) {
    case JS_TAG_INT:
    case JS_TAG_STRING:
    case JS_TAG_SYMBOL:
        return val;
    default: {
        JSValue key = JS_ToPropertyKey(ctx, val);
        JS_FreeValue(ctx, val);
        return key;
    }
    }
}

/* to_propkey2: the same for `obj[key]` about to be read and written (`obj[key] += v`), after
 * checking that `obj` can have properties; borrows `obj`, consumes `key` (also when throwing). */
EXPORT(edgebox_fz_to_propkey2) JSValue edgebox_fz_to_propkey2(JSContext *ctx, JSValue obj, JSValue key)
{
    if (JS_IsUndefined(obj) || JS_IsNull(obj)) {
        JS_FreeValue(ctx, key);
        return JS_ThrowTypeError(ctx, "value has no property");
    }
    return edgebox_fz_to_propkey(ctx, key);
}

/* ---- calls ------------------------------------------------------------------------------------ */

/* call_constructor: `new func(...)`. Consumes `func`, `new_target` and the `argc` values at
 * `argv`, as the interpreter frees them after the call. */
EXPORT(edgebox_fz_call_constructor)
JSValue edgebox_fz_call_constructor(JSContext *ctx, JSValue func, JSValue new_target, int32_t argc,
                                    JSValue *argv)
{
    JSValue ret = JS_CallConstructorInternal(ctx, func, new_target, argc, vc(argv), 0);
    JS_FreeValue(ctx, func);
    JS_FreeValue(ctx, new_target);
    for (int i = 0; i < argc; i++)
        JS_FreeValue(ctx, argv[i]);
    return ret;
}

/* call/call_method through the dispatcher (so frozen callees stay frozen). Consumes `func`,
 * `this_obj` and the `argc` values at `argv`, as the interpreter frees them after the call. */
EXPORT(edgebox_fz_call)
JSValue edgebox_fz_call(JSContext *ctx, JSValue func, JSValue this_obj, int32_t argc, JSValue *argv)
{
    JSValue ret = JS_CallInternal(ctx, func, this_obj, JS_UNDEFINED, argc, vc(argv), 0);
    JS_FreeValue(ctx, func);
    JS_FreeValue(ctx, this_obj);
    for (int i = 0; i < argc; i++)
        JS_FreeValue(ctx, argv[i]);
    return ret;
}

/* ---- int32 clones (compiler/src/freeze/int32) ----------------------------------------------- */

/* Bytes of JS stack one level of an int32 clone's recursion is charged: a clone frame holds only
 * a few unboxed ints on the native (or WAMR interpreter) stack, far less than this; the budget
 * keeps a clone's recursion well inside those stacks and no deeper than the JS stack allows an
 * interpreter frame of this size. */
#define EDGEBOX_FZ_CLONE_FRAME_BYTES 128

static bool same_object(JSValueConst a, JSValueConst b)
{
    return JS_VALUE_GET_TAG(a) == JS_TAG_OBJECT && JS_VALUE_GET_TAG(b) == JS_TAG_OBJECT &&
           JS_VALUE_GET_PTR(a) == JS_VALUE_GET_PTR(b);
}

/* Whether get_var `atom` would return `func_obj` without running any code: the fast paths of
 * JS_GetGlobalVar (a lexical global, or a plain data property of the global object). A getter,
 * an inherited property or a dead-zone `let` answers no, and the generic code then reads it. */
static bool global_binding_is(JSContext *ctx, JSAtom atom, JSValueConst func_obj)
{
    JSShapeProperty *prs;
    JSProperty *pr;

    prs = find_own_property(&pr, JS_VALUE_GET_OBJ(ctx->global_var_obj), atom);
    if (prs)
        return (prs->flags & JS_PROP_TMASK) == 0 && same_object(pr->u.value, func_obj);
    prs = find_own_property(&pr, JS_VALUE_GET_OBJ(ctx->global_obj), atom);
    return prs && (prs->flags & JS_PROP_TMASK) == 0 && same_object(pr->u.value, func_obj);
}

/* May the int32 clone of `func_obj` run now? Its self-calls skip reading the binding they name,
 * so that binding must hold `func_obj` itself: kind 0 no self-calls, 1 the global variable read
 * by the get_var at pc `ref`, 2 closure variable `ref`. Returns the clone's recursion budget
 * (levels it may go deeper), or 0 for no. Runs no JS and never throws. */
EXPORT(edgebox_fz_clone_gate)
int32_t edgebox_fz_clone_gate(JSContext *ctx, JSValueConst func_obj, int32_t kind, int32_t ref)
{
    JSRuntime *rt = ctx->rt;
    JSObject *p = JS_VALUE_GET_OBJ(func_obj);
    uintptr_t sp = js_get_stack_pointer();
    uintptr_t budget;

    if (sp <= rt->stack_limit)
        return 0;
    budget = (sp - rt->stack_limit) / EDGEBOX_FZ_CLONE_FRAME_BYTES;
    if (kind == 1) {
        JSAtom atom = get_u32(p->u.func.function_bytecode->byte_code_buf + ref + 1);
        if (!global_binding_is(ctx, atom, func_obj))
            return 0;
    } else if (kind == 2) {
        JSVarRef *var_ref = p->u.func.var_refs ? p->u.func.var_refs[ref] : NULL;
        if (!var_ref || !same_object(*var_ref->pvalue, func_obj))
            return 0;
    }
    return budget > INT32_MAX ? INT32_MAX : (int32_t)budget;
}
