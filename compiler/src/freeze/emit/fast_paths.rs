//! Inline fast paths for global variables, fields (own data properties) and array elements.
//!
//! Each reads QuickJS's structures directly (layouts in `edgebox_abi::frozen::LAYOUT`, checked
//! by the guest's C compiler) and handles only the case the interpreter's own fast path
//! handles the same way; anything else falls back to the guest helper, which runs the
//! interpreter's code. So the fast path and the helper can never disagree on a result, only
//! on speed.
//!
//! Arithmetic and comparisons on two numbers of which one is a float64 (or whose int32 result
//! overflowed) are done on f64 inline, boxed as `js_float64` does.
//!
//! Global variables (`get_var`/`put_var` of a script's top-level bindings and of the global
//! object's properties) get an inline cache: one mutable i64 Wasm global per site holding
//! where the variable was found last (see `global_slot` in guest/c/edgebox_frozen.c for the
//! encoding). A hit costs a few loads and compares instead of a call and a hash lookup.
//! Property reads and writes by name (`get_field`, `get_length`, `put_field`) get one too: the
//! index of the property in the shape of the object it was last found on (`field_slot`), so
//! objects of any shape with the same layout hit.

use super::{BodyEmitter, CTX, mem};
use crate::freeze::values::*;
use edgebox_abi::frozen::*;
use edgebox_opcodes::Op;
use edgebox_opcodes::instr::Instr;
use wasm_encoder::{BlockType, Instruction as I, ValType};

/// `JS_TAG_OBJECT`.
const TAG_OBJECT: i32 = -1;
/// `JS_TAG_FLOAT64`: with NaN boxing every tag from here up to `TAG_FIRST` (exclusive) is a
/// float64 (`JS_TAG_IS_FLOAT64`).
const TAG_FLOAT64: i32 = 8;
/// `JS_FLOAT64_TAG_ADDEND << 32`: a float64 JSValue is the double's bits minus this.
const FLOAT64_OFFSET: i64 = (0x7ff8_0000_i64 - TAG_FIRST as i64 + 1) << 32;
/// `JS_NAN`: the one NaN a JSValue holds.
const NAN: i64 = 0x7ff8_0000_0000_0000_u64.wrapping_sub(FLOAT64_OFFSET as u64) as i64;

impl BodyEmitter<'_> {
    /// Opens a `block`, counted in `nesting` so exception branches inside keep their depth.
    fn open_block(&mut self) {
        self.i(I::Block(BlockType::Empty));
        self.nesting += 1;
    }

    fn close_block(&mut self) {
        self.i(I::End);
        self.nesting -= 1;
    }

    /// Where a global-variable site's cache word goes when the helper refreshes it: the first
    /// word of the frame's call-argument scratch area, which no call is using at that point.
    fn cache_word_out(&mut self) {
        self.e(&[
            I::LocalGet(self.frame),
            I::I32Const(FRAME_SIZE as i32),
            I::I32Add,
        ]);
    }

    fn refresh_cache_word(&mut self, global: u32) {
        self.e(&[
            I::LocalGet(self.frame),
            I::I64Load(mem(FRAME_SIZE, 3)),
            I::GlobalSet(global),
        ]);
    }

    /// The cache hit test. Inside a block whose end is the slow path (depth 0 here), branches
    /// there unless cache word `global` still locates the variable named by `ins`'s atom as a
    /// data property whose flags, masked by `mask`, equal `want`. On a hit, `ta` holds the
    /// address of its value (a JSProperty) and `t1` the value, never an uninitialised lexical.
    fn global_hit_or_slow(&mut self, ins: &Instr, global: u32, mask: u32, want: u32) {
        let (ta, tb, tf, word) = (self.ta, self.tb, self.tf, self.t1);
        // ta = index + 1 (0: nothing cached); tb = the lexical-globals object.
        self.e(&[
            I::GlobalGet(global),
            I::LocalTee(word),
            I::I32WrapI64,
            I::LocalTee(ta),
            I::I32Eqz,
            I::BrIf(0),
            I::LocalGet(CTX),
            I::I64Load(mem(CTX_GLOBAL_VAR_OBJ, 3)),
            I::I32WrapI64,
            I::LocalSet(tb),
            // A high word n != 0: a property of the global object, valid while the lexical
            // globals still number n - 1 (no `let` declared since can shadow it).
            I::LocalGet(word),
            I::I64Const(32),
            I::I64ShrU,
            I::I32WrapI64,
            I::LocalTee(tf),
            I::If(BlockType::Empty),
            I::LocalGet(tf),
            I::LocalGet(tb),
            I::I32Load(mem(OBJ_SHAPE, 2)),
            I::I32Load(mem(SHAPE_PROP_COUNT, 2)),
            I::I32Const(1),
            I::I32Add,
            I::I32Ne,
            I::BrIf(1),
            I::LocalGet(CTX),
            I::I64Load(mem(CTX_GLOBAL_OBJ, 3)),
            I::I32WrapI64,
            I::LocalSet(tb),
            I::End,
        ]);
        self.own_data_property_or_slow(ins, mask, want);
    }

    /// The rest of a cache hit test, shared by global variables and fields: `tb` holds an
    /// object and `ta` a cache word's index + 1 (not 0). Branches to the slow path (depth 0)
    /// unless entry `index` of the object's shape names `ins`'s atom with flags that, masked by
    /// `mask`, equal `want`, and its value is not an uninitialised lexical. On a hit, `ta`
    /// holds the address of the value (a JSProperty) and `t1` the value.
    fn own_data_property_or_slow(&mut self, ins: &Instr, mask: u32, want: u32) {
        let (ta, tb, tf, word) = (self.ta, self.tb, self.tf, self.t1);
        // ta = index; tf = shape; the index must be in range.
        self.e(&[
            I::LocalGet(ta),
            I::I32Const(1),
            I::I32Sub,
            I::LocalTee(ta),
            I::LocalGet(tb),
            I::I32Load(mem(OBJ_SHAPE, 2)),
            I::LocalTee(tf),
            I::I32Load(mem(SHAPE_PROP_COUNT, 2)),
            I::I32GeU,
            I::BrIf(0),
        ]);
        // The shape entry is at shape + hash_table + (prop_hash_mask + 1) * 4 + index * 8;
        // tf = shape + prop_hash_mask * 4 + index * 8, the rest goes into the load offsets.
        let entry = SHAPE_HASH_TABLE + 4;
        self.e(&[
            I::LocalGet(tf),
            I::LocalGet(tf),
            I::I32Load(mem(SHAPE_PROP_HASH_MASK, 2)),
            I::I32Const(2),
            I::I32Shl,
            I::I32Add,
            I::LocalGet(ta),
            I::I32Const(3),
            I::I32Shl,
            I::I32Add,
            I::LocalTee(tf),
            I::I32Load(mem(entry + 4, 2)),
        ]);
        self.atom(ins);
        self.e(&[
            I::I32Ne,
            I::BrIf(0),
            I::LocalGet(tf),
            I::I32Load(mem(entry, 2)),
            I::I32Const(SHAPE_PROP_FLAGS_SHIFT as i32),
            I::I32ShrU,
            I::I32Const(mask as i32),
            I::I32And,
            I::I32Const(want as i32),
            I::I32Ne,
            I::BrIf(0),
        ]);
        // ta = &obj->prop[index]; t1 = its value.
        self.value_address(tb, OBJ_PROP, ta);
        self.e(&[
            I::LocalTee(ta),
            I::I64Load(mem(0, 3)),
            I::LocalTee(word),
            I::I64Const(UNINITIALIZED),
            I::I64Eq,
            I::BrIf(0),
        ]);
    }

    /// Pushes the address of JSValue number `index` (a local) of the array whose pointer is
    /// field `field` of the structure at `base` (a local).
    fn value_address(&mut self, base: u32, field: u32, index: u32) {
        self.e(&[
            I::LocalGet(base),
            I::I32Load(mem(field, 2)),
            I::LocalGet(index),
            I::I32Const(3),
            I::I32Shl,
            I::I32Add,
        ]);
    }

    /// A new Wasm global for a site's cache, starting at `init`.
    fn new_site_global(&mut self, init: i64) -> u32 {
        self.site_globals.push(init);
        self.api.global_count + self.site_globals.len() as u32 - 1
    }

    /// get_var / get_var_undef into slot `d`.
    ///
    /// Besides the cache word, each site has a value cache: once the variable has been read as
    /// an initialised global `const` (a lexical global that is not writable), its value is kept
    /// and later reads take it without looking anything up. That is exact: a lexical global
    /// cannot be deleted, redeclared or reconfigured (the object holding them is not reachable
    /// from JS), and a `const`'s value never changes once initialised. The value needs no
    /// reference of its own: the binding holds one for as long as the context lives.
    pub(super) fn get_var(&mut self, ins: &Instr, d: u16) {
        use edgebox_opcodes::Op::GetVar;
        let global = self.new_site_global(0);
        // Empty until filled: no initialised binding holds the uninitialised marker.
        let value_cache = self.new_site_global(UNINITIALIZED);
        let dst = self.slot(d);
        self.open_block(); // done
        self.e(&[
            I::GlobalGet(value_cache),
            I::LocalTee(dst),
            I::I64Const(UNINITIALIZED),
            I::I64Ne,
            I::If(BlockType::Empty),
        ]);
        self.nesting += 1;
        self.dup(dst);
        self.i(I::Br(1));
        self.nesting -= 1;
        self.i(I::End);
        self.open_block(); // slow
        self.global_hit_or_slow(ins, global, PROP_TMASK, 0);
        // A lexical global (cache word's high half 0) without the writable flag is a `const`:
        // keep its value. `tf` still addresses the shape entry (own_data_property_or_slow).
        let entry = SHAPE_HASH_TABLE + 4;
        self.e(&[
            I::GlobalGet(global),
            I::I64Const(32),
            I::I64ShrU,
            I::I64Eqz,
            I::LocalGet(self.tf),
            I::I32Load(mem(entry, 2)),
            I::I32Const(SHAPE_PROP_FLAGS_SHIFT as i32),
            I::I32ShrU,
            I::I32Const(PROP_WRITABLE as i32),
            I::I32And,
            I::I32Eqz,
            I::I32And,
            I::If(BlockType::Empty),
            I::LocalGet(self.t1),
            I::GlobalSet(value_cache),
            I::End,
        ]);
        self.e(&[I::LocalGet(self.t1), I::LocalSet(dst)]);
        self.dup(dst);
        self.i(I::Br(1));
        self.close_block();
        self.set_pc(ins);
        self.i(I::LocalGet(CTX));
        self.atom(ins);
        self.i(I::I32Const(i32::from(ins.op == GetVar)));
        self.cache_word_out();
        self.helper("edgebox_fz_get_var");
        self.i(I::LocalSet(dst));
        self.refresh_cache_word(global);
        self.check_exception(dst, d);
        self.close_block();
    }

    /// put_var of the value in slot `value` (consumed).
    pub(super) fn put_var(&mut self, ins: &Instr, value: u16) {
        let global = self.new_site_global(0);
        let src = self.slot(value);
        self.open_block(); // done
        self.open_block(); // slow
        let mask = PROP_TMASK | PROP_WRITABLE | PROP_LENGTH;
        self.global_hit_or_slow(ins, global, mask, PROP_WRITABLE);
        // set_value: store, then free the old value (in t1).
        self.e(&[
            I::LocalGet(self.ta),
            I::LocalGet(src),
            I::I64Store(mem(0, 3)),
        ]);
        self.free(self.t1);
        self.i(I::Br(1));
        self.close_block();
        self.set_pc(ins);
        self.i(I::LocalGet(CTX));
        self.atom(ins);
        self.i(I::LocalGet(src));
        self.cache_word_out();
        self.helper("edgebox_fz_put_var");
        self.refresh_cache_word(global);
        self.check_status(value);
        self.close_block();
    }

    /// Inside a block whose end is the slow path (depth 0 here): branches there unless `obj`
    /// is an object and cache word `global` holds an index (not 0). Leaves `tb` = the object
    /// and `ta` = the index + 1, as `own_data_property_or_slow` wants them.
    fn object_with_cached_index_or_slow(&mut self, obj: u32, global: u32) {
        self.tag(obj);
        self.e(&[
            I::I32Const(TAG_OBJECT),
            I::I32Ne,
            I::BrIf(0),
            I::GlobalGet(global),
            I::I32WrapI64,
            I::LocalTee(self.ta),
            I::I32Eqz,
            I::BrIf(0),
            I::LocalGet(obj),
            I::I32WrapI64,
            I::LocalSet(self.tb),
        ]);
    }

    /// get_field / get_field2 / get_length of `obj` (borrowed) into `t0` (owned; JS_EXCEPTION
    /// after a throw), through the site's cache word: inline when the object has the property
    /// as an own data property at the cached index.
    pub(super) fn get_field(&mut self, ins: &Instr, obj: u32) {
        let global = self.new_site_global(0);
        self.open_block(); // got
        self.open_block(); // slow
        self.object_with_cached_index_or_slow(obj, global);
        self.own_data_property_or_slow(ins, PROP_TMASK, 0);
        self.e(&[I::LocalGet(self.t1), I::LocalSet(self.t0)]);
        self.dup(self.t0);
        self.i(I::Br(1));
        self.close_block();
        self.set_pc(ins);
        self.e(&[I::LocalGet(CTX), I::LocalGet(obj)]);
        self.atom(ins);
        self.cache_word_out();
        self.helper("edgebox_fz_get_field");
        self.i(I::LocalSet(self.t0));
        self.refresh_cache_word(global);
        self.close_block();
    }

    /// put_field of slot `value` into the object in slot `value - 1` (both consumed), through
    /// the site's cache word: inline when the object has the property as an own writable data
    /// property at the cached index (the interpreter's own fast case).
    pub(super) fn put_field(&mut self, ins: &Instr, obj_slot: u16) {
        let global = self.new_site_global(0);
        let (obj, src) = (self.slot(obj_slot), self.slot(obj_slot + 1));
        self.open_block(); // done
        self.open_block(); // slow
        self.object_with_cached_index_or_slow(obj, global);
        let mask = PROP_TMASK | PROP_WRITABLE | PROP_LENGTH;
        self.own_data_property_or_slow(ins, mask, PROP_WRITABLE);
        // set_value: store, then free the old value (in t1); then the object.
        self.e(&[
            I::LocalGet(self.ta),
            I::LocalGet(src),
            I::I64Store(mem(0, 3)),
        ]);
        self.free(self.t1);
        self.free(obj);
        self.i(I::Br(1));
        self.close_block();
        self.set_pc(ins);
        self.e(&[I::LocalGet(CTX), I::LocalGet(obj)]);
        self.atom(ins);
        self.i(I::LocalGet(src));
        self.cache_word_out();
        self.helper("edgebox_fz_put_field");
        self.refresh_cache_word(global);
        self.check_status(obj_slot);
        self.close_block();
    }

    /// Inside a block whose end is the slow path (depth 0 here): branches there unless `obj`
    /// is an object and `prop` an int32 below its `u.array.count` (0 for anything that is not
    /// a fast array or a typed array). Leaves `ta` = the object, `tb` = the index, `tf` = its
    /// class id.
    fn element_in_bounds_or_slow(&mut self, obj: u32, prop: u32) {
        let (ta, tb, tf) = (self.ta, self.tb, self.tf);
        self.tag(obj);
        self.e(&[I::I32Const(TAG_OBJECT), I::I32Xor]);
        self.tag(prop);
        self.e(&[
            I::I32Or, // TAG_INT is 0
            I::BrIf(0),
            I::LocalGet(obj),
            I::I32WrapI64,
            I::LocalTee(ta),
            I::I32Load16U(mem(OBJ_CLASS_ID, 1)),
            I::LocalSet(tf),
            I::LocalGet(prop),
            I::I32WrapI64,
            I::LocalTee(tb),
            I::LocalGet(ta),
            I::I32Load(mem(OBJ_ARRAY_COUNT, 2)),
            I::I32GeU,
            I::BrIf(0),
        ]);
    }

    /// Pushes i32: whether class id `tf` is `a` or `b`.
    fn class_is(&mut self, a: u32, b: u32) {
        let tf = self.tf;
        self.e(&[
            I::LocalGet(tf),
            I::I32Const(a as i32),
            I::I32Eq,
            I::LocalGet(tf),
            I::I32Const(b as i32),
            I::I32Eq,
            I::I32Or,
        ]);
    }

    /// get_array_el(2) of `obj[prop]` into `t0` (owned; JS_EXCEPTION after a throw), `prop`
    /// consumed, `obj` borrowed: inline for the elements of fast arrays (Array, arguments) and
    /// of the typed arrays whose elements are int32s (Int8 … Int32, and Uint32 below 2^31).
    pub(super) fn get_array_el(&mut self, ins: &Instr, obj: u32, prop: u32) {
        let (ta, tb, tf, t0) = (self.ta, self.tb, self.tf, self.t0);
        self.open_block(); // got
        self.open_block(); // slow
        self.element_in_bounds_or_slow(obj, prop);
        self.class_is(CLASS_ARRAY, CLASS_ARGUMENTS);
        self.i(I::If(BlockType::Empty));
        self.value_address(ta, OBJ_ARRAY_VALUES, tb);
        self.e(&[I::I64Load(mem(0, 3)), I::LocalSet(t0)]);
        self.dup(t0);
        self.e(&[I::Br(2), I::End]);
        // Typed arrays: tf = class id - Uint8Clamped, ta = the element pointer.
        self.e(&[
            I::LocalGet(tf),
            I::I32Const(CLASS_UINT8C_ARRAY as i32),
            I::I32Sub,
            I::LocalSet(tf),
            I::LocalGet(ta),
            I::I32Load(mem(OBJ_ARRAY_VALUES, 2)),
            I::LocalSet(ta),
        ]);
        // One block per element kind; the br_table goes to the end of the matching one.
        const KINDS: usize = 6;
        self.i(I::Block(BlockType::Empty)); // box: tb holds the int32
        for _ in 0..KINDS {
            self.i(I::Block(BlockType::Empty));
        }
        // Depths from inside the innermost kind block: kind k ends at depth k, box is at
        // KINDS, slow at KINDS + 1.
        let (u8_, i8_, i16_, u16_, i32_, u32_) = (0, 1, 2, 3, 4, 5);
        let slow = KINDS as u32 + 1;
        let by_class = [u8_, i8_, u8_, i16_, u16_, i32_, u32_]; // Uint8C, Int8, Uint8, …, Uint32
        debug_assert_eq!(
            CLASS_UINT32_ARRAY - CLASS_UINT8C_ARRAY + 1,
            by_class.len() as u32
        );
        self.e(&[I::LocalGet(tf), I::BrTable(by_class.to_vec().into(), slow)]);
        let loads: [(u32, I<'static>); KINDS] = [
            (0, I::I32Load8U(mem(0, 0))),
            (0, I::I32Load8S(mem(0, 0))),
            (1, I::I32Load16S(mem(0, 1))),
            (1, I::I32Load16U(mem(0, 1))),
            (2, I::I32Load(mem(0, 2))),
            (2, I::I32Load(mem(0, 2))),
        ];
        for (k, (shift, load)) in loads.into_iter().enumerate() {
            self.i(I::End); // kind k
            let to_box = (KINDS - 1 - k) as u32;
            self.e(&[
                I::LocalGet(ta),
                I::LocalGet(tb),
                I::I32Const(shift as i32),
                I::I32Shl,
                I::I32Add,
                load,
                I::LocalSet(tb),
            ]);
            if k == u32_ as usize {
                // Above 2^31 - 1 a Uint32 element is a double: the helper boxes it.
                self.e(&[
                    I::LocalGet(tb),
                    I::I32Const(0),
                    I::I32LtS,
                    I::BrIf(to_box + 1),
                ]);
            }
            if to_box > 0 {
                self.i(I::Br(to_box));
            }
        }
        self.e(&[
            I::End, // box
            I::LocalGet(tb),
            I::I64ExtendI32U, // TAG_INT is 0: the int32's bits are the payload
            I::LocalSet(t0),
            I::Br(1),
        ]);
        self.close_block(); // slow
        self.set_pc(ins);
        self.e(&[I::LocalGet(CTX), I::LocalGet(obj), I::LocalGet(prop)]);
        self.helper("edgebox_fz_get_array_el");
        self.i(I::LocalSet(t0));
        self.close_block(); // got
    }

    /// put_array_el of the three slots from `first` (object, index, value; all consumed):
    /// inline for an in-bounds element of a fast Array (any value) and of the integer typed
    /// arrays but Uint8Clamped (an int32 value, whose low bits are the stored element).
    pub(super) fn put_array_el(&mut self, ins: &Instr, first: u16) {
        let (obj, prop, val) = (self.slot(first), self.slot(first + 1), self.slot(first + 2));
        let (ta, tb, tf) = (self.ta, self.tb, self.tf);
        self.open_block(); // done
        self.open_block(); // slow
        self.element_in_bounds_or_slow(obj, prop);
        self.e(&[
            I::LocalGet(tf),
            I::I32Const(CLASS_ARRAY as i32),
            I::I32Eq,
            I::If(BlockType::Empty),
        ]);
        // set_value: store, then free the old value.
        self.value_address(ta, OBJ_ARRAY_VALUES, tb);
        self.e(&[
            I::LocalTee(ta),
            I::I64Load(mem(0, 3)),
            I::LocalSet(self.t1),
            I::LocalGet(ta),
            I::LocalGet(val),
            I::I64Store(mem(0, 3)),
        ]);
        self.free(self.t1);
        self.free(obj);
        self.e(&[I::Br(2), I::End]);
        // Integer typed arrays with an int32 value: tf = class id - Int8.
        self.tag(val);
        self.e(&[
            I::BrIf(0),
            I::LocalGet(tf),
            I::I32Const(CLASS_INT8_ARRAY as i32),
            I::I32Sub,
            I::LocalTee(tf),
            I::I32Const((CLASS_UINT32_ARRAY - CLASS_INT8_ARRAY + 1) as i32),
            I::I32GeU,
            I::BrIf(0),
            // ta = element pointer + index << log2(element size), with sizes 1 1 2 2 4 4.
            I::LocalGet(ta),
            I::I32Load(mem(OBJ_ARRAY_VALUES, 2)),
            I::LocalGet(tb),
            I::LocalGet(tf),
            I::I32Const(1),
            I::I32ShrU,
            I::I32Shl,
            I::I32Add,
            I::LocalSet(ta),
        ]);
        // Store the element's width of the value: 8 bits below kind 2, 16 below 4, else 32.
        for (below, store) in [(2, I::I64Store8(mem(0, 0))), (4, I::I64Store16(mem(0, 1)))] {
            self.e(&[
                I::LocalGet(tf),
                I::I32Const(below),
                I::I32LtU,
                I::If(BlockType::Empty),
                I::LocalGet(ta),
                I::LocalGet(val),
                store,
                I::Else,
            ]);
        }
        self.e(&[
            I::LocalGet(ta),
            I::LocalGet(val),
            I::I64Store32(mem(0, 2)),
            I::End,
            I::End,
        ]);
        self.free(obj);
        self.i(I::Br(1));
        self.close_block(); // slow
        self.set_pc(ins);
        self.i(I::LocalGet(CTX));
        for slot in [obj, prop, val] {
            self.i(I::LocalGet(slot));
        }
        self.helper("edgebox_fz_put_array_el");
        self.check_status(first);
        self.close_block(); // done
    }

    /// Pushes i32: whether local `l` holds a number (an int32 or a float64).
    fn is_number(&mut self, l: u32) {
        self.tag(l);
        self.e(&[
            I::I32Const(-TAG_FIRST),
            I::I32Add,
            I::LocalTee(self.tf),
            I::I32Const(TAG_FLOAT64 - TAG_FIRST),
            I::I32GeU,
            I::LocalGet(self.tf),
            I::I32Const(TAG_INT - TAG_FIRST),
            I::I32Eq,
            I::I32Or,
        ]);
    }

    /// Pushes the number in local `l` as f64 (`JS_VALUE_GET_FLOAT64`, or the int32 converted).
    fn push_f64_of(&mut self, l: u32) {
        self.tag(l);
        self.e(&[
            I::I32Eqz, // TAG_INT
            I::If(BlockType::Result(ValType::F64)),
            I::LocalGet(l),
            I::I32WrapI64,
            I::F64ConvertI32S,
            I::Else,
            I::LocalGet(l),
            I::I64Const(FLOAT64_OFFSET),
            I::I64Add,
            I::F64ReinterpretI64,
            I::End,
        ]);
    }

    /// Opens `if` on "`a` and `b` are numbers" and in it stores `a op b` into `a` as QuickJS's
    /// interpreter computes it for such operands: `+ - *` as `js_float64(d1 op d2)`, `< <= > >=`
    /// as the f64 comparison (false with NaN). Returns false, emitting nothing, for other
    /// operators; the caller emits the `else` arm and the `end`. Only reached when the int32
    /// path did not apply, so for `+ - *` the operands may still be two int32s whose result
    /// overflowed: the f64 result is then the exact one rounded, as `js_float64((double)r)`.
    pub(super) fn float64_binary(&mut self, op: Op, a: u32, b: u32) -> bool {
        let arith = match op {
            Op::Add => Some(I::F64Add),
            Op::Sub => Some(I::F64Sub),
            Op::Mul => Some(I::F64Mul),
            _ => None,
        };
        let compare = match op {
            Op::Lt => Some(I::F64Lt),
            Op::Lte => Some(I::F64Le),
            Op::Gt => Some(I::F64Gt),
            Op::Gte => Some(I::F64Ge),
            _ => None,
        };
        if arith.is_none() && compare.is_none() {
            return false;
        }
        self.is_number(a);
        self.is_number(b);
        self.e(&[I::I32And, I::If(BlockType::Empty)]);
        self.push_f64_of(a);
        self.push_f64_of(b);
        if let Some(op) = arith {
            // js_float64: every NaN becomes JS_NAN.
            let t0 = self.t0;
            self.e(&[
                op,
                I::I64ReinterpretF64,
                I::LocalSet(t0),
                I::I64Const(NAN),
                I::LocalGet(t0),
                I::I64Const(FLOAT64_OFFSET),
                I::I64Sub,
                I::LocalGet(t0),
                I::I64Const(i64::MAX),
                I::I64And,
                I::I64Const(0x7ff0_0000_0000_0000),
                I::I64GtU,
                I::Select,
                I::LocalSet(a),
            ]);
        } else if let Some(op) = compare {
            self.e(&[
                op,
                I::I64ExtendI32U,
                I::I64Const(FALSE),
                I::I64Or,
                I::LocalSet(a),
            ]);
        }
        true
    }
}
