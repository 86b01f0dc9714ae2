// inspect.js: a value formatter in the manner of Node's util.inspect, for console output.
//
// What it does: quoted nested strings, -0, 1n, [Function: f], [class A extends B], arrays with
// holes and "... n more items", Map(n) {k => v}, Set(n) {..}, typed arrays, ArrayBuffer bytes,
// Dates, RegExps, Errors with their stack and cause, boxed primitives, class-name prefixes,
// [Object: null prototype], getters, symbol keys, depth limits ([Object]), cycles
// (<ref *1> ... [Circular *1]), and the single-line/multi-line choice at 80 columns. Objects may
// customise their output with Symbol.for("nodejs.util.inspect.custom"), as in Node.
// What it leaves out: colours, column grouping of long arrays, Promise states, showHidden.
//
// Inspecting runs worker getters only where Node would (it never calls accessors, it shows
// [Getter]); a formatter that throws is caught by the console, never by the caller.

const inspectDefaults = { __proto__: null, depth: 2, breakLength: 80, maxArrayLength: 100, maxStringLength: 10000 };
const identifierKey = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function inspect(value, options = undefined) {
  const ctx = {
    __proto__: null,
    depth: inspectDefaults.depth,
    breakLength: inspectDefaults.breakLength,
    seen: [],
    circular: newSafeMap(),
    indentation: 0,
  };
  if (options != null && typeof options === "object") {
    if (options.depth !== undefined) ctx.depth = options.depth === null ? Infinity : $Number(options.depth);
    if (options.breakLength !== undefined) ctx.breakLength = $Number(options.breakLength);
  }
  return formatValue(ctx, value, 0, false);
}

function quoteString(s) {
  let quote = "'";
  if (StringPrototypeIncludes(s, "'")) {
    if (!StringPrototypeIncludes(s, '"')) quote = '"';
    else if (!StringPrototypeIncludes(s, "`") && !StringPrototypeIncludes(s, "${")) quote = "`";
  }
  let out = quote;
  for (let i = 0; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c === StringPrototypeCharCodeAt(quote, 0) || c === 0x5c) out += "\\" + s[i];
    else if (c === 0x0a) out += "\\n";
    else if (c === 0x09) out += "\\t";
    else if (c === 0x0d) out += "\\r";
    else if (c === 0x08) out += "\\b";
    else if (c === 0x0c) out += "\\f";
    else if (c === 0x0b) out += "\\v";
    else if (c < 0x20 || c === 0x7f) out += "\\x" + StringPrototypePadStart(NumberPrototypeToString(c, 16), 2, "0");
    else out += s[i];
  }
  return out + quote;
}

function formatNumber(n) {
  return n === 0 && 1 / n < 0 ? "-0" : $String(n);
}

function formatPrimitive(v, nested) {
  switch (typeof v) {
    case "string":
      if (!nested) return v;
      if (v.length > inspectDefaults.maxStringLength) {
        const more = v.length - inspectDefaults.maxStringLength;
        return quoteString(StringPrototypeSlice(v, 0, inspectDefaults.maxStringLength)) + `... ${more} more character${more > 1 ? "s" : ""}`;
      }
      return quoteString(v);
    case "number":
      return formatNumber(v);
    case "bigint":
      return BigIntPrototypeToString(v) + "n";
    case "symbol":
      return SymbolPrototypeToString(v);
    default:
      return $String(v);
  }
}

function formatKey(key) {
  if (typeof key === "symbol") return "[" + SymbolPrototypeToString(key) + "]";
  return RegExpPrototypeTest(identifierKey, key) ? key : quoteString(key);
}

function getConstructorName(o) {
  let proto;
  try {
    proto = ObjectGetPrototypeOf(o);
  } catch {
    return "Object";
  }
  if (proto === null) return null;
  return objectClassName(o);
}

function functionBase(fn) {
  let source = "";
  try {
    source = FunctionPrototypeToString(fn);
  } catch {}
  const nameDesc = ObjectGetOwnPropertyDescriptor(fn, "name");
  const name = nameDesc && typeof nameDesc.value === "string" ? nameDesc.value : "";
  if (RegExpPrototypeTest(classSource, source)) {
    let base = "[class " + (name || "(anonymous)");
    const parent = ObjectGetPrototypeOf(fn);
    if (parent !== null && parent !== FunctionPrototype) {
      const parentName = ObjectGetOwnPropertyDescriptor(parent, "name");
      if (parentName && typeof parentName.value === "string" && parentName.value) base += " extends " + parentName.value;
    }
    return base + "]";
  }
  let kind = "Function";
  if (StringPrototypeStartsWith(source, "async function*") || StringPrototypeStartsWith(source, "async *")) kind = "AsyncGeneratorFunction";
  else if (StringPrototypeStartsWith(source, "async")) kind = "AsyncFunction";
  else if (StringPrototypeStartsWith(source, "function*")) kind = "GeneratorFunction";
  return "[" + kind + (name ? ": " + name : " (anonymous)") + "]";
}
const FunctionPrototype = Function.prototype;
const classSource = /^class[\s{]/;

// Own enumerable keys (strings, then symbols) with their formatted values.
function formatProperties(ctx, o, depth, skipIndices) {
  const out = [];
  const keys = ObjectKeys(o);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    if (skipIndices && isArrayIndex(key)) continue;
    out[out.length] = formatProperty(ctx, o, key, depth);
  }
  const symbols = ObjectGetOwnPropertySymbols(o);
  for (let i = 0; i < symbols.length; i++) {
    const desc = ObjectGetOwnPropertyDescriptor(o, symbols[i]);
    if (desc && desc.enumerable) out[out.length] = formatProperty(ctx, o, symbols[i], depth);
  }
  return out;
}

function isArrayIndex(key) {
  const n = $Number(key);
  return n >>> 0 === n && n !== 4294967295 && $String(n) === key;
}

function formatProperty(ctx, o, key, depth) {
  const desc = ObjectGetOwnPropertyDescriptor(o, key);
  let value;
  if (desc === undefined) value = "undefined";
  else if (desc.get !== undefined || desc.set !== undefined) {
    value = desc.get !== undefined ? (desc.set !== undefined ? "[Getter/Setter]" : "[Getter]") : "[Setter]";
  } else {
    ctx.indentation += 2;
    value = formatValue(ctx, desc.value, depth + 1, true);
    ctx.indentation -= 2;
  }
  return formatKey(key) + ": " + value;
}

function formatList(ctx, o, depth, length, getItem) {
  const out = [];
  const shown = length > inspectDefaults.maxArrayLength ? inspectDefaults.maxArrayLength : length;
  let holes = 0;
  for (let i = 0; i < shown; i++) {
    const item = getItem(i);
    if (item === noItem) {
      holes++;
      continue;
    }
    if (holes) {
      out[out.length] = `<${holes} empty item${holes > 1 ? "s" : ""}>`;
      holes = 0;
    }
    ctx.indentation += 2;
    out[out.length] = formatValue(ctx, item, depth + 1, true);
    ctx.indentation -= 2;
  }
  if (holes) out[out.length] = `<${holes} empty item${holes > 1 ? "s" : ""}>`;
  if (length > shown) {
    const more = length - shown;
    out[out.length] = `... ${more} more item${more > 1 ? "s" : ""}`;
  }
  return out;
}
const noItem = $Symbol("hole");
const WeakMapPrototype = WeakMap.prototype;
const WeakSetPrototype = WeakSet.prototype;

// Joins entries on one line when they fit, else one per line, like Node's reduceToSingleString.
function reduceEntries(ctx, entries, prefix, open, close) {
  const head = prefix ? prefix + " " : "";
  if (entries.length === 0) return head + open + close;
  let total = entries.length + ctx.indentation + open.length + head.length + 10;
  let multiline = false;
  for (let i = 0; i < entries.length; i++) {
    total += entries[i].length;
    if (StringPrototypeIncludes(entries[i], "\n")) multiline = true;
  }
  if (!multiline && total <= ctx.breakLength) {
    return head + open + " " + ArrayPrototypeJoin(entries, ", ") + " " + close;
  }
  const indent = "\n" + StringPrototypeRepeat(" ", ctx.indentation);
  return head + open + indent + "  " + ArrayPrototypeJoin(entries, "," + indent + "  ") + indent + close;
}

function formatValue(ctx, v, depth, nested) {
  if (v === null || (typeof v !== "object" && typeof v !== "function")) return formatPrimitive(v, nested);

  // A custom formatter (not on our own prototypes' behalf: they define one explicitly).
  let custom;
  try {
    custom = v[inspectCustom];
  } catch {}
  if (typeof custom === "function" && custom !== inspect) {
    const options = { __proto__: null, depth: ctx.depth - depth, breakLength: ctx.breakLength };
    const result = ReflectApply(custom, v, [ctx.depth - depth, options, inspect]);
    if (result !== v) {
      if (typeof result === "string") return result;
      return formatValue(ctx, result, depth, nested);
    }
  }

  if (ArrayPrototypeIndexOf(ctx.seen, v) >= 0) {
    let index = ctx.circular.get(v);
    if (index === undefined) {
      index = ctx.circular.size + 1;
      ctx.circular.set(v, index);
    }
    return "[Circular *" + index + "]";
  }
  const seenAt = ctx.seen.length;
  ctx.seen[seenAt] = v;
  let out;
  try {
    out = formatObject(ctx, v, depth);
  } catch {
    // A Proxy trap or accessor that throws: say so rather than fail the whole line.
    out = "[" + (typeof v === "function" ? "Function" : "Object") + ": could not be inspected]";
  } finally {
    ctx.seen.length = seenAt;
  }
  const index = ctx.circular.get(v);
  if (index !== undefined) out = "<ref *" + index + "> " + out;
  return out;
}

function formatObject(ctx, v, depth) {
  const ctorName = getConstructorName(v);
  let tag = "";
  try {
    const t = v[SymbolToStringTag];
    if (typeof t === "string" && t !== "" && t !== ctorName) tag = t;
  } catch {}
  const prefixFor = (fallback, size) => {
    let name = ctorName === null ? "[" + fallback + ": null prototype]" : ctorName;
    if (size !== undefined) name += "(" + size + ")";
    if (tag && tag !== fallback) name += " [" + tag + "]";
    return name;
  };

  if (typeof v === "function") {
    const base = functionBase(v);
    if (depth > ctx.depth) return base;
    const props = formatProperties(ctx, v, depth, false);
    return props.length ? reduceEntries(ctx, props, base, "{", "}") : base;
  }

  if (ArrayIsArray(v)) {
    if (depth > ctx.depth) return "[Array]";
    const items = formatList(ctx, v, depth, v.length, (i) => (ObjectHasOwn(v, i) ? v[i] : noItem));
    const props = formatProperties(ctx, v, depth, true);
    for (let i = 0; i < props.length; i++) items[items.length] = props[i];
    return reduceEntries(ctx, items, ctorName === "Array" && !tag ? "" : prefixFor("Array", v.length), "[", "]");
  }

  const typedName = ArrayBufferIsView(v) ? TypedArrayPrototypeGetToStringTag(v) : undefined;
  if (typedName !== undefined) {
    const length = TypedArrayPrototypeGetLength(v);
    if (depth > ctx.depth) return "[" + typedName + "]";
    const items = formatList(ctx, v, depth, length, (i) => v[i]);
    return reduceEntries(ctx, items, typedName + "(" + length + ")", "[", "]");
  }

  if (isArrayBuffer(v)) {
    const length = ArrayBufferPrototypeByteLength(v);
    if (depth > ctx.depth) return "[ArrayBuffer]";
    const bytes = new $Uint8Array(v, 0, length > 50 ? 50 : length);
    let hex = "";
    for (let i = 0; i < bytes.length; i++) hex += (i ? " " : "") + StringPrototypePadStart(NumberPrototypeToString(bytes[i], 16), 2, "0");
    if (length > 50) hex += ` ... ${length - 50} more byte${length - 50 > 1 ? "s" : ""}`;
    return reduceEntries(ctx, ["[Uint8Contents]: <" + hex + ">", "byteLength: " + length], "ArrayBuffer", "{", "}");
  }

  if (ArrayBufferIsView(v)) {
    if (depth > ctx.depth) return "[DataView]";
    ctx.indentation += 2;
    const buffer = formatValue(ctx, DataViewPrototypeGetBuffer(v), depth + 1, true);
    ctx.indentation -= 2;
    return reduceEntries(ctx, ["byteLength: " + DataViewPrototypeGetByteLength(v),
      "byteOffset: " + DataViewPrototypeGetByteOffset(v), "buffer: " + buffer], "DataView", "{", "}");
  }

  let time;
  try {
    time = DatePrototypeGetTime(v);
  } catch {}
  if (time !== undefined) return time === time ? DatePrototypeToISOString(v) : "Invalid Date";

  let source;
  try {
    source = RegExpPrototypeSourceGetter(v);
  } catch {}
  if (source !== undefined && v !== RegExpPrototype) return "/" + source + "/" + RegExpPrototypeFlagsGetter(v);

  if (isErrorObject(v)) return formatError(ctx, v, depth);

  let size;
  try {
    size = MapPrototypeSize(v);
  } catch {}
  if (size !== undefined) {
    if (depth > ctx.depth) return "[Map]";
    const entries = [];
    const it = MapPrototypeEntries(v);
    ctx.indentation += 2;
    for (let step = MapIteratorPrototypeNext(it); !step.done; step = MapIteratorPrototypeNext(it)) {
      if (entries.length >= inspectDefaults.maxArrayLength) {
        entries[entries.length] = `... ${size - entries.length} more items`;
        break;
      }
      entries[entries.length] = formatValue(ctx, step.value[0], depth + 1, true) + " => " + formatValue(ctx, step.value[1], depth + 1, true);
    }
    ctx.indentation -= 2;
    return reduceEntries(ctx, entries, prefixFor("Map", size), "{", "}");
  }
  try {
    size = SetPrototypeSize(v);
  } catch {}
  if (size !== undefined) {
    if (depth > ctx.depth) return "[Set]";
    const entries = [];
    const it = SetPrototypeValues(v);
    ctx.indentation += 2;
    for (let step = SetIteratorPrototypeNext(it); !step.done; step = SetIteratorPrototypeNext(it)) {
      if (entries.length >= inspectDefaults.maxArrayLength) {
        entries[entries.length] = `... ${size - entries.length} more items`;
        break;
      }
      entries[entries.length] = formatValue(ctx, step.value, depth + 1, true);
    }
    ctx.indentation -= 2;
    return reduceEntries(ctx, entries, prefixFor("Set", size), "{", "}");
  }

  const proto = ObjectGetPrototypeOf(v);
  const boxed = proto === null ? noBoxedValue : unboxPrimitive(v, proto);
  if (boxed !== noBoxedValue) {
    const kind = typeof boxed === "string" ? "String" : typeof boxed === "number" ? "Number" :
      typeof boxed === "boolean" ? "Boolean" : typeof boxed === "bigint" ? "BigInt" : "Symbol";
    return "[" + kind + ": " + formatPrimitive(boxed, true) + "]";
  }
  if (proto === PromisePrototype) return "Promise { <state unknown> }";
  if (proto === WeakMapPrototype || proto === WeakSetPrototype) return (ctorName || "WeakMap") + " { <items unknown> }";

  if (depth > ctx.depth) return "[" + (ctorName === null ? "Object: null prototype" : ctorName) + "]";
  const props = formatProperties(ctx, v, depth, false);
  let prefix = prefixFor("Object");
  if (prefix === "Object") prefix = "";
  return reduceEntries(ctx, props, prefix, "{", "}");
}

function isErrorObject(v) {
  try {
    for (let p = ObjectGetPrototypeOf(v); p !== null; p = ObjectGetPrototypeOf(p)) {
      if (p === ErrorPrototype) return true;
    }
  } catch {}
  return false;
}

// "Name: message" plus the stack QuickJS recorded ("    at f (file:line:col)" lines).
function errorHeadline(e) {
  let name, message, stack;
  try {
    name = e.name;
  } catch {}
  try {
    message = e.message;
  } catch {}
  try {
    stack = e.stack;
  } catch {}
  name = typeof name === "string" ? name : "Error";
  message = message === undefined ? "" : typeof message === "string" ? message : safeString(message);
  let text = message ? name + ": " + message : name;
  if (typeof stack === "string" && stack !== "") {
    // Trim the trailing newline QuickJS leaves.
    while (stack.length && StringPrototypeCharCodeAt(stack, stack.length - 1) === 0x0a) stack = StringPrototypeSlice(stack, 0, -1);
    if (stack !== "") text += "\n" + stack;
  }
  return text;
}

function formatError(ctx, e, depth) {
  let text = errorHeadline(e);
  if (ctx.indentation) {
    const indent = StringPrototypeRepeat(" ", ctx.indentation);
    text = ArrayPrototypeJoin(StringPrototypeSplit(text, "\n"), "\n" + indent);
  }
  if (depth > ctx.depth) return "[" + StringPrototypeSplit(text, "\n")[0] + "]";
  const props = [];
  const keys = ObjectKeys(e);
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === "stack" || keys[i] === "message") continue;
    props[props.length] = formatProperty(ctx, e, keys[i], depth);
  }
  if (ObjectHasOwn(e, "cause")) {
    const desc = ObjectGetOwnPropertyDescriptor(e, "cause");
    if (desc && !desc.enumerable) {
      ctx.indentation += 2;
      props[props.length] = "[cause]: " + formatValue(ctx, desc.value, depth + 1, true);
      ctx.indentation -= 2;
    }
  }
  if (props.length === 0) return text;
  return text + " " + reduceEntries(ctx, props, "", "{", "}");
}

// String(v) that never throws.
function safeString(v) {
  try {
    return $String(v);
  } catch {
    try {
      return ObjectPrototypeToString(v);
    } catch {
      return "[object]";
    }
  }
}
