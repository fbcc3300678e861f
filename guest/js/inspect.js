// EdgeBox guest: Node.js 20 compatible `util.format` / `util.inspect`.
//
// This is a port of Node 20's lib/internal/util/inspect.js to plain
// ECMAScript, so that it runs on QuickJS-NG (and on V8 for testing).
// The structure (formatValue, formatRaw, formatPrimitive, formatProperty,
// reduceToSingleString, groupArrayElements, ...) mirrors Node's so that the
// two can be compared side by side.  Where Node asks V8 for internal state
// (type brands, promise state, proxy targets, iterator previews) we use
// side-effect free brand checks on builtin prototype methods instead, or an
// optional host hook (see `inspect.hooks` below).
//
// Evaluated as a classic script; the completion value is the API object.
(function () {
  'use strict';

  // ---------------------------------------------------------------------
  // Engine-neutral type checks (replacements for internalBinding('types')).
  // Each one calls a builtin method that throws when the receiver lacks the
  // matching internal slot, which is exactly the brand V8 checks.
  // ---------------------------------------------------------------------

  const ObjectProtoToString = Object.prototype.toString;
  const hasOwn = (obj, key) => Object.prototype.hasOwnProperty.call(obj, key);
  const propertyIsEnumerable = (obj, key) =>
    Object.prototype.propertyIsEnumerable.call(obj, key);

  function getterOf(proto, name) {
    const desc = proto && Object.getOwnPropertyDescriptor(proto, name);
    return desc && desc.get;
  }

  // Returns a predicate that is true when `fn.call(value, ...args)` succeeds.
  function brandCheck(fn, ...args) {
    if (typeof fn !== 'function') return () => false;
    return (value) => {
      try {
        fn.call(value, ...args);
        return true;
      } catch {
        return false;
      }
    };
  }

  const isSet = brandCheck(getterOf(Set.prototype, 'size'));
  const isMap = brandCheck(getterOf(Map.prototype, 'size'));
  const isWeakSet = brandCheck(WeakSet.prototype.has, {});
  const isWeakMap = brandCheck(WeakMap.prototype.has, {});
  const isDate = brandCheck(Date.prototype.getTime);
  const isArrayBuffer = brandCheck(getterOf(ArrayBuffer.prototype, 'byteLength'));
  const isSharedArrayBuffer = typeof SharedArrayBuffer === 'function' ?
    brandCheck(getterOf(SharedArrayBuffer.prototype, 'byteLength')) :
    () => false;
  const isAnyArrayBuffer = (v) => isArrayBuffer(v) || isSharedArrayBuffer(v);
  // `buffer` (unlike `byteLength`) does not throw for detached buffers.
  const isDataView = brandCheck(getterOf(DataView.prototype, 'buffer'));
  const isNumberObject = brandCheck(Number.prototype.valueOf);
  const isStringObject = brandCheck(String.prototype.valueOf);
  const isBooleanObject = brandCheck(Boolean.prototype.valueOf);
  const isBigIntObject = typeof BigInt === 'function' ?
    brandCheck(BigInt.prototype.valueOf) : () => false;
  const isSymbolObject = brandCheck(Symbol.prototype.valueOf);
  const isBoxedPrimitive = (v) => isNumberObject(v) || isStringObject(v) ||
    isBooleanObject(v) || isBigIntObject(v) || isSymbolObject(v);

  // The `source` getter throws for non-RegExp receivers, except for
  // RegExp.prototype itself (which returns '(?:)').
  const regExpSourceCheck = brandCheck(getterOf(RegExp.prototype, 'source'));
  const isRegExp = (v) => v !== RegExp.prototype && regExpSourceCheck(v);

  // %TypedArray%.prototype[@@toStringTag] returns undefined for non typed
  // arrays and the constructor name otherwise. It never throws.
  const TypedArrayPrototype = Object.getPrototypeOf(Uint8Array.prototype);
  const typedArrayTagGetter = getterOf(TypedArrayPrototype, Symbol.toStringTag);
  const typedArrayLengthGetter = getterOf(TypedArrayPrototype, 'length');
  const typedArrayTag = (v) => typedArrayTagGetter.call(v);
  const isTypedArray = (v) => typedArrayTag(v) !== undefined;

  const MapIteratorPrototype = Object.getPrototypeOf(new Map().entries());
  const SetIteratorPrototype = Object.getPrototypeOf(new Set().values());
  const isMapIterator = (v) => Object.getPrototypeOf(v) === MapIteratorPrototype;
  const isSetIterator = (v) => Object.getPrototypeOf(v) === SetIteratorPrototype;

  // Object.prototype.toString reports 'Error' for objects with [[ErrorData]]
  // and 'Arguments' for arguments objects (unless a tag overrides it).
  const builtinTag = (v) => ObjectProtoToString.call(v).slice(8, -1);
  const isNativeError = (v) => builtinTag(v) === 'Error';
  const isError = (v) => isNativeError(v) || v instanceof Error;
  const isArgumentsObject = (v) => builtinTag(v) === 'Arguments';
  // There is no side-effect free brand check for promises in plain JS
  // (`then` would mark rejections as handled), so use the tag/prototype.
  const isPromise = (v) => v instanceof Promise || builtinTag(v) === 'Promise';
  const isAsyncFunction = (fn) => {
    const tag = builtinTag(fn);
    return tag === 'AsyncFunction' || tag === 'AsyncGeneratorFunction';
  };
  const isGeneratorFunction = (fn) => {
    const tag = builtinTag(fn);
    return tag === 'GeneratorFunction' || tag === 'AsyncGeneratorFunction';
  };
  function isModuleNamespaceObject(v) {
    if (Object.getPrototypeOf(v) !== null) return false;
    const desc = Object.getOwnPropertyDescriptor(v, Symbol.toStringTag);
    return desc !== undefined && desc.value === 'Module' && !desc.writable &&
      !desc.configurable;
  }

  // Replacement for V8's GetConstructorName (the class name of the object's
  // map), which we can only approximate by brand.
  function internalGetConstructorName(v) {
    if (typeof v === 'function') return 'Function';
    if (Array.isArray(v)) return 'Array';
    if (isTypedArray(v)) return typedArrayTag(v);
    if (isMap(v)) return 'Map';
    if (isSet(v)) return 'Set';
    if (isWeakMap(v)) return 'WeakMap';
    if (isWeakSet(v)) return 'WeakSet';
    if (isDate(v)) return 'Date';
    if (isRegExp(v)) return 'RegExp';
    if (isPromise(v)) return 'Promise';
    if (isNativeError(v)) return 'Error';
    if (isArrayBuffer(v)) return 'ArrayBuffer';
    if (isDataView(v)) return 'DataView';
    if (isNumberObject(v)) return 'Number';
    if (isStringObject(v)) return 'String';
    if (isBooleanObject(v)) return 'Boolean';
    return 'Object';
  }

  // Optional host hooks. The EdgeBox host may install native helpers here
  // (e.g. backed by JS_PromiseState / JS_GetProxyTarget):
  //   getPromiseDetails(p) -> undefined (unknown) or [state, result] where
  //     state is 0 (pending), 1 (fulfilled) or 2 (rejected)   (Node's kPending...)
  //   getProxyDetails(v)   -> undefined (not a proxy), null (revoked) or
  //     [target, handler]
  const hooks = {
    getPromiseDetails: undefined,
    getProxyDetails: undefined,
  };
  const kPending = 0;
  const kRejected = 2;

  function getProxyDetails(value, showProxy) {
    if (typeof hooks.getProxyDetails !== 'function') return undefined;
    const details = hooks.getProxyDetails(value);
    if (details === undefined || details === null || showProxy) return details;
    return details[0];
  }

  // ---------------------------------------------------------------------
  // Constants (identical to Node's).
  // ---------------------------------------------------------------------

  const customInspectSymbol = Symbol.for('nodejs.util.inspect.custom');

  // Collected when this file is evaluated, i.e. before user code runs, like
  // Node does during bootstrap.
  const builtInObjects = new Set(
    Object.getOwnPropertyNames(globalThis).filter(
      (e) => /^[A-Z][a-zA-Z0-9]+$/.test(e)),
  );

  const inspectDefaultOptions = Object.seal({
    showHidden: false,
    depth: 2,
    colors: false,
    customInspect: true,
    showProxy: false,
    maxArrayLength: 100,
    maxStringLength: 10000,
    breakLength: 80,
    compact: 3,
    sorted: false,
    getters: false,
    numericSeparator: false,
  });

  const kObjectType = 0;
  const kArrayType = 1;
  const kArrayExtrasType = 2;

  /* eslint-disable no-control-regex */
  const strEscapeSequencesRegExp = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const strEscapeSequencesReplacer = /[\x00-\x1f\x27\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  const strEscapeSequencesRegExpSingle = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
  const strEscapeSequencesReplacerSingle = /[\x00-\x1f\x5c\x7f-\x9f]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
  /* eslint-enable no-control-regex */

  const keyStrRegExp = /^[a-zA-Z_][a-zA-Z_0-9]*$/;
  const numberRegExp = /^(0|[1-9][0-9]*)$/;
  const classRegExp = /^(\s+[^(]*?)\s*{/;
  const stripCommentsRegExp = /(\/\/.*?\n)|(\/\*(.|\n)*?\*\/)/g;
  const colorRegExp = /\u001b\[\d\d?m/g;

  const kMinLineLength = 16;

  // Escaped control characters (plus the single quote and the backslash).
  const meta = [
    '\\x00', '\\x01', '\\x02', '\\x03', '\\x04', '\\x05', '\\x06', '\\x07',
    '\\b', '\\t', '\\n', '\\x0B', '\\f', '\\r', '\\x0E', '\\x0F',
    '\\x10', '\\x11', '\\x12', '\\x13', '\\x14', '\\x15', '\\x16', '\\x17',
    '\\x18', '\\x19', '\\x1A', '\\x1B', '\\x1C', '\\x1D', '\\x1E', '\\x1F',
    '', '', '', '', '', '', '', "\\'", '', '', '', '', '', '', '', '',
    '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',
    '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',
    '', '', '', '', '', '', '', '', '', '', '', '', '\\\\', '', '', '',
    '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '',
    '', '', '', '', '', '', '', '', '', '', '', '', '', '', '', '\\x7F',
    '\\x80', '\\x81', '\\x82', '\\x83', '\\x84', '\\x85', '\\x86', '\\x87',
    '\\x88', '\\x89', '\\x8A', '\\x8B', '\\x8C', '\\x8D', '\\x8E', '\\x8F',
    '\\x90', '\\x91', '\\x92', '\\x93', '\\x94', '\\x95', '\\x96', '\\x97',
    '\\x98', '\\x99', '\\x9A', '\\x9B', '\\x9C', '\\x9D', '\\x9E', '\\x9F',
  ];

  // Matches all ANSI escape code sequences (chalk/ansi-regex, MIT).
  const ansi = new RegExp(
    '[\\u001B\\u009B][[\\]()#;?]*' +
    '(?:(?:(?:(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]+)*' +
    '|[a-zA-Z\\d]+(?:;[-a-zA-Z\\d\\/\\#&.:=?%@~_]*)*)?' +
    '(?:\\u0007|\\u001B\\u005C|\\u009C))' +
    '|(?:(?:\\d{1,4}(?:;\\d{0,4})*)?' +
    '[\\dA-PR-TZcf-nq-uy=><~]))', 'g',
  );

  // ---------------------------------------------------------------------
  // inspect() entry point and options.
  // ---------------------------------------------------------------------

  function getUserOptions(ctx) {
    return {
      stylize: ctx.stylize,
      showHidden: ctx.showHidden,
      depth: ctx.depth,
      colors: ctx.colors,
      customInspect: ctx.customInspect,
      showProxy: ctx.showProxy,
      maxArrayLength: ctx.maxArrayLength,
      maxStringLength: ctx.maxStringLength,
      breakLength: ctx.breakLength,
      compact: ctx.compact,
      sorted: ctx.sorted,
      getters: ctx.getters,
      numericSeparator: ctx.numericSeparator,
      ...ctx.userOptions,
    };
  }

  /* Legacy signature: inspect(value, showHidden, depth, colors) */
  function inspect(value, opts) {
    const ctx = {
      budget: {},
      indentationLvl: 0,
      seen: [],
      currentDepth: 0,
      stylize: stylizeNoColor,
      showHidden: inspectDefaultOptions.showHidden,
      depth: inspectDefaultOptions.depth,
      colors: inspectDefaultOptions.colors,
      customInspect: inspectDefaultOptions.customInspect,
      showProxy: inspectDefaultOptions.showProxy,
      maxArrayLength: inspectDefaultOptions.maxArrayLength,
      maxStringLength: inspectDefaultOptions.maxStringLength,
      breakLength: inspectDefaultOptions.breakLength,
      compact: inspectDefaultOptions.compact,
      sorted: inspectDefaultOptions.sorted,
      getters: inspectDefaultOptions.getters,
      numericSeparator: inspectDefaultOptions.numericSeparator,
    };
    if (arguments.length > 1) {
      if (arguments.length > 2) {
        if (arguments[2] !== undefined) {
          ctx.depth = arguments[2];
        }
        if (arguments.length > 3 && arguments[3] !== undefined) {
          ctx.colors = arguments[3];
        }
      }
      if (typeof opts === 'boolean') {
        ctx.showHidden = opts;
      } else if (opts) {
        for (const key of Object.keys(opts)) {
          if (hasOwn(inspectDefaultOptions, key) || key === 'stylize') {
            ctx[key] = opts[key];
          } else if (ctx.userOptions === undefined) {
            // Pass unknown options through to custom inspect functions.
            ctx.userOptions = opts;
          }
        }
      }
    }
    if (ctx.colors) ctx.stylize = stylizeWithColor;
    if (ctx.maxArrayLength === null) ctx.maxArrayLength = Infinity;
    if (ctx.maxStringLength === null) ctx.maxStringLength = Infinity;
    return formatValue(ctx, value, 0);
  }
  inspect.custom = customInspectSymbol;
  Object.defineProperty(inspect, 'hooks', { value: hooks, enumerable: false });

  Object.defineProperty(inspect, 'defaultOptions', {
    get() {
      return inspectDefaultOptions;
    },
    set(options) {
      if (options === null || typeof options !== 'object') {
        throw new TypeError('The "options" argument must be of type object.');
      }
      return Object.assign(inspectDefaultOptions, options);
    },
  });

  inspect.colors = Object.assign(Object.create(null), {
    reset: [0, 0], bold: [1, 22], dim: [2, 22], italic: [3, 23],
    underline: [4, 24], blink: [5, 25], inverse: [7, 27], hidden: [8, 28],
    strikethrough: [9, 29], doubleunderline: [21, 24],
    black: [30, 39], red: [31, 39], green: [32, 39], yellow: [33, 39],
    blue: [34, 39], magenta: [35, 39], cyan: [36, 39], white: [37, 39],
    bgBlack: [40, 49], bgRed: [41, 49], bgGreen: [42, 49], bgYellow: [43, 49],
    bgBlue: [44, 49], bgMagenta: [45, 49], bgCyan: [46, 49], bgWhite: [47, 49],
    framed: [51, 54], overlined: [53, 55], gray: [90, 39], grey: [90, 39],
    redBright: [91, 39], greenBright: [92, 39], yellowBright: [93, 39],
    blueBright: [94, 39], magentaBright: [95, 39], cyanBright: [96, 39],
    whiteBright: [97, 39],
  });

  inspect.styles = Object.assign(Object.create(null), {
    special: 'cyan',
    number: 'yellow',
    bigint: 'yellow',
    boolean: 'yellow',
    undefined: 'grey',
    null: 'bold',
    string: 'green',
    symbol: 'green',
    date: 'magenta',
    regexp: 'red',
    module: 'underline',
  });

  function stylizeWithColor(str, styleType) {
    const style = inspect.styles[styleType];
    if (style !== undefined) {
      const color = inspect.colors[style];
      if (color !== undefined)
        return `\u001b[${color[0]}m${str}\u001b[${color[1]}m`;
    }
    return str;
  }

  function stylizeNoColor(str) {
    return str;
  }

  // ---------------------------------------------------------------------
  // Strings.
  // ---------------------------------------------------------------------

  function addQuotes(str, quotes) {
    if (quotes === -1) return `"${str}"`;
    if (quotes === -2) return `\`${str}\``;
    return `'${str}'`;
  }

  function escapeFn(str) {
    const charCode = str.charCodeAt(0);
    return meta.length > charCode ? meta[charCode] : `\\u${charCode.toString(16)}`;
  }

  // Escape control characters, single quotes and the backslash. Prefer
  // another quote character over escaping single quotes, like Node.
  function strEscape(str) {
    let escapeTest = strEscapeSequencesRegExp;
    let escapeReplace = strEscapeSequencesReplacer;
    let singleQuote = 39;

    if (str.includes("'")) {
      if (!str.includes('"')) {
        singleQuote = -1;
      } else if (!str.includes('`') && !str.includes('${')) {
        singleQuote = -2;
      }
      if (singleQuote !== 39) {
        escapeTest = strEscapeSequencesRegExpSingle;
        escapeReplace = strEscapeSequencesReplacerSingle;
      }
    }

    if (str.length < 5000 && escapeTest.exec(str) === null)
      return addQuotes(str, singleQuote);
    if (str.length > 100) {
      str = str.replace(escapeReplace, escapeFn);
      return addQuotes(str, singleQuote);
    }

    let result = '';
    let last = 0;
    for (let i = 0; i < str.length; i++) {
      const point = str.charCodeAt(i);
      if (point === singleQuote || point === 92 || point < 32 ||
          (point > 126 && point < 160)) {
        result += last === i ? meta[point] : `${str.slice(last, i)}${meta[point]}`;
        last = i + 1;
      } else if (point >= 0xd800 && point <= 0xdfff) {
        // Lone surrogates are escaped, valid pairs are kept.
        if (point <= 0xdbff && i + 1 < str.length) {
          const next = str.charCodeAt(i + 1);
          if (next >= 0xdc00 && next <= 0xdfff) {
            i++;
            continue;
          }
        }
        result += `${str.slice(last, i)}\\u${point.toString(16)}`;
        last = i + 1;
      }
    }
    if (last !== str.length) {
      result += str.slice(last);
    }
    return addQuotes(result, singleQuote);
  }

  function stripVTControlCharacters(str) {
    return str.replace(ansi, '');
  }

  function removeColors(str) {
    return str.replace(colorRegExp, '');
  }

  function isFullWidthCodePoint(code) {
    return code >= 0x1100 && (
      code <= 0x115f ||
      code === 0x2329 ||
      code === 0x232a ||
      (code >= 0x2e80 && code <= 0x3247 && code !== 0x303f) ||
      (code >= 0x3250 && code <= 0x4dbf) ||
      (code >= 0x4e00 && code <= 0xa4c6) ||
      (code >= 0xa960 && code <= 0xa97c) ||
      (code >= 0xac00 && code <= 0xd7a3) ||
      (code >= 0xf900 && code <= 0xfaff) ||
      (code >= 0xfe10 && code <= 0xfe19) ||
      (code >= 0xfe30 && code <= 0xfe6b) ||
      (code >= 0xff01 && code <= 0xff60) ||
      (code >= 0xffe0 && code <= 0xffe6) ||
      (code >= 0x1b000 && code <= 0x1b001) ||
      (code >= 0x1f200 && code <= 0x1f251) ||
      (code >= 0x1f300 && code <= 0x1f64f) ||
      (code >= 0x20000 && code <= 0x3fffd)
    );
  }

  function isZeroWidthCodePoint(code) {
    return code <= 0x1F ||
      (code >= 0x7F && code <= 0x9F) ||
      (code >= 0x300 && code <= 0x36F) ||
      (code >= 0x200B && code <= 0x200F) ||
      (code >= 0x20D0 && code <= 0x20FF) ||
      (code >= 0xFE00 && code <= 0xFE0F) ||
      (code >= 0xFE20 && code <= 0xFE2F) ||
      (code >= 0xE0100 && code <= 0xE01EF);
  }

  // Node's non-ICU getStringWidth (the ICU build differs only for exotic
  // non-ASCII characters). The ASCII fast path matches the ICU build.
  function getStringWidth(str, removeControlChars = true) {
    if (removeControlChars) str = stripVTControlCharacters(str);
    let width = 0;
    let i = 0;
    for (; i < str.length; i++) {
      const code = str.charCodeAt(i);
      if (code >= 127) break;
      width += code >= 32 ? 1 : 0;
    }
    if (i === str.length) return width;
    for (const char of str.slice(i).normalize('NFC')) {
      const code = char.codePointAt(0);
      if (isFullWidthCodePoint(code)) {
        width += 2;
      } else if (!isZeroWidthCodePoint(code)) {
        width++;
      }
    }
    return width;
  }

  // ---------------------------------------------------------------------
  // Constructor names, prefixes and keys.
  // ---------------------------------------------------------------------

  function isInstanceof(object, proto) {
    try {
      return object instanceof proto;
    } catch {
      return false;
    }
  }

  // Builtin prototypes whose `constructor` property may have been tampered.
  const wellKnownPrototypes = new Map([
    [Object.prototype, { name: 'Object', constructor: Object }],
    [Function.prototype, { name: 'Function', constructor: Function }],
  ]);
  const ordinaryHasInstance = Function.prototype[Symbol.hasInstance];

  function getConstructorName(obj, ctx, recurseTimes, protoProps) {
    let firstProto;
    const tmp = obj;
    while (obj) {
      const known = wellKnownPrototypes.get(obj);
      if (known !== undefined && ordinaryHasInstance.call(known.constructor, tmp)) {
        if (protoProps !== undefined && firstProto !== obj) {
          addPrototypeProperties(ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
        }
        return known.name;
      }
      const descriptor = Object.getOwnPropertyDescriptor(obj, 'constructor');
      if (descriptor !== undefined &&
          typeof descriptor.value === 'function' &&
          descriptor.value.name !== '' &&
          isInstanceof(tmp, descriptor.value)) {
        if (protoProps !== undefined &&
            (firstProto !== obj || !builtInObjects.has(descriptor.value.name))) {
          addPrototypeProperties(ctx, tmp, firstProto || tmp, recurseTimes, protoProps);
        }
        return String(descriptor.value.name);
      }
      obj = Object.getPrototypeOf(obj);
      if (firstProto === undefined) {
        firstProto = obj;
      }
    }

    if (firstProto === null) {
      return null;
    }

    const res = internalGetConstructorName(tmp);
    if (recurseTimes > ctx.depth && ctx.depth !== null) {
      return `${res} <Complex prototype>`;
    }
    const protoConstr = getConstructorName(firstProto, ctx, recurseTimes + 1, protoProps);
    if (protoConstr === null) {
      return `${res} <${inspect(firstProto, {
        ...ctx,
        customInspect: false,
        depth: -1,
      })}>`;
    }
    return `${res} <${protoConstr}>`;
  }

  // Adds user defined prototype properties to `output` (showHidden only).
  function addPrototypeProperties(ctx, main, obj, recurseTimes, output) {
    let depth = 0;
    let keys;
    let keySet;
    do {
      if (depth !== 0 || main === obj) {
        obj = Object.getPrototypeOf(obj);
        if (obj === null) return;
        const descriptor = Object.getOwnPropertyDescriptor(obj, 'constructor');
        if (descriptor !== undefined &&
            typeof descriptor.value === 'function' &&
            builtInObjects.has(descriptor.value.name)) {
          return;
        }
      }
      if (depth === 0) {
        keySet = new Set();
      } else {
        keys.forEach((key) => keySet.add(key));
      }
      keys = Reflect.ownKeys(obj);
      ctx.seen.push(main);
      for (const key of keys) {
        if (key === 'constructor' || hasOwn(main, key) ||
            (depth !== 0 && keySet.has(key))) {
          continue;
        }
        const desc = Object.getOwnPropertyDescriptor(obj, key);
        if (typeof desc.value === 'function') continue;
        const value = formatProperty(ctx, obj, recurseTimes, key, kObjectType, desc, main);
        output.push(ctx.colors ? `\u001b[2m${value}\u001b[22m` : value);
      }
      ctx.seen.pop();
    } while (++depth !== 3);
  }

  function getPrefix(constructor, tag, fallback, size = '') {
    if (constructor === null) {
      if (tag !== '' && fallback !== tag) {
        return `[${fallback}${size}: null prototype] [${tag}] `;
      }
      return `[${fallback}${size}: null prototype] `;
    }
    if (tag !== '' && constructor !== tag) {
      return `${constructor}${size} [${tag}] `;
    }
    return `${constructor}${size} `;
  }

  function getKeys(value, showHidden) {
    let keys;
    const symbols = Object.getOwnPropertySymbols(value);
    if (showHidden) {
      keys = Object.getOwnPropertyNames(value);
      if (symbols.length !== 0) keys.push(...symbols);
    } else {
      keys = Object.keys(value);
      if (symbols.length !== 0) {
        keys.push(...symbols.filter((key) => propertyIsEnumerable(value, key)));
      }
    }
    return keys;
  }

  function isArrayIndexKey(key) {
    return numberRegExp.test(key) && +key < 2 ** 32 - 1;
  }

  // Replacement for V8's GetOwnPropertyNames(SKIP_INDICES).
  function getOwnNonIndexProperties(value, showHidden) {
    const names = showHidden ? Object.getOwnPropertyNames(value) : Object.keys(value);
    const keys = names.filter((key) => !isArrayIndexKey(key));
    for (const sym of Object.getOwnPropertySymbols(value)) {
      if (showHidden || propertyIsEnumerable(value, sym)) keys.push(sym);
    }
    return keys;
  }

  function getCtxStyle(value, constructor, tag) {
    let fallback = '';
    if (constructor === null) {
      fallback = internalGetConstructorName(value);
      if (fallback === tag) {
        fallback = 'Object';
      }
    }
    return getPrefix(constructor, tag, fallback);
  }

  function formatProxy(ctx, proxy, recurseTimes) {
    if (recurseTimes > ctx.depth && ctx.depth !== null) {
      return ctx.stylize('Proxy [Array]', 'special');
    }
    recurseTimes += 1;
    ctx.indentationLvl += 2;
    const res = [
      formatValue(ctx, proxy[0], recurseTimes),
      formatValue(ctx, proxy[1], recurseTimes),
    ];
    ctx.indentationLvl -= 2;
    return reduceToSingleString(ctx, res, '', ['Proxy [', ']'], kArrayExtrasType, recurseTimes);
  }

  // ---------------------------------------------------------------------
  // formatValue / formatRaw: the core recursion.
  // ---------------------------------------------------------------------

  function formatValue(ctx, value, recurseTimes, typedArray) {
    if (typeof value !== 'object' && typeof value !== 'function') {
      return formatPrimitive(ctx.stylize, value, ctx);
    }
    if (value === null) {
      return ctx.stylize('null', 'null');
    }

    // Memorize the context for custom inspection on proxies.
    const context = value;
    const proxy = getProxyDetails(value, !!ctx.showProxy);
    if (proxy !== undefined) {
      if (proxy === null || proxy[0] === null) {
        return ctx.stylize('<Revoked Proxy>', 'special');
      }
      if (ctx.showProxy) {
        return formatProxy(ctx, proxy, recurseTimes);
      }
      value = proxy;
    }

    if (ctx.customInspect) {
      const maybeCustom = value[customInspectSymbol];
      if (typeof maybeCustom === 'function' &&
          maybeCustom !== inspect &&
          // Filter out prototype objects.
          !(value.constructor && value.constructor.prototype === value)) {
        const depth = ctx.depth === null ? null : ctx.depth - recurseTimes;
        const ret = maybeCustom.call(context, depth, getUserOptions(ctx), inspect);
        // Returning `this` must not recurse forever.
        if (ret !== context) {
          if (typeof ret !== 'string') {
            return formatValue(ctx, ret, recurseTimes);
          }
          return ret.replaceAll('\n', `\n${' '.repeat(ctx.indentationLvl)}`);
        }
      }
    }

    // An array beats a Set here: `seen` only holds the current path.
    if (ctx.seen.includes(value)) {
      let index = 1;
      if (ctx.circular === undefined) {
        ctx.circular = new Map();
        ctx.circular.set(value, index);
      } else {
        index = ctx.circular.get(value);
        if (index === undefined) {
          index = ctx.circular.size + 1;
          ctx.circular.set(value, index);
        }
      }
      return ctx.stylize(`[Circular *${index}]`, 'special');
    }

    return formatRaw(ctx, value, recurseTimes, typedArray);
  }

  function getTag(ctx, value) {
    let tag = value[Symbol.toStringTag];
    // Only list the tag in case it's non-enumerable / not an own property,
    // otherwise it would be printed twice.
    if (typeof tag !== 'string' ||
        (tag !== '' &&
        (ctx.showHidden ? hasOwn : propertyIsEnumerable)(value, Symbol.toStringTag))) {
      tag = '';
    }
    return tag;
  }

  function formatRaw(ctx, value, recurseTimes, typedArray) {
    let keys;
    let protoProps;
    if (ctx.showHidden && (recurseTimes <= ctx.depth || ctx.depth === null)) {
      protoProps = [];
    }

    const constructor = getConstructorName(value, ctx, recurseTimes, protoProps);
    if (protoProps !== undefined && protoProps.length === 0) {
      protoProps = undefined;
    }

    const tag = getTag(ctx, value);
    let base = '';
    let formatter = getEmptyFormatArray;
    let braces;
    let noIterator = true;
    let extrasType = kObjectType;

    // Iterable types first. All values are checked when the constructor is
    // null, otherwise not all types could be identified.
    if (Symbol.iterator in value || constructor === null) {
      noIterator = false;
      if (Array.isArray(value)) {
        // Only name non ordinary arrays ("Foo(1) [...]").
        const prefix = (constructor !== 'Array' || tag !== '') ?
          getPrefix(constructor, tag, 'Array', `(${value.length})`) :
          '';
        keys = getOwnNonIndexProperties(value, ctx.showHidden);
        braces = [`${prefix}[`, ']'];
        if (value.length === 0 && keys.length === 0 && protoProps === undefined)
          return `${braces[0]}]`;
        extrasType = kArrayExtrasType;
        formatter = formatArray;
      } else if (isSet(value)) {
        const size = getterOf(Set.prototype, 'size').call(value);
        const prefix = getPrefix(constructor, tag, 'Set', `(${size})`);
        keys = getKeys(value, ctx.showHidden);
        const source = constructor !== null ? value : Set.prototype.values.call(value);
        formatter = (c, v, r) => formatSet(source, size, c, r);
        if (size === 0 && keys.length === 0 && protoProps === undefined)
          return `${prefix}{}`;
        braces = [`${prefix}{`, '}'];
      } else if (isMap(value)) {
        const size = getterOf(Map.prototype, 'size').call(value);
        const prefix = getPrefix(constructor, tag, 'Map', `(${size})`);
        keys = getKeys(value, ctx.showHidden);
        const source = constructor !== null ? value : Map.prototype.entries.call(value);
        formatter = (c, v, r) => formatMap(source, size, c, r);
        if (size === 0 && keys.length === 0 && protoProps === undefined)
          return `${prefix}{}`;
        braces = [`${prefix}{`, '}'];
      } else if (isTypedArray(value)) {
        keys = getOwnNonIndexProperties(value, ctx.showHidden);
        let bound = value;
        let fallback = '';
        if (constructor === null) {
          fallback = typedArrayTag(value);
          // Reconstruct the array information.
          bound = new globalThis[fallback](value);
        }
        const size = typedArrayLengthGetter.call(value);
        const prefix = getPrefix(constructor, tag, fallback, `(${size})`);
        braces = [`${prefix}[`, ']'];
        if (value.length === 0 && keys.length === 0 && !ctx.showHidden)
          return `${braces[0]}]`;
        formatter = (c, v, r) => formatTypedArray(bound, size, c, v, r);
        extrasType = kArrayExtrasType;
      } else if (isMapIterator(value)) {
        keys = getKeys(value, ctx.showHidden);
        braces = getIteratorBraces('Map', tag);
        formatter = formatIterator;
      } else if (isSetIterator(value)) {
        keys = getKeys(value, ctx.showHidden);
        braces = getIteratorBraces('Set', tag);
        formatter = formatIterator;
      } else {
        noIterator = true;
      }
    }
    if (noIterator) {
      keys = getKeys(value, ctx.showHidden);
      braces = ['{', '}'];
      if (typeof value === 'function') {
        base = getFunctionBase(value, constructor, tag);
        if (keys.length === 0 && protoProps === undefined)
          return ctx.stylize(base, 'special');
      } else if (constructor === 'Object') {
        if (isArgumentsObject(value)) {
          braces[0] = '[Arguments] {';
        } else if (tag !== '') {
          braces[0] = `${getPrefix(constructor, tag, 'Object')}{`;
        }
        if (keys.length === 0 && protoProps === undefined) {
          return `${braces[0]}}`;
        }
      } else if (isRegExp(value)) {
        base = RegExp.prototype.toString.call(
          constructor !== null ? value : new RegExp(value));
        const prefix = getPrefix(constructor, tag, 'RegExp');
        if (prefix !== 'RegExp ') base = `${prefix}${base}`;
        if ((keys.length === 0 && protoProps === undefined) ||
            (recurseTimes > ctx.depth && ctx.depth !== null)) {
          return ctx.stylize(base, 'regexp');
        }
      } else if (isDate(value)) {
        base = Number.isNaN(Date.prototype.getTime.call(value)) ?
          Date.prototype.toString.call(value) :
          Date.prototype.toISOString.call(value);
        const prefix = getPrefix(constructor, tag, 'Date');
        if (prefix !== 'Date ') base = `${prefix}${base}`;
        if (keys.length === 0 && protoProps === undefined) {
          return ctx.stylize(base, 'date');
        }
      } else if (isError(value)) {
        base = formatError(value, constructor, tag, ctx, keys);
        if (keys.length === 0 && protoProps === undefined) return base;
      } else if (isAnyArrayBuffer(value)) {
        // DataView is not handled here: its .buffer needs recursion.
        const arrayType = isArrayBuffer(value) ? 'ArrayBuffer' : 'SharedArrayBuffer';
        const prefix = getPrefix(constructor, tag, arrayType);
        if (typedArray === undefined) {
          formatter = formatArrayBuffer;
        } else if (keys.length === 0 && protoProps === undefined) {
          return prefix +
            `{ byteLength: ${formatNumber(ctx.stylize, value.byteLength, false)} }`;
        }
        braces[0] = `${prefix}{`;
        keys.unshift('byteLength');
      } else if (isDataView(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'DataView')}{`;
        // .buffer goes last, it's not a primitive like the others.
        keys.unshift('byteLength', 'byteOffset', 'buffer');
      } else if (isPromise(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'Promise')}{`;
        formatter = formatPromise;
      } else if (isWeakSet(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'WeakSet')}{`;
        formatter = formatWeakCollection;
      } else if (isWeakMap(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'WeakMap')}{`;
        formatter = formatWeakCollection;
      } else if (isModuleNamespaceObject(value)) {
        braces[0] = `${getPrefix(constructor, tag, 'Module')}{`;
        formatter = (c, v, r) => formatNamespaceObject(keys, c, v, r);
      } else if (isBoxedPrimitive(value)) {
        base = getBoxedBase(value, ctx, keys, constructor, tag);
        if (keys.length === 0 && protoProps === undefined) {
          return base;
        }
      } else {
        if (keys.length === 0 && protoProps === undefined) {
          return `${getCtxStyle(value, constructor, tag)}{}`;
        }
        braces[0] = `${getCtxStyle(value, constructor, tag)}{`;
      }
    }

    if (recurseTimes > ctx.depth && ctx.depth !== null) {
      let constructorName = getCtxStyle(value, constructor, tag).slice(0, -1);
      if (constructor !== null) constructorName = `[${constructorName}]`;
      return ctx.stylize(constructorName, 'special');
    }
    recurseTimes += 1;

    ctx.seen.push(value);
    ctx.currentDepth = recurseTimes;
    let output;
    const indentationLvl = ctx.indentationLvl;
    try {
      output = formatter(ctx, value, recurseTimes);
      for (let i = 0; i < keys.length; i++) {
        output.push(formatProperty(ctx, value, recurseTimes, keys[i], extrasType));
      }
      if (protoProps !== undefined) {
        output.push(...protoProps);
      }
    } catch (err) {
      if (!isStackOverflowError(err)) throw err;
      const constructorName = getCtxStyle(value, constructor, tag).slice(0, -1);
      return handleMaxCallStackSize(ctx, err, constructorName, indentationLvl);
    }
    if (ctx.circular !== undefined) {
      const index = ctx.circular.get(value);
      if (index !== undefined) {
        const reference = ctx.stylize(`<ref *${index}>`, 'special');
        // Add the reference always to the very beginning of the output.
        if (ctx.compact !== true) {
          base = base === '' ? reference : `${reference} ${base}`;
        } else {
          braces[0] = `${reference} ${braces[0]}`;
        }
      }
    }
    ctx.seen.pop();

    if (ctx.sorted) {
      const comparator = ctx.sorted === true ? undefined : ctx.sorted;
      if (extrasType === kObjectType) {
        output.sort(comparator);
      } else if (keys.length > 1) {
        const sorted = output.slice(output.length - keys.length).sort(comparator);
        output.splice(output.length - keys.length, keys.length, ...sorted);
      }
    }

    const res = reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value);
    const budget = ctx.budget[ctx.indentationLvl] || 0;
    const newLength = budget + res.length;
    ctx.budget[ctx.indentationLvl] = newLength;
    // Stop inspecting deeper once the output gets huge (Node's 2 ** 27).
    if (newLength > 2 ** 27) {
      ctx.depth = -1;
    }
    return res;
  }

  function getEmptyFormatArray() {
    return [];
  }

  function getIteratorBraces(type, tag) {
    if (tag !== `${type} Iterator`) {
      if (tag !== '') tag += '] [';
      tag += `${type} Iterator`;
    }
    return [`[${tag}] {`, '}'];
  }

  function getBoxedBase(value, ctx, keys, constructor, tag) {
    let fn;
    let type;
    if (isNumberObject(value)) {
      fn = Number.prototype.valueOf;
      type = 'Number';
    } else if (isStringObject(value)) {
      fn = String.prototype.valueOf;
      type = 'String';
      // The indexed characters of boxed strings are redundant noise.
      keys.splice(0, value.length);
    } else if (isBooleanObject(value)) {
      fn = Boolean.prototype.valueOf;
      type = 'Boolean';
    } else if (isBigIntObject(value)) {
      fn = BigInt.prototype.valueOf;
      type = 'BigInt';
    } else {
      fn = Symbol.prototype.valueOf;
      type = 'Symbol';
    }
    let base = `[${type}`;
    if (type !== constructor) {
      base += constructor === null ? ' (null prototype)' : ` (${constructor})`;
    }
    base += `: ${formatPrimitive(stylizeNoColor, fn.call(value), ctx)}]`;
    if (tag !== '' && tag !== constructor) {
      base += ` [${tag}]`;
    }
    if (keys.length !== 0 || ctx.stylize === stylizeNoColor) return base;
    return ctx.stylize(base, type.toLowerCase());
  }

  function getClassBase(value, constructor, tag) {
    const hasName = hasOwn(value, 'name');
    const name = (hasName && value.name) || '(anonymous)';
    let base = `class ${name}`;
    if (constructor !== 'Function' && constructor !== null) {
      base += ` [${constructor}]`;
    }
    if (tag !== '' && constructor !== tag) {
      base += ` [${tag}]`;
    }
    if (constructor !== null) {
      const superName = Object.getPrototypeOf(value).name;
      if (superName) base += ` extends ${superName}`;
    } else {
      base += ' extends [null prototype]';
    }
    return `[${base}]`;
  }

  // Classes are detected from their source text, like Node does. QuickJS
  // keeps function source unless the bytecode was compiled with stripped
  // source, in which case classes print as functions.
  function getFunctionBase(value, constructor, tag) {
    const stringified = Function.prototype.toString.call(value);
    if (stringified.startsWith('class') && stringified.endsWith('}')) {
      const slice = stringified.slice(5, -1);
      const bracketIndex = slice.indexOf('{');
      if (bracketIndex !== -1 &&
          (!slice.slice(0, bracketIndex).includes('(') ||
          // Slow path to guarantee that it's indeed a class.
          classRegExp.exec(slice.replace(stripCommentsRegExp, '')) !== null)) {
        return getClassBase(value, constructor, tag);
      }
    }
    let type = 'Function';
    if (isGeneratorFunction(value)) type = `Generator${type}`;
    if (isAsyncFunction(value)) type = `Async${type}`;
    let base = `[${type}`;
    if (constructor === null) base += ' (null prototype)';
    if (value.name === '') {
      base += ' (anonymous)';
    } else {
      base += `: ${value.name}`;
    }
    base += ']';
    if (constructor !== type && constructor !== null) {
      base += ` ${constructor}`;
    }
    if (tag !== '' && constructor !== tag) {
      base += ` [${tag}]`;
    }
    return base;
  }

  // ---------------------------------------------------------------------
  // Errors.
  // ---------------------------------------------------------------------

  function identicalSequenceRange(a, b) {
    for (let i = 0; i < a.length - 3; i++) {
      const pos = b.indexOf(a[i]);
      if (pos !== -1) {
        const rest = b.length - pos;
        if (rest > 3) {
          let len = 1;
          const maxLen = Math.min(a.length - i, rest);
          while (maxLen > len && a[i + len] === b[pos + len]) {
            len++;
          }
          if (len > 3) {
            return { len, offset: i };
          }
        }
      }
    }
    return { len: 0, offset: 0 };
  }

  // V8 stacks start with "Name: message"; QuickJS-NG's do too, but older
  // QuickJS stacks hold only the frames. Prepend the header when missing so
  // that both print like Node.
  const errorStackGetter = getterOf(Error.prototype, 'stack');

  function getStackString(error) {
    let stack = error.stack;
    // QuickJS keeps `stack` as an accessor on Error.prototype, so it is lost
    // when the prototype is replaced (V8 has an own property). Read it
    // through the original getter then.
    if (stack === undefined && errorStackGetter !== undefined && !('stack' in error)) {
      try {
        stack = errorStackGetter.call(error);
      } catch {
        // Not an object with [[ErrorData]].
      }
    }
    if (!stack) return Error.prototype.toString.call(error);
    stack = String(stack);
    if (stack.startsWith('    at ')) {
      return `${Error.prototype.toString.call(error)}\n${stack.replace(/\n$/, '')}`;
    }
    return stack;
  }

  function getStackFrames(ctx, err, stack) {
    const frames = stack.split('\n');
    let cause;
    try {
      ({ cause } = err);
    } catch {
      // A throwing `cause` getter is ignored.
    }
    // Remove stack frames identical to frames in cause.
    if (cause != null && isError(cause)) {
      const causeStack = getStackString(cause);
      const causeStackStart = causeStack.indexOf('\n    at');
      if (causeStackStart !== -1) {
        const causeFrames = causeStack.slice(causeStackStart + 1).split('\n');
        const { len, offset } = identicalSequenceRange(frames, causeFrames);
        if (len > 0) {
          const skipped = len - 2;
          const msg = `    ... ${skipped} lines matching cause stack trace ...`;
          frames.splice(offset + 1, skipped, ctx.stylize(msg, 'undefined'));
        }
      }
    }
    return frames;
  }

  function improveStack(stack, constructor, name, tag) {
    // Only manipulate the output of errors that "look normal".
    let len = name.length;
    if (constructor === null ||
        (name.endsWith('Error') &&
        stack.startsWith(name) &&
        (stack.length === len || stack[len] === ':' || stack[len] === '\n'))) {
      let fallback = 'Error';
      if (constructor === null) {
        const start = /^([A-Z][a-z_ A-Z0-9[\]()-]+)(?::|\n {4}at)/.exec(stack) ||
          /^([a-z_A-Z0-9-]*Error)$/.exec(stack);
        fallback = (start && start[1]) || '';
        len = fallback.length;
        fallback = fallback || 'Error';
      }
      const prefix = getPrefix(constructor, tag, fallback).slice(0, -1);
      if (name !== prefix) {
        if (prefix.includes(name)) {
          if (len === 0) {
            stack = `${prefix}: ${stack}`;
          } else {
            stack = `${prefix}${stack.slice(len)}`;
          }
        } else {
          stack = `${prefix} [${name}]${stack.slice(len)}`;
        }
      }
    }
    return stack;
  }

  function removeDuplicateErrorKeys(ctx, keys, err, stack) {
    if (!ctx.showHidden && keys.length !== 0) {
      for (const name of ['name', 'message', 'stack']) {
        const index = keys.indexOf(name);
        // Only hide the property in case it's part of the original stack.
        if (index !== -1 && stack.includes(err[name])) {
          keys.splice(index, 1);
        }
      }
    }
  }

  function formatError(err, constructor, tag, ctx, keys) {
    const name = err.name != null ? String(err.name) : 'Error';
    let stack = getStackString(err);

    removeDuplicateErrorKeys(ctx, keys, err, stack);

    if ('cause' in err && (keys.length === 0 || !keys.includes('cause'))) {
      keys.push('cause');
    }
    // Print errors aggregated into AggregateError.
    if (Array.isArray(err.errors) && (keys.length === 0 || !keys.includes('errors'))) {
      keys.push('errors');
    }

    stack = improveStack(stack, constructor, name, tag);

    // Ignore the error message if it's contained in the stack.
    let pos = (err.message && stack.indexOf(err.message)) || -1;
    if (pos !== -1) pos += err.message.length;
    // Wrap the error in brackets in case it has no stack trace.
    const stackStart = stack.indexOf('\n    at', pos);
    if (stackStart === -1) {
      stack = `[${stack}]`;
    } else {
      const newStack = stack.slice(0, stackStart);
      const lines = getStackFrames(ctx, err, stack.slice(stackStart + 1));
      if (ctx.colors) {
        // No builtin-module/cwd highlighting in the guest, only node_modules.
        stack = newStack + lines.map((line) => `\n${markNodeModules(ctx, line)}`).join('');
      } else {
        stack = `${newStack}\n${lines.join('\n')}`;
      }
    }
    // The message and the stack have to be indented as well.
    if (ctx.indentationLvl !== 0) {
      const indentation = ' '.repeat(ctx.indentationLvl);
      stack = stack.replaceAll('\n', `\n${indentation}`);
    }
    return stack;
  }

  function markNodeModules(ctx, line) {
    return line.replace(/([/\\]node_modules[/\\])((?:@[^/\\]+[/\\])?[^/\\]+)/g,
                        (m, pre, mod) => `${pre}${ctx.stylize(mod, 'module')}`);
  }

  let maxStackErrorName;
  let maxStackErrorMessage;
  function isStackOverflowError(err) {
    if (maxStackErrorMessage === undefined) {
      try {
        const overflowStack = () => overflowStack() + 1;
        overflowStack();
      } catch (e) {
        maxStackErrorMessage = e.message;
        maxStackErrorName = e.name;
      }
    }
    return err && err.name === maxStackErrorName &&
      err.message === maxStackErrorMessage;
  }

  function handleMaxCallStackSize(ctx, err, constructorName, indentationLvl) {
    ctx.seen.pop();
    ctx.indentationLvl = indentationLvl;
    return ctx.stylize(
      `[${constructorName}: Inspection interrupted ` +
        'prematurely. Maximum call stack size exceeded.]',
      'special',
    );
  }

  // ---------------------------------------------------------------------
  // Arrays: grouping numbers into aligned columns.
  // ---------------------------------------------------------------------

  function groupArrayElements(ctx, output, value) {
    let totalLength = 0;
    let maxLength = 0;
    let i = 0;
    let outputLength = output.length;
    if (ctx.maxArrayLength < output.length) {
      // Ignore the "... n more items" entry.
      outputLength--;
    }
    const separatorSpace = 2; // One for the space and one for the comma.
    const dataLen = new Array(outputLength);
    for (; i < outputLength; i++) {
      const len = getStringWidth(output[i], ctx.colors);
      dataLen[i] = len;
      totalLength += len + separatorSpace;
      if (maxLength < len) maxLength = len;
    }
    const actualMax = maxLength + separatorSpace;
    // Only group if at least three entries fit next to each other and the
    // entries are of similar length.
    if (actualMax * 3 + ctx.indentationLvl < ctx.breakLength &&
        (totalLength / actualMax > 5 || maxLength <= 6)) {
      const approxCharHeights = 2.5;
      const averageBias = Math.sqrt(actualMax - totalLength / output.length);
      const biasedMax = Math.max(actualMax - 3 - averageBias, 1);
      const columns = Math.min(
        // Aim for a square of entries roughly 2.5 times as high as wide.
        Math.round(Math.sqrt(approxCharHeights * biasedMax * outputLength) / biasedMax),
        Math.floor((ctx.breakLength - ctx.indentationLvl) / actualMax),
        ctx.compact * 4,
        15,
      );
      if (columns <= 1) {
        return output;
      }
      const tmp = [];
      const maxLineLength = [];
      for (let i = 0; i < columns; i++) {
        let lineMaxLength = 0;
        for (let j = i; j < output.length; j += columns) {
          if (dataLen[j] > lineMaxLength) lineMaxLength = dataLen[j];
        }
        maxLineLength[i] = lineMaxLength + separatorSpace;
      }
      // Numbers are right aligned, everything else left aligned.
      let padStart = true;
      if (value !== undefined) {
        for (let i = 0; i < output.length; i++) {
          if (typeof value[i] !== 'number' && typeof value[i] !== 'bigint') {
            padStart = false;
            break;
          }
        }
      }
      for (let i = 0; i < outputLength; i += columns) {
        const max = Math.min(i + columns, outputLength);
        let str = '';
        let j = i;
        for (; j < max - 1; j++) {
          // Account for invisible color codes.
          const padding = maxLineLength[j - i] + output[j].length - dataLen[j];
          str += padStart ? `${output[j]}, `.padStart(padding, ' ') :
            `${output[j]}, `.padEnd(padding, ' ');
        }
        if (padStart) {
          const padding = maxLineLength[j - i] + output[j].length - dataLen[j] - separatorSpace;
          str += output[j].padStart(padding, ' ');
        } else {
          str += output[j];
        }
        tmp.push(str);
      }
      if (ctx.maxArrayLength < output.length) {
        tmp.push(output[outputLength]);
      }
      output = tmp;
    }
    return output;
  }

  // ---------------------------------------------------------------------
  // Primitives.
  // ---------------------------------------------------------------------

  function addNumericSeparator(integerString) {
    let result = '';
    let i = integerString.length;
    const start = integerString[0] === '-' ? 1 : 0;
    for (; i >= start + 4; i -= 3) {
      result = `_${integerString.slice(i - 3, i)}${result}`;
    }
    return i === integerString.length ? integerString : `${integerString.slice(0, i)}${result}`;
  }

  function addNumericSeparatorEnd(integerString) {
    let result = '';
    let i = 0;
    for (; i < integerString.length - 3; i += 3) {
      result += `${integerString.slice(i, i + 3)}_`;
    }
    return i === 0 ? integerString : `${result}${integerString.slice(i)}`;
  }

  const remainingText = (remaining) => `... ${remaining} more item${remaining > 1 ? 's' : ''}`;

  function formatNumber(fn, number, numericSeparator) {
    if (!numericSeparator) {
      if (Object.is(number, -0)) return fn('-0', 'number');
      return fn(`${number}`, 'number');
    }
    const numberString = String(number);
    const integer = Math.trunc(number);
    if (integer === number) {
      if (!Number.isFinite(number) || numberString.includes('e')) {
        return fn(numberString, 'number');
      }
      return fn(addNumericSeparator(numberString), 'number');
    }
    if (Number.isNaN(number)) return fn(numberString, 'number');
    const decimalIndex = numberString.indexOf('.');
    const integerPart = numberString.slice(0, decimalIndex);
    const fractionalPart = numberString.slice(decimalIndex + 1);
    return fn(`${addNumericSeparator(integerPart)}.${addNumericSeparatorEnd(fractionalPart)}`,
              'number');
  }

  function formatBigInt(fn, bigint, numericSeparator) {
    const string = String(bigint);
    if (!numericSeparator) return fn(`${string}n`, 'bigint');
    return fn(`${addNumericSeparator(string)}n`, 'bigint');
  }

  function formatPrimitive(fn, value, ctx) {
    if (typeof value === 'string') {
      let trailer = '';
      if (value.length > ctx.maxStringLength) {
        const remaining = value.length - ctx.maxStringLength;
        value = value.slice(0, ctx.maxStringLength);
        trailer = `... ${remaining} more character${remaining > 1 ? 's' : ''}`;
      }
      if (ctx.compact !== true &&
          value.length > kMinLineLength &&
          value.length > ctx.breakLength - ctx.indentationLvl - 4) {
        // Long strings are split at newlines into concatenated pieces.
        return value.split(/(?<=\n)/)
          .map((line) => fn(strEscape(line), 'string'))
          .join(` +\n${' '.repeat(ctx.indentationLvl + 2)}`) + trailer;
      }
      return fn(strEscape(value), 'string') + trailer;
    }
    if (typeof value === 'number') return formatNumber(fn, value, ctx.numericSeparator);
    if (typeof value === 'bigint') return formatBigInt(fn, value, ctx.numericSeparator);
    if (typeof value === 'boolean') return fn(`${value}`, 'boolean');
    if (typeof value === 'undefined') return fn('undefined', 'undefined');
    // Symbols (and anything exotic an engine might add).
    return fn(typeof value === 'symbol' ? Symbol.prototype.toString.call(value) : String(value),
              'symbol');
  }

  // ---------------------------------------------------------------------
  // Collections.
  // ---------------------------------------------------------------------

  function formatNamespaceObject(keys, ctx, value, recurseTimes) {
    const output = new Array(keys.length);
    for (let i = 0; i < keys.length; i++) {
      try {
        output[i] = formatProperty(ctx, value, recurseTimes, keys[i], kObjectType);
      } catch (err) {
        if (!(err instanceof ReferenceError)) throw err;
        // Uninitialized binding (TDZ): reuse the normal property layout.
        const tmp = { [keys[i]]: '' };
        output[i] = formatProperty(ctx, tmp, recurseTimes, keys[i], kObjectType);
        const pos = output[i].lastIndexOf(' ');
        output[i] = output[i].slice(0, pos + 1) + ctx.stylize('<uninitialized>', 'special');
      }
    }
    // Prevent duplicated inspection of the keys.
    keys.length = 0;
    return output;
  }

  // The array is sparse and/or has extra keys.
  function formatSpecialArray(ctx, value, recurseTimes, maxLength, output, i) {
    const keys = Object.keys(value);
    let index = i;
    for (; i < keys.length && output.length < maxLength; i++) {
      const key = keys[i];
      const tmp = +key;
      // Arrays can only have up to 2^32 - 1 entries.
      if (tmp > 2 ** 32 - 2) break;
      if (`${index}` !== key) {
        if (numberRegExp.exec(key) === null) break;
        const emptyItems = tmp - index;
        const ending = emptyItems > 1 ? 's' : '';
        output.push(ctx.stylize(`<${emptyItems} empty item${ending}>`, 'undefined'));
        index = tmp;
        if (output.length === maxLength) break;
      }
      output.push(formatProperty(ctx, value, recurseTimes, key, kArrayType));
      index++;
    }
    const remaining = value.length - index;
    if (output.length !== maxLength) {
      if (remaining > 0) {
        const ending = remaining > 1 ? 's' : '';
        output.push(ctx.stylize(`<${remaining} empty item${ending}>`, 'undefined'));
      }
    } else if (remaining > 0) {
      output.push(remainingText(remaining));
    }
    return output;
  }

  function hexSlice(bytes, start, end) {
    let out = '';
    for (let i = start; i < end; i++) {
      out += (bytes[i] < 16 ? '0' : '') + bytes[i].toString(16);
    }
    return out;
  }

  function formatArrayBuffer(ctx, value) {
    let buffer;
    try {
      buffer = new Uint8Array(value);
    } catch {
      return [ctx.stylize('(detached)', 'special')];
    }
    let str = hexSlice(buffer, 0, Math.min(ctx.maxArrayLength, buffer.length))
      .replace(/(.{2})/g, '$1 ').trim();
    const remaining = buffer.length - ctx.maxArrayLength;
    if (remaining > 0) {
      str += ` ... ${remaining} more byte${remaining > 1 ? 's' : ''}`;
    }
    return [`${ctx.stylize('[Uint8Contents]', 'special')}: <${str}>`];
  }

  function formatArray(ctx, value, recurseTimes) {
    const valLen = value.length;
    const len = Math.min(Math.max(0, ctx.maxArrayLength), valLen);
    const remaining = valLen - len;
    const output = [];
    for (let i = 0; i < len; i++) {
      // Special handle sparse arrays.
      if (!hasOwn(value, i)) {
        return formatSpecialArray(ctx, value, recurseTimes, len, output, i);
      }
      output.push(formatProperty(ctx, value, recurseTimes, i, kArrayType));
    }
    if (remaining > 0) {
      output.push(remainingText(remaining));
    }
    return output;
  }

  function formatTypedArray(value, length, ctx, ignored, recurseTimes) {
    const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
    const remaining = value.length - maxLength;
    const output = new Array(maxLength);
    const elementFormatter = value.length > 0 && typeof value[0] === 'number' ?
      formatNumber :
      formatBigInt;
    for (let i = 0; i < maxLength; ++i) {
      output[i] = elementFormatter(ctx.stylize, value[i], ctx.numericSeparator);
    }
    if (remaining > 0) {
      output[maxLength] = remainingText(remaining);
    }
    if (ctx.showHidden) {
      // .buffer goes last, it's not a primitive like the others.
      ctx.indentationLvl += 2;
      for (const key of ['BYTES_PER_ELEMENT', 'length', 'byteLength', 'byteOffset', 'buffer']) {
        const str = formatValue(ctx, value[key], recurseTimes, true);
        output.push(`[${key}]: ${str}`);
      }
      ctx.indentationLvl -= 2;
    }
    return output;
  }

  // `source` is the Set itself or, for null-prototype sets, a values iterator.
  function formatSet(source, length, ctx, recurseTimes) {
    const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
    const remaining = length - maxLength;
    const output = [];
    ctx.indentationLvl += 2;
    let i = 0;
    for (const v of iterate(source, Set.prototype.values)) {
      if (i >= maxLength) break;
      output.push(formatValue(ctx, v, recurseTimes));
      i++;
    }
    if (remaining > 0) {
      output.push(remainingText(remaining));
    }
    ctx.indentationLvl -= 2;
    return output;
  }

  function formatMap(source, length, ctx, recurseTimes) {
    const maxLength = Math.min(Math.max(0, ctx.maxArrayLength), length);
    const remaining = length - maxLength;
    const output = [];
    ctx.indentationLvl += 2;
    let i = 0;
    for (const { 0: k, 1: v } of iterate(source, Map.prototype.entries)) {
      if (i >= maxLength) break;
      output.push(`${formatValue(ctx, k, recurseTimes)} => ${formatValue(ctx, v, recurseTimes)}`);
      i++;
    }
    if (remaining > 0) {
      output.push(remainingText(remaining));
    }
    ctx.indentationLvl -= 2;
    return output;
  }

  // Iterate collections with the builtin iterator so that user overrides of
  // Symbol.iterator / entries() on the instance or subclass are ignored.
  function iterate(source, builtinIterator) {
    if (isMap(source) || isSet(source)) {
      const it = builtinIterator.call(source);
      return { [Symbol.iterator]: () => it };
    }
    return { [Symbol.iterator]: () => source };
  }

  function formatWeakCollection(ctx) {
    return [ctx.stylize('<items unknown>', 'special')];
  }

  // Map/Set iterators cannot be previewed without consuming them in plain
  // JS (Node uses V8's previewEntries), so their items are not shown.
  function formatIterator(ctx) {
    return [ctx.stylize('<items unknown>', 'special')];
  }

  function formatPromise(ctx, value, recurseTimes) {
    let details;
    if (typeof hooks.getPromiseDetails === 'function') {
      details = hooks.getPromiseDetails(value);
    }
    // Without a host hook the state is unknowable from JS: print <pending>.
    if (details === undefined || details[0] === kPending) {
      return [ctx.stylize('<pending>', 'special')];
    }
    const { 0: state, 1: result } = details;
    ctx.indentationLvl += 2;
    const str = formatValue(ctx, result, recurseTimes);
    ctx.indentationLvl -= 2;
    return [state === kRejected ? `${ctx.stylize('<rejected>', 'special')} ${str}` : str];
  }

  // ---------------------------------------------------------------------
  // Properties and line layout.
  // ---------------------------------------------------------------------

  function formatProperty(ctx, value, recurseTimes, key, type, desc, original = value) {
    let name, str;
    let extra = ' ';
    desc = desc || Object.getOwnPropertyDescriptor(value, key) ||
      { value: value[key], enumerable: true };
    if (desc.value !== undefined) {
      const diff = (ctx.compact !== true || type !== kObjectType) ? 2 : 3;
      ctx.indentationLvl += diff;
      str = formatValue(ctx, desc.value, recurseTimes);
      if (diff === 3 && ctx.breakLength < getStringWidth(str, ctx.colors)) {
        extra = `\n${' '.repeat(ctx.indentationLvl)}`;
      }
      ctx.indentationLvl -= diff;
    } else if (desc.get !== undefined) {
      const label = desc.set !== undefined ? 'Getter/Setter' : 'Getter';
      const s = ctx.stylize;
      const sp = 'special';
      if (ctx.getters && (ctx.getters === true ||
            (ctx.getters === 'get' && desc.set === undefined) ||
            (ctx.getters === 'set' && desc.set !== undefined))) {
        try {
          const tmp = desc.get.call(original);
          ctx.indentationLvl += 2;
          if (tmp === null) {
            str = `${s(`[${label}:`, sp)} ${s('null', 'null')}${s(']', sp)}`;
          } else if (typeof tmp === 'object') {
            str = `${s(`[${label}]`, sp)} ${formatValue(ctx, tmp, recurseTimes)}`;
          } else {
            const primitive = formatPrimitive(s, tmp, ctx);
            str = `${s(`[${label}:`, sp)} ${primitive}${s(']', sp)}`;
          }
          ctx.indentationLvl -= 2;
        } catch (err) {
          const message = `<Inspection threw (${err.message})>`;
          str = `${s(`[${label}:`, sp)} ${message}${s(']', sp)}`;
        }
      } else {
        str = ctx.stylize(`[${label}]`, sp);
      }
    } else if (desc.set !== undefined) {
      str = ctx.stylize('[Setter]', 'special');
    } else {
      str = ctx.stylize('undefined', 'undefined');
    }
    if (type === kArrayType) {
      return str;
    }
    if (typeof key === 'symbol') {
      const tmp = Symbol.prototype.toString.call(key).replace(strEscapeSequencesReplacer, escapeFn);
      name = `[${ctx.stylize(tmp, 'symbol')}]`;
    } else if (key === '__proto__') {
      name = "['__proto__']";
    } else if (desc.enumerable === false) {
      const tmp = String(key).replace(strEscapeSequencesReplacer, escapeFn);
      name = `[${tmp}]`;
    } else if (keyStrRegExp.exec(key) !== null) {
      name = ctx.stylize(key, 'name');
    } else {
      name = ctx.stylize(strEscape(key), 'string');
    }
    return `${name}:${extra}${str}`;
  }

  function isBelowBreakLength(ctx, output, start, base) {
    // Each entry is separated by at least a comma, so start with
    // output.length. Unicode width is deliberately ignored (as in Node).
    let totalLength = output.length + start;
    if (totalLength + output.length > ctx.breakLength) return false;
    for (let i = 0; i < output.length; i++) {
      totalLength += ctx.colors ? removeColors(output[i]).length : output[i].length;
      if (totalLength > ctx.breakLength) {
        return false;
      }
    }
    // Do not line up properties on the same line if `base` contains line breaks.
    return base === '' || !base.includes('\n');
  }

  function reduceToSingleString(ctx, output, base, braces, extrasType, recurseTimes, value) {
    if (ctx.compact !== true) {
      if (typeof ctx.compact === 'number' && ctx.compact >= 1) {
        // Remember the original length: grouped output is never put on a
        // single line.
        const entries = output.length;
        if (extrasType === kArrayExtrasType && entries > 6) {
          output = groupArrayElements(ctx, output, value);
        }
        // `ctx.currentDepth` is the innermost depth of the currently
        // inspected part; combine up to `ctx.compact` inner levels on a
        // single line as long as they fit within `breakLength`.
        if (ctx.currentDepth - recurseTimes < ctx.compact && entries === output.length) {
          // The constant 10 leaves room for other factors reducing breakLength.
          const start = output.length + ctx.indentationLvl + braces[0].length + base.length + 10;
          if (isBelowBreakLength(ctx, output, start, base)) {
            const joinedOutput = output.join(', ');
            if (!joinedOutput.includes('\n')) {
              return `${base ? `${base} ` : ''}${braces[0]} ${joinedOutput}` + ` ${braces[1]}`;
            }
          }
        }
      }
      // Line up each entry on an individual line.
      const indentation = `\n${' '.repeat(ctx.indentationLvl)}`;
      return `${base ? `${base} ` : ''}${braces[0]}${indentation}  ` +
        `${output.join(`,${indentation}  `)}${indentation}${braces[1]}`;
    }
    // compact === true: line up all entries on a single line if they fit.
    if (isBelowBreakLength(ctx, output, 0, base)) {
      return `${braces[0]}${base ? ` ${base}` : ''} ${output.join(', ')} ` + braces[1];
    }
    const indentation = ' '.repeat(ctx.indentationLvl);
    // A long opening brace ("Set {") forces the first item on the next line
    // so that the items line up.
    const ln = base === '' && braces[0].length === 1 ?
      ' ' : `${base ? ` ${base}` : ''}\n${indentation}  `;
    return `${braces[0]}${ln}${output.join(`,\n${indentation}  `)} ${braces[1]}`;
  }

  // ---------------------------------------------------------------------
  // format() / formatWithOptions().
  // ---------------------------------------------------------------------

  // True if `value` uses a builtin toString (so %s should inspect it).
  function hasBuiltInToString(value) {
    const proxyTarget = getProxyDetails(value, false);
    if (proxyTarget !== undefined) {
      if (proxyTarget === null) return true;
      value = proxyTarget;
    }

    let hasOwnToString = hasOwn;
    let hasOwnToPrimitive = hasOwn;

    // Objects without `toString` and `Symbol.toPrimitive` count as built-in.
    if (typeof value.toString !== 'function') {
      if (typeof value[Symbol.toPrimitive] !== 'function') {
        return true;
      } else if (hasOwn(value, Symbol.toPrimitive)) {
        return false;
      }
      hasOwnToString = returnFalse;
    } else if (hasOwn(value, 'toString')) {
      return false;
    } else if (typeof value[Symbol.toPrimitive] !== 'function') {
      hasOwnToPrimitive = returnFalse;
    } else if (hasOwn(value, Symbol.toPrimitive)) {
      return false;
    }

    // Find the prototype that owns `toString` / `Symbol.toPrimitive`.
    let pointer = value;
    do {
      pointer = Object.getPrototypeOf(pointer);
    } while (!hasOwnToString(pointer, 'toString') &&
      !hasOwnToPrimitive(pointer, Symbol.toPrimitive));

    const descriptor = Object.getOwnPropertyDescriptor(pointer, 'constructor');
    return descriptor !== undefined &&
      typeof descriptor.value === 'function' &&
      builtInObjects.has(descriptor.value.name);
  }

  function returnFalse() {
    return false;
  }

  const firstErrorLine = (error) => String(error.message).split('\n', 1)[0];
  let circularErrorMessage;
  function tryStringify(arg) {
    try {
      return JSON.stringify(arg);
    } catch (err) {
      // Learn the engine's circular-structure message lazily.
      if (!circularErrorMessage) {
        try {
          const a = {};
          a.a = a;
          JSON.stringify(a);
        } catch (circularError) {
          circularErrorMessage = firstErrorLine(circularError);
        }
      }
      if (err.name === 'TypeError' && firstErrorLine(err) === circularErrorMessage) {
        return '[Circular]';
      }
      throw err;
    }
  }

  function format(...args) {
    return formatWithOptionsInternal(undefined, args);
  }

  function formatWithOptions(inspectOptions, ...args) {
    if (inspectOptions === null || typeof inspectOptions !== 'object') {
      throw new TypeError('The "inspectOptions" argument must be of type object.');
    }
    return formatWithOptionsInternal(inspectOptions, args);
  }

  function formatNumberNoColor(number, options) {
    const sep = options && options.numericSeparator !== undefined && options.numericSeparator !== null ?
      options.numericSeparator : inspectDefaultOptions.numericSeparator;
    return formatNumber(stylizeNoColor, number, sep);
  }

  function formatBigIntNoColor(bigint, options) {
    const sep = options && options.numericSeparator !== undefined && options.numericSeparator !== null ?
      options.numericSeparator : inspectDefaultOptions.numericSeparator;
    return formatBigInt(stylizeNoColor, bigint, sep);
  }

  function formatWithOptionsInternal(inspectOptions, args) {
    const first = args[0];
    let a = 0;
    let str = '';
    let join = '';

    if (typeof first === 'string') {
      if (args.length === 1) {
        return first;
      }
      let tempStr;
      let lastPos = 0;

      for (let i = 0; i < first.length - 1; i++) {
        if (first.charCodeAt(i) === 37) { // '%'
          const nextChar = first.charCodeAt(++i);
          if (a + 1 !== args.length) {
            switch (nextChar) {
              case 115: { // 's'
                const tempArg = args[++a];
                if (typeof tempArg === 'number') {
                  tempStr = formatNumberNoColor(tempArg, inspectOptions);
                } else if (typeof tempArg === 'bigint') {
                  tempStr = formatBigIntNoColor(tempArg, inspectOptions);
                } else if (typeof tempArg !== 'object' ||
                           tempArg === null ||
                           !hasBuiltInToString(tempArg)) {
                  tempStr = String(tempArg);
                } else {
                  tempStr = inspect(tempArg, {
                    ...inspectOptions,
                    compact: 3,
                    colors: false,
                    depth: 0,
                  });
                }
                break;
              }
              case 106: // 'j'
                tempStr = tryStringify(args[++a]);
                break;
              case 100: { // 'd'
                const tempNum = args[++a];
                if (typeof tempNum === 'bigint') {
                  tempStr = formatBigIntNoColor(tempNum, inspectOptions);
                } else if (typeof tempNum === 'symbol') {
                  tempStr = 'NaN';
                } else {
                  tempStr = formatNumberNoColor(Number(tempNum), inspectOptions);
                }
                break;
              }
              case 79: // 'O'
                tempStr = inspect(args[++a], inspectOptions);
                break;
              case 111: // 'o'
                tempStr = inspect(args[++a], {
                  ...inspectOptions,
                  showHidden: true,
                  showProxy: true,
                  depth: 4,
                });
                break;
              case 105: { // 'i'
                const tempInteger = args[++a];
                if (typeof tempInteger === 'bigint') {
                  tempStr = formatBigIntNoColor(tempInteger, inspectOptions);
                } else if (typeof tempInteger === 'symbol') {
                  tempStr = 'NaN';
                } else {
                  tempStr = formatNumberNoColor(Number.parseInt(tempInteger), inspectOptions);
                }
                break;
              }
              case 102: { // 'f'
                const tempFloat = args[++a];
                if (typeof tempFloat === 'symbol') {
                  tempStr = 'NaN';
                } else {
                  tempStr = formatNumberNoColor(Number.parseFloat(tempFloat), inspectOptions);
                }
                break;
              }
              case 99: // 'c'
                a += 1;
                tempStr = '';
                break;
              case 37: // '%'
                str += first.slice(lastPos, i);
                lastPos = i + 1;
                continue;
              default: // Any other character is not a correct placeholder.
                continue;
            }
            if (lastPos !== i - 1) {
              str += first.slice(lastPos, i - 1);
            }
            str += tempStr;
            lastPos = i + 1;
          } else if (nextChar === 37) {
            str += first.slice(lastPos, i);
            lastPos = i + 1;
          }
        }
      }
      if (lastPos !== 0) {
        a++;
        join = ' ';
        if (lastPos < first.length) {
          str += first.slice(lastPos);
        }
      }
    }

    while (a < args.length) {
      const value = args[a];
      str += join;
      str += typeof value !== 'string' ? inspect(value, inspectOptions) : value;
      join = ' ';
      a++;
    }
    return str;
  }

  return { format, formatWithOptions, inspect };
})()
