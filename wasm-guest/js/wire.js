// wire.js: the wire format (wasm-guest/README.md, "Wire format"): one encoder, one decoder.
//
// Every value crossing the sandbox boundary goes through here: code to load, calls in, results,
// errors, host requests and structuredClone. The encoder must produce well-formed bytes no matter
// what worker code did to the values or to the built-in prototypes, so:
//   - output goes to a Uint8Array whose capacity we track ourselves (a typed array's `length`
//     getter can be replaced), through indexed stores (typed-array stores never reach a setter);
//   - every count is written from the same loop bound that emits the elements: a getter that
//     adds or deletes entries mid-encoding changes what is read, never how many items follow;
//   - Map and Set entries are snapshotted before any of them is encoded (encoding runs getters);
//   - nesting is limited to the decoder's limit, so whatever we emit, a decoder accepts.
//
// Depth: the top-level value has depth 0, children of a container at depth d have depth d + 1,
// and a value deeper than WIRE_MAX_DEPTH is an error in both directions.
//
// Float64s go through a Float64Array aliasing 8 scratch bytes: machine byte order, which
// primordials.js checked is little-endian.

const WIRE_MAX_DEPTH = 1000;

const TAG_UNDEFINED = 0x00;
const TAG_NULL = 0x01;
const TAG_FALSE = 0x02;
const TAG_TRUE = 0x03;
const TAG_INT32 = 0x04;
const TAG_FLOAT64 = 0x05;
const TAG_BIGINT = 0x06;
const TAG_STRING = 0x07;
const TAG_OBJECT = 0x08;
const TAG_ARRAY = 0x09;
const TAG_DATE = 0x0a;
const TAG_MAP = 0x0b;
const TAG_SET = 0x0c;
const TAG_ARRAY_BUFFER = 0x0d;
const TAG_VIEW = 0x0e;
const TAG_REF = 0x0f;
const TAG_ERROR = 0x10;
const TAG_REGEXP = 0x11;
const TAG_REQUEST = 0x12;
const TAG_RESPONSE = 0x13;
const TAG_HOST_REF = 0x14;

// View kinds, by the typed array's toStringTag; 12 is DataView.
const viewKindByName = {
  __proto__: null,
  Int8Array: 1, Uint8Array: 2, Uint8ClampedArray: 3, Int16Array: 4, Uint16Array: 5,
  Int32Array: 6, Uint32Array: 7, Float32Array: 8, Float64Array: 9, BigInt64Array: 10,
  BigUint64Array: 11,
};
const VIEW_DATAVIEW = 12;
const viewConstructors = [undefined, Int8Array, Uint8Array, Uint8ClampedArray, Int16Array, Uint16Array,
  Int32Array, Uint32Array, Float32Array, Float64Array, BigInt64Array, BigUint64Array, DataView];
const viewElementSizes = [0, 1, 1, 1, 2, 2, 4, 4, 4, 8, 8, 8, 1];

// Error constructors the decoder recreates by name; any other name is an Error with that name.
const errorConstructors = {
  __proto__: null,
  Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError,
};
if (typeof InternalError === "function") errorConstructors.InternalError = InternalError;

const float64Scratch = new $Float64Array(1);
const float64Bytes = new $Uint8Array(float64Scratch.buffer);

function dataCloneError(message) {
  return newDOMException(message, "DataCloneError");
}

// Non-throwing description of a value for DataCloneError messages.
function describeForClone(v) {
  try {
    if (typeof v === "symbol") return SymbolPrototypeToString(v);
    if (typeof v === "function") {
      const s = FunctionPrototypeToString(v);
      return s.length > 80 ? StringPrototypeSlice(s, 0, 77) + "..." : s;
    }
    return "#<" + objectClassName(v) + ">";
  } catch {
    return "value";
  }
}

// The name of an object's constructor, for messages; never runs worker getters on `v` itself
// except through its prototype's `constructor` data property.
function objectClassName(v) {
  try {
    let proto = ObjectGetPrototypeOf(v);
    while (proto !== null) {
      const desc = ObjectGetOwnPropertyDescriptor(proto, "constructor");
      if (desc && typeof desc.value === "function") {
        const nameDesc = ObjectGetOwnPropertyDescriptor(desc.value, "name");
        if (nameDesc && typeof nameDesc.value === "string" && nameDesc.value !== "") return nameDesc.value;
      }
      proto = ObjectGetPrototypeOf(proto);
    }
  } catch {}
  return "Object";
}

// ---------------------------------------------------------------------------------------------
// Encoder

function newWireWriter() {
  const cap = 256;
  return { __proto__: null, u8: new $Uint8Array(cap), cap, pos: 0, refs: newSafeMap(), nextRef: 0 };
}

function wireGrow(w, n) {
  const need = w.pos + n;
  if (need <= w.cap) return;
  let cap = w.cap * 2;
  while (cap < need) cap *= 2;
  const u8 = new $Uint8Array(cap);
  TypedArrayPrototypeSet(u8, w.u8);
  w.u8 = u8;
  w.cap = cap;
}

function writeByte(w, b) {
  if (w.pos >= w.cap) wireGrow(w, 1);
  w.u8[w.pos++] = b;
}

function writeVaruint(w, n) {
  // n is a length or an index: an integer in [0, 2^32).
  if (w.pos + 5 > w.cap) wireGrow(w, 5);
  const u8 = w.u8;
  let pos = w.pos;
  while (n >= 0x80) {
    u8[pos++] = (n & 0x7f) | 0x80;
    n = n >>> 7;
  }
  u8[pos++] = n;
  w.pos = pos;
}

function writeInt32(w, n) {
  if (w.pos + 5 > w.cap) wireGrow(w, 5);
  const u8 = w.u8;
  const pos = w.pos;
  u8[pos] = TAG_INT32;
  u8[pos + 1] = n;
  u8[pos + 2] = n >> 8;
  u8[pos + 3] = n >> 16;
  u8[pos + 4] = n >> 24;
  w.pos = pos + 5;
}

function writeFloat64Body(w, n) {
  if (w.pos + 8 > w.cap) wireGrow(w, 8);
  float64Scratch[0] = n;
  const u8 = w.u8;
  const pos = w.pos;
  for (let i = 0; i < 8; i++) u8[pos + i] = float64Bytes[i];
  w.pos = pos + 8;
}

function writeNumber(w, n) {
  if ((n | 0) === n && (n !== 0 || 1 / n > 0)) {
    writeInt32(w, n);
  } else {
    writeByte(w, TAG_FLOAT64);
    writeFloat64Body(w, n);
  }
}

// Bytes of an ArrayBuffer range, raw (no tag).
function writeBytes(w, buffer, offset, length) {
  if (length === 0) return;
  wireGrow(w, length);
  TypedArrayPrototypeSet(w.u8, new $Uint8Array(buffer, offset, length), w.pos);
  w.pos += length;
}

// A string value, tag included. Short ASCII strings (the common case: keys, header names) are
// written directly; anything else goes through the native WTF-8 encoder.
function writeString(w, s) {
  const n = s.length;
  if (n < 64) {
    if (w.pos + n + 2 > w.cap) wireGrow(w, n + 2);
    const u8 = w.u8;
    const start = w.pos;
    let pos = start + 2;
    let i = 0;
    for (; i < n; i++) {
      const c = StringPrototypeCharCodeAt(s, i);
      if (!(c < 0x80)) break;
      u8[pos++] = c;
    }
    if (i === n) {
      u8[start] = TAG_STRING;
      u8[start + 1] = n;
      w.pos = pos;
      return;
    }
  }
  const bytes = nativeEncodeUtf8(s, true);
  const len = ArrayBufferPrototypeByteLength(bytes);
  writeByte(w, TAG_STRING);
  writeVaruint(w, len);
  writeBytes(w, bytes, 0, len);
}

function hexDigitValue(c) {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

function writeBigInt(w, v) {
  writeByte(w, TAG_BIGINT);
  let negative = 0;
  if (v < 0n) {
    negative = 1;
    v = -v;
  }
  writeByte(w, negative);
  if (v === 0n) {
    writeVaruint(w, 0);
    return;
  }
  // From the hex digits, least significant byte first.
  const hex = BigIntPrototypeToString(v, 16);
  const n = (hex.length + 1) >> 1;
  writeVaruint(w, n);
  wireGrow(w, n);
  const u8 = w.u8;
  let pos = w.pos;
  for (let end = hex.length; end > 0; end -= 2) {
    const lo = hexDigitValue(StringPrototypeCharCodeAt(hex, end - 1));
    const hi = end >= 2 ? hexDigitValue(StringPrototypeCharCodeAt(hex, end - 2)) : 0;
    u8[pos++] = (hi << 4) | lo;
  }
  w.pos = pos;
}

// Headers as the format wants them: varuint n, then n (name, value) string values.
function writeHeaderList(w, names, values) {
  const n = names.length;
  writeVaruint(w, n);
  for (let i = 0; i < n; i++) {
    writeString(w, names[i]);
    writeString(w, values[i]);
  }
}

// A body: null, or an ArrayBuffer that does not take a reference index.
function writeBody(w, bytes) {
  if (bytes === null) {
    writeByte(w, TAG_NULL);
    return;
  }
  const len = TypedArrayPrototypeGetByteLength(bytes);
  writeByte(w, TAG_ARRAY_BUFFER);
  writeVaruint(w, len);
  writeBytes(w, TypedArrayPrototypeGetBuffer(bytes), TypedArrayPrototypeGetByteOffset(bytes), len);
}

function writeValue(w, v, depth) {
  if (depth > WIRE_MAX_DEPTH) throw dataCloneError("The value is nested too deeply to be cloned (limit " + WIRE_MAX_DEPTH + ").");
  switch (typeof v) {
    case "undefined":
      writeByte(w, TAG_UNDEFINED);
      return;
    case "boolean":
      writeByte(w, v ? TAG_TRUE : TAG_FALSE);
      return;
    case "number":
      writeNumber(w, v);
      return;
    case "string":
      writeString(w, v);
      return;
    case "bigint":
      writeBigInt(w, v);
      return;
    case "object":
      if (v === null) {
        writeByte(w, TAG_NULL);
        return;
      }
      writeObject(w, v, depth);
      return;
    case "function":
      if (isHostStub(v)) {
        writeHostStub(w, v, depth);
        return;
      }
      throw dataCloneError(describeForClone(v) + " could not be cloned.");
    default:
      throw dataCloneError(describeForClone(v) + " could not be cloned.");
  }
}

// Assigns the next reference index to `o`, or writes a back-reference and returns false.
function claimRef(w, o) {
  const index = w.refs.get(o);
  if (index !== undefined) {
    writeByte(w, TAG_REF);
    writeVaruint(w, index);
    return false;
  }
  w.refs.set(o, w.nextRef++);
  return true;
}

function writeObject(w, o, depth) {
  if (ArrayIsArray(o)) {
    if (!claimRef(w, o)) return;
    const len = o.length >>> 0;
    writeByte(w, TAG_ARRAY);
    writeVaruint(w, len);
    for (let i = 0; i < len; i++) writeValue(w, o[i], depth + 1);
    return;
  }
  const proto = ObjectGetPrototypeOf(o);
  if (proto === ObjectPrototype || proto === null) {
    if (!claimRef(w, o)) return;
    writePlainObject(w, o, depth);
    return;
  }
  writeExoticObject(w, o, proto, depth);
}

function writePlainObject(w, o, depth) {
  const keys = ObjectKeys(o);
  const n = keys.length;
  writeByte(w, TAG_OBJECT);
  writeVaruint(w, n);
  for (let i = 0; i < n; i++) {
    const key = keys[i];
    writeString(w, key);
    writeValue(w, o[key], depth + 1);
  }
}

// Which built-in an object with an unusual prototype is. Classified by the first built-in
// prototype on its chain, then confirmed with a brand check (an object that merely inherits
// from Date.prototype is cloned as a plain object, as structured clone does).
function writeExoticObject(w, o, proto, depth) {
  if (ArrayBufferIsView(o)) {
    if (!claimRef(w, o)) return;
    writeView(w, o, depth);
    return;
  }
  if (isRequestObject(o)) return writeRequestObject(w, o);
  if (isResponseObject(o)) return writeResponseObject(w, o);
  if (isHostStub(o)) return writeHostStub(w, o, depth);
  for (let p = proto; p !== null; p = ObjectGetPrototypeOf(p)) {
    if (p === ObjectPrototype) break;
    if (p === ArrayBufferPrototype) {
      let len;
      try {
        len = ArrayBufferPrototypeByteLength(o);
      } catch {
        break;
      }
      if (!claimRef(w, o)) return;
      writeByte(w, TAG_ARRAY_BUFFER);
      writeVaruint(w, len);
      writeBytes(w, o, 0, len);
      return;
    }
    if (p === DatePrototype) {
      let t;
      try {
        t = DatePrototypeGetTime(o);
      } catch {
        break;
      }
      if (!claimRef(w, o)) return;
      writeByte(w, TAG_DATE);
      writeFloat64Body(w, t);
      return;
    }
    if (p === MapPrototype) {
      try {
        MapPrototypeSize(o);
      } catch {
        break;
      }
      if (!claimRef(w, o)) return;
      writeMap(w, o, depth);
      return;
    }
    if (p === SetPrototype) {
      try {
        SetPrototypeSize(o);
      } catch {
        break;
      }
      if (!claimRef(w, o)) return;
      writeSet(w, o, depth);
      return;
    }
    if (p === RegExpPrototype) {
      let source, flags;
      try {
        source = RegExpPrototypeSourceGetter(o);
        flags = RegExpPrototypeFlagsGetter(o);
      } catch {
        break;
      }
      if (!claimRef(w, o)) return;
      writeByte(w, TAG_REGEXP);
      writeString(w, source);
      writeString(w, $String(flags));
      return;
    }
    if (p === ErrorPrototype) {
      if (!claimRef(w, o)) return;
      writeErrorObject(w, o, depth);
      return;
    }
    const boxed = unboxPrimitive(o, p);
    if (boxed !== noBoxedValue) {
      if (typeof boxed === "symbol") throw dataCloneError(describeForClone(o) + " could not be cloned.");
      // The format has no boxed primitives: they cross as their primitive value.
      writeValue(w, boxed, depth);
      return;
    }
    if (uncloneablePrototypes.has(p) || isPlatformObject(o)) {
      throw dataCloneError(describeForClone(o) + " could not be cloned.");
    }
  }
  // Any other object (class instances included) clones as its own enumerable properties.
  if (!claimRef(w, o)) return;
  writePlainObject(w, o, depth);
}

const noBoxedValue = $Symbol("not boxed");
function unboxPrimitive(o, p) {
  try {
    if (p === $Number.prototype) return NumberPrototypeValueOf(o);
    if (p === $String.prototype) return StringPrototypeValueOf(o);
    if (p === $Boolean.prototype) return BooleanPrototypeValueOf(o);
    if (p === $BigInt.prototype) return BigIntPrototypeValueOf(o);
    if (p === $Symbol.prototype) return SymbolPrototypeValueOf(o);
  } catch {}
  return noBoxedValue;
}

// Built-ins structured clone refuses (and that would otherwise clone as empty objects).
const uncloneablePrototypes = newSafeSet();
for (const C of [Promise, WeakMap, WeakSet, typeof WeakRef === "function" ? WeakRef : null,
  typeof FinalizationRegistry === "function" ? FinalizationRegistry : null]) {
  if (C) uncloneablePrototypes.add(C.prototype);
}
uncloneablePrototypes.add(ObjectGetPrototypeOf(function* () {}).prototype);
uncloneablePrototypes.add(ObjectGetPrototypeOf(async function* () {}).prototype);
uncloneablePrototypes.add(ArrayIteratorPrototype);

// The prelude's own classes with private state (Headers, URL, ...) register a brand check here;
// structured clone refuses them, as browsers do.
const platformBrandChecks = [];
function registerPlatformClass(isInstance) {
  platformBrandChecks[platformBrandChecks.length] = isInstance;
}
function isPlatformObject(o) {
  for (let i = 0; i < platformBrandChecks.length; i++) {
    if (platformBrandChecks[i](o)) return true;
  }
  return false;
}

function writeView(w, o, depth) {
  const name = TypedArrayPrototypeGetToStringTag(o);
  let kind, buffer, offset, length;
  if (name === undefined) {
    kind = VIEW_DATAVIEW;
    buffer = DataViewPrototypeGetBuffer(o);
    offset = DataViewPrototypeGetByteOffset(o);
    length = DataViewPrototypeGetByteLength(o);
  } else {
    kind = viewKindByName[name];
    if (kind === undefined) throw dataCloneError(name + " could not be cloned.");
    buffer = TypedArrayPrototypeGetBuffer(o);
    offset = TypedArrayPrototypeGetByteOffset(o);
    length = TypedArrayPrototypeGetLength(o);
  }
  writeByte(w, TAG_VIEW);
  writeByte(w, kind);
  if (claimRef(w, buffer)) {
    const len = ArrayBufferPrototypeByteLength(buffer);
    writeByte(w, TAG_ARRAY_BUFFER);
    writeVaruint(w, len);
    writeBytes(w, buffer, 0, len);
  }
  writeVaruint(w, offset);
  writeVaruint(w, length);
}

function writeMap(w, o, depth) {
  // Snapshot first: encoding a key or value may run worker getters that change the map.
  const keys = [];
  const values = [];
  let n = 0;
  const it = MapPrototypeEntries(o);
  for (;;) {
    const step = MapIteratorPrototypeNext(it);
    if (step.done) break;
    const entry = step.value;
    keys[n] = entry[0];
    values[n] = entry[1];
    n++;
  }
  writeByte(w, TAG_MAP);
  writeVaruint(w, n);
  for (let i = 0; i < n; i++) {
    writeValue(w, keys[i], depth + 1);
    writeValue(w, values[i], depth + 1);
  }
}

function writeSet(w, o, depth) {
  const values = [];
  let n = 0;
  const it = SetPrototypeValues(o);
  for (;;) {
    const step = SetIteratorPrototypeNext(it);
    if (step.done) break;
    values[n++] = step.value;
  }
  writeByte(w, TAG_SET);
  writeVaruint(w, n);
  for (let i = 0; i < n; i++) writeValue(w, values[i], depth + 1);
}

function writeErrorObject(w, o, depth) {
  const name = o.name;
  const message = o.message;
  const stack = o.stack;
  const hasCause = ObjectHasOwn(o, "cause");
  const cause = hasCause ? o.cause : undefined;
  writeByte(w, TAG_ERROR);
  writeString(w, typeof name === "string" ? name : "Error");
  writeString(w, message === undefined ? "" : $String(message));
  if (typeof stack === "string") writeString(w, stack);
  else writeByte(w, TAG_UNDEFINED);
  writeValue(w, cause, depth + 1);
}

// An Error from plain strings, for hooks.encodeError: nothing here can run worker code.
function encodeErrorParts(name, message, stack) {
  const w = newWireWriter();
  writeByte(w, TAG_ERROR);
  writeString(w, name);
  writeString(w, message);
  if (typeof stack === "string") writeString(w, stack);
  else writeByte(w, TAG_UNDEFINED);
  writeByte(w, TAG_UNDEFINED);
  return wireFinish(w);
}

function writeRequestObject(w, o) {
  const parts = requestWireParts(o);
  writeByte(w, TAG_REQUEST);
  writeString(w, parts.method);
  writeString(w, parts.url);
  writeHeaderList(w, parts.names, parts.values);
  writeBody(w, parts.body);
}

function writeResponseObject(w, o) {
  const parts = responseWireParts(o);
  writeByte(w, TAG_RESPONSE);
  writeVaruint(w, parts.status);
  writeString(w, parts.statusText);
  writeHeaderList(w, parts.names, parts.values);
  writeBody(w, parts.body);
}

function writeHostStub(w, o, depth) {
  const ref = hostStubTarget(o);
  writeByte(w, TAG_HOST_REF);
  writeString(w, ref.kind);
  writeValue(w, ref.id, depth + 1);
}

function wireFinish(w) {
  return ArrayBufferPrototypeSlice(TypedArrayPrototypeGetBuffer(w.u8), 0, w.pos);
}

// Encodes one value as an ArrayBuffer. Throws DataCloneError for what cannot cross.
function wireEncode(value) {
  const w = newWireWriter();
  writeValue(w, value, 0);
  return wireFinish(w);
}

// ---------------------------------------------------------------------------------------------
// Decoder

function malformed(what) {
  return new $TypeError("Malformed wire value: " + what + ".");
}

function newWireReader(buffer) {
  const end = ArrayBufferPrototypeByteLength(buffer);
  return {
    __proto__: null,
    buffer,
    u8: new $Uint8Array(buffer),
    pos: 0,
    end,
    refs: [],
    nrefs: 0,
    desc: { __proto__: null, value: undefined, writable: true, enumerable: true, configurable: true },
  };
}

function readByte(r) {
  if (r.pos >= r.end) throw malformed("unexpected end of input");
  return r.u8[r.pos++];
}

function readVaruint(r) {
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 5; i++) {
    const b = readByte(r);
    result += (b & 0x7f) * scale;
    if (b < 0x80) {
      if (result > 0xffffffff) throw malformed("varuint out of range");
      return result;
    }
    scale *= 128;
  }
  throw malformed("varuint longer than 5 bytes");
}

// A length that must fit in what is left of the input (every element takes at least a byte).
function readLength(r) {
  const n = readVaruint(r);
  if (n > r.end - r.pos) throw malformed("length " + n + " past the end of the input");
  return n;
}

function readStringBody(r) {
  const n = readLength(r);
  const pos = r.pos;
  r.pos = pos + n;
  if (n === 0) return "";
  if (n <= 16) {
    // Short ASCII strings: cheaper than a native call.
    const u8 = r.u8;
    let s = "";
    let i = pos;
    for (; i < pos + n; i++) {
      const b = u8[i];
      if (b >= 0x80) break;
      s += StringFromCharCode(b);
    }
    if (i === pos + n) return s;
  }
  return nativeDecodeUtf8(r.buffer, pos, n, 2);
}

function readString(r) {
  const tag = readByte(r);
  if (tag !== TAG_STRING) throw malformed("expected a string, found tag " + tag);
  return readStringBody(r);
}

function addRef(r, value) {
  const index = r.nrefs++;
  r.refs[index] = value;
  return index;
}

function readValue(r, depth) {
  if (depth > WIRE_MAX_DEPTH) throw malformed("nesting deeper than " + WIRE_MAX_DEPTH);
  const tag = readByte(r);
  switch (tag) {
    case TAG_UNDEFINED:
      return undefined;
    case TAG_NULL:
      return null;
    case TAG_FALSE:
      return false;
    case TAG_TRUE:
      return true;
    case TAG_INT32: {
      if (r.end - r.pos < 4) throw malformed("truncated int32");
      const u8 = r.u8;
      const p = r.pos;
      r.pos = p + 4;
      return u8[p] | (u8[p + 1] << 8) | (u8[p + 2] << 16) | (u8[p + 3] << 24);
    }
    case TAG_FLOAT64:
      return readFloat64Body(r);
    case TAG_BIGINT:
      return readBigIntBody(r);
    case TAG_STRING:
      return readStringBody(r);
    case TAG_OBJECT: {
      const o = {};
      addRef(r, o);
      const n = readLength(r);
      const desc = r.desc;
      for (let i = 0; i < n; i++) {
        const key = readString(r);
        desc.value = readValue(r, depth + 1);
        // defineProperty, not assignment: "__proto__" is an ordinary key on the wire.
        ObjectDefineProperty(o, key, desc);
      }
      desc.value = undefined;
      return o;
    }
    case TAG_ARRAY: {
      const a = [];
      addRef(r, a);
      const n = readLength(r);
      for (let i = 0; i < n; i++) a[i] = readValue(r, depth + 1);
      return a;
    }
    case TAG_DATE: {
      const index = addRef(r, null);
      const d = new $Date(readFloat64Body(r));
      r.refs[index] = d;
      return d;
    }
    case TAG_MAP: {
      const m = new $Map();
      addRef(r, m);
      const n = readLength(r);
      for (let i = 0; i < n; i++) {
        const k = readValue(r, depth + 1);
        MapPrototypeSet(m, k, readValue(r, depth + 1));
      }
      return m;
    }
    case TAG_SET: {
      const s = new $Set();
      addRef(r, s);
      const n = readLength(r);
      for (let i = 0; i < n; i++) SetPrototypeAdd(s, readValue(r, depth + 1));
      return s;
    }
    case TAG_ARRAY_BUFFER: {
      const index = addRef(r, null);
      const ab = readArrayBufferBody(r);
      r.refs[index] = ab;
      return ab;
    }
    case TAG_VIEW:
      return readViewBody(r);
    case TAG_REF: {
      const index = readVaruint(r);
      if (index >= r.nrefs) throw malformed("reference to index " + index + " not yet assigned");
      const v = r.refs[index];
      if (v === null) throw malformed("reference to a value still being read");
      return v;
    }
    case TAG_ERROR:
      return readErrorBody(r, depth);
    case TAG_REGEXP: {
      const index = addRef(r, null);
      const source = readString(r);
      const flags = readString(r);
      let re;
      try {
        re = new $RegExp(source, flags);
      } catch (e) {
        throw malformed("invalid RegExp /" + source + "/" + flags);
      }
      r.refs[index] = re;
      return re;
    }
    case TAG_REQUEST: {
      const method = readString(r);
      const url = readString(r);
      const headers = readHeaderList(r);
      const body = readBody(r);
      return requestFromWire(method, url, headers.names, headers.values, body);
    }
    case TAG_RESPONSE: {
      const status = readVaruint(r);
      const statusText = readString(r);
      const headers = readHeaderList(r);
      const body = readBody(r);
      return responseFromWire(status, statusText, headers.names, headers.values, body);
    }
    case TAG_HOST_REF: {
      const kind = readString(r);
      const id = readValue(r, depth + 1);
      return makeHostStub(kind, id);
    }
    default:
      throw malformed("unknown tag " + tag);
  }
}

function readFloat64Body(r) {
  if (r.end - r.pos < 8) throw malformed("truncated float64");
  const u8 = r.u8;
  const p = r.pos;
  for (let i = 0; i < 8; i++) float64Bytes[i] = u8[p + i];
  r.pos = p + 8;
  return float64Scratch[0];
}

const hexDigits = "0123456789abcdef";
function readBigIntBody(r) {
  const sign = readByte(r);
  if (sign > 1) throw malformed("BigInt sign byte " + sign);
  const n = readLength(r);
  const u8 = r.u8;
  const p = r.pos;
  r.pos = p + n;
  if (n === 0) return 0n;
  const digits = [];
  for (let i = n - 1, j = 0; i >= 0; i--) {
    const b = u8[p + i];
    digits[j++] = hexDigits[b >> 4];
    digits[j++] = hexDigits[b & 15];
  }
  const v = $BigInt("0x" + ArrayPrototypeJoin(digits, ""));
  return sign ? -v : v;
}

function readArrayBufferBody(r) {
  const n = readLength(r);
  const p = r.pos;
  r.pos = p + n;
  return ArrayBufferPrototypeSlice(r.buffer, p, p + n);
}

function isArrayBuffer(v) {
  if (v === null || typeof v !== "object") return false;
  try {
    ArrayBufferPrototypeByteLength(v);
    return true;
  } catch {
    return false;
  }
}

function readViewBody(r) {
  const index = addRef(r, null);
  const kind = readByte(r);
  if (kind < 1 || kind > 12) throw malformed("unknown view kind " + kind);
  const bufferTag = readByte(r);
  let buffer;
  if (bufferTag === TAG_ARRAY_BUFFER) {
    const bufferIndex = addRef(r, null);
    buffer = readArrayBufferBody(r);
    r.refs[bufferIndex] = buffer;
  } else if (bufferTag === TAG_REF) {
    const bufferIndex = readVaruint(r);
    buffer = bufferIndex < r.nrefs ? r.refs[bufferIndex] : undefined;
    if (!isArrayBuffer(buffer)) throw malformed("a view's buffer must be an ArrayBuffer");
  } else {
    throw malformed("a view's buffer must be an ArrayBuffer");
  }
  const offset = readVaruint(r);
  const length = readVaruint(r);
  const size = viewElementSizes[kind];
  const byteLength = ArrayBufferPrototypeByteLength(buffer);
  if (offset % size !== 0 || offset > byteLength || length * size > byteLength - offset) {
    throw malformed("view range outside its buffer");
  }
  const view = new viewConstructors[kind](buffer, offset, length);
  r.refs[index] = view;
  return view;
}

function readErrorBody(r, depth) {
  const placeholder = addRef(r, null);
  const name = readString(r);
  const message = readString(r);
  const stackTag = readByte(r);
  let stack;
  if (stackTag === TAG_STRING) stack = readStringBody(r);
  else if (stackTag !== TAG_UNDEFINED) throw malformed("an Error's stack must be a string or undefined");
  const Ctor = errorConstructors[name];
  const e = Ctor === AggregateError ? new AggregateError([]) : new (Ctor || $Error)();
  if (!Ctor) ObjectDefineProperty(e, "name", dataDescriptor(name, false));
  ObjectDefineProperty(e, "message", dataDescriptor(message, false));
  if (stack !== undefined) ObjectDefineProperty(e, "stack", dataDescriptor(stack, false));
  else delete e.stack;
  // The error is referenceable from its cause (a cycle through the cause is legal).
  r.refs[placeholder] = e;
  const cause = readValue(r, depth + 1);
  if (cause !== undefined) ObjectDefineProperty(e, "cause", dataDescriptor(cause, false));
  return e;
}

function readHeaderList(r) {
  const n = readLength(r);
  const names = [];
  const values = [];
  for (let i = 0; i < n; i++) {
    names[i] = readString(r);
    values[i] = readString(r);
  }
  return { __proto__: null, names, values };
}

function readBody(r) {
  const tag = readByte(r);
  if (tag === TAG_NULL) return null;
  if (tag !== TAG_ARRAY_BUFFER) throw malformed("a body must be null or an ArrayBuffer");
  return readArrayBufferBody(r);
}

// Decodes one value from a whole ArrayBuffer. Throws TypeError on malformed input.
function wireDecode(buffer) {
  const r = newWireReader(buffer);
  const v = readValue(r, 0);
  if (r.pos !== r.end) throw malformed((r.end - r.pos) + " trailing bytes");
  return v;
}
