// wire-decode.js: the wire decoder (format in wasm-guest/README.md; tags in wire.js). Strict:
// it rejects unknown tags, over-long varuints, lengths past the end, references to indexes not
// yet assigned, nesting deeper than WIRE_MAX_DEPTH and trailing bytes, with a TypeError
// ("Malformed wire value: ..."). Lengths are checked against the bytes left before anything is
// allocated, so the memory a decode takes is bounded by its input's size.
//
// As in the encoder, the state lives in closure variables (d*) for speed, saved and restored
// around a nested decode, and open containers are kept on an explicit stack.

let dBuffer = null; // the input ArrayBuffer, as dU8; bytes [dPos, dEnd) are still to read
let dU8 = null;
let dPos = 0;
let dEnd = 0;
let dRefs = null; // reference index -> value (null while the value is being read)
let dNrefs = 0;
let dFrames = null;
let dSp = 0;
let dActive = false;
// The top-level decode's frame stack, kept from one decode to the next together with its frame
// objects, which openContainer refills: a new object per container cost ~5k instructions, and
// every call the host sends is at least one container. (A nested decode gets a stack of its
// own.) closeContainer clears a frame's value and key, so nothing decoded stays reachable.
let topLevelFrames = newList();
// Reused for every property definition: it inherits nothing, so no worker-defined
// Object.prototype.get can turn it into an accessor descriptor.
const dDesc = { __proto__: null, value: undefined, writable: true, enumerable: true, configurable: true };

function malformed(what) {
  return new $TypeError("Malformed wire value: " + what + ".");
}

// Decodes one value from a whole ArrayBuffer. Throws TypeError on malformed input.
// The native fast path (c/wire.c) decodes the common values (plain data, host references,
// Requests, Responses) into the same values; it gives up on anything else (malformed input
// included), which the code below handles.
function wireDecode(buffer) {
  const fast = nativeWireDecodeFast(buffer, fastDecodeHelpers, fastDecodeGaveUp);
  if (fast !== fastDecodeGaveUp) return fast;
  return wireDecodeJs(buffer);
}
const fastDecodeHelpers = { __proto__: null, request: requestFromWire, response: responseFromWire, stub: makeHostStub };
const fastDecodeGaveUp = $Symbol("the fast decoder gave up");

// The JS decoder alone (the native harness compares it with the fast path).
function wireDecodeJs(buffer) {
  const saved = dActive ? { __proto__: null, dBuffer, dU8, dPos, dEnd, dRefs, dNrefs, dFrames, dSp } : null;
  dActive = true;
  try {
    dEnd = ArrayBufferPrototypeByteLength(buffer);
    dBuffer = buffer;
    dU8 = new $Uint8Array(buffer);
    dPos = 0;
    dRefs = newList();
    dNrefs = 0;
    dFrames = saved === null ? topLevelFrames : newList();
    dSp = 0;
    const v = readTree();
    if (dPos !== dEnd) throw malformed((dEnd - dPos) + " trailing bytes");
    return v;
  } finally {
    if (saved !== null) {
      dBuffer = saved.dBuffer;
      dU8 = saved.dU8;
      dPos = saved.dPos;
      dEnd = saved.dEnd;
      dRefs = saved.dRefs;
      dNrefs = saved.dNrefs;
      dFrames = saved.dFrames;
      dSp = saved.dSp;
    } else {
      // A decode that failed with containers open: drop their frames (they hold its values).
      if (dSp !== 0) topLevelFrames = newList();
      dActive = false;
      dBuffer = dU8 = dRefs = dFrames = null;
    }
  }
}

// ---- bytes ----

function readByte() {
  if (dPos >= dEnd) throw malformed("unexpected end of input");
  return dU8[dPos++];
}

function readVaruint() {
  let result = 0;
  let scale = 1;
  for (let i = 0; i < 5; i++) {
    const b = readByte();
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
// Most lengths are below 128, one byte, read here without the calls of readVaruint (a call
// costs more than the rest of a short string's decoding).
function readLength() {
  let n;
  if (dPos < dEnd && dU8[dPos] < 0x80) {
    n = dU8[dPos];
    dPos += 1;
  } else {
    n = readVaruint();
  }
  if (n > dEnd - dPos) throw malformed("length " + n + " past the end of the input");
  return n;
}

function readStringBody() {
  const n = readLength();
  const p = dPos;
  dPos = p + n;
  if (n === 0) return "";
  if (n === 1 && dU8[p] < 0x80) return asciiChars[dU8[p]];
  return nativeDecodeUtf8(dBuffer, p, n, 2);
}
const asciiChars = newList();
for (let c = 0; c < 0x80; c++) asciiChars[c] = StringFromCharCode(c);

function readString() {
  if (dPos < dEnd && dU8[dPos] === TAG_STRING) {
    dPos += 1;
    return readStringBody();
  }
  const tag = readByte();
  throw malformed("expected a string, found tag " + tag);
}

function readFloat64Body() {
  if (dEnd - dPos < 8) throw malformed("truncated float64");
  const u8 = dU8;
  const p = dPos;
  float64Bytes[0] = u8[p];
  float64Bytes[1] = u8[p + 1];
  float64Bytes[2] = u8[p + 2];
  float64Bytes[3] = u8[p + 3];
  float64Bytes[4] = u8[p + 4];
  float64Bytes[5] = u8[p + 5];
  float64Bytes[6] = u8[p + 6];
  float64Bytes[7] = u8[p + 7];
  dPos = p + 8;
  return float64Scratch[0];
}

const hexDigits = "0123456789abcdef";
function readBigIntBody() {
  const sign = readByte();
  if (sign > 1) throw malformed("BigInt sign byte " + sign);
  const n = readLength();
  const p = dPos;
  dPos = p + n;
  if (n === 0) return 0n;
  let hex = "0x";
  for (let i = p + n - 1; i >= p; i--) hex += hexDigits[dU8[i] >> 4] + hexDigits[dU8[i] & 15];
  const v = $BigInt(hex);
  return sign ? -v : v;
}

function readArrayBufferBody() {
  const n = readLength();
  const p = dPos;
  dPos = p + n;
  return ArrayBufferPrototypeSlice(dBuffer, p, p + n);
}

function addRef(value) {
  const index = dNrefs++;
  dRefs[index] = value;
  return index;
}

// ---- values ----

// Open containers on the decoder's stack, filled one child at a time.
const OPEN_ARRAY = 1;
const OPEN_OBJECT = 2; // reads a key string before each value
const OPEN_MAP = 3; // n counts keys and values
const OPEN_SET = 4;
const OPEN_ERROR_CAUSE = 5;
const OPEN_HOST_REF = 6; // the id; the stub is made when it is complete

// Marks a container whose children are still to be read (readValue pushed a frame for it).
const PENDING = $Symbol("pending");

function openContainer(kind, value, n, depth) {
  if (n === 0) return value;
  const f = dFrames[dSp];
  if (f === undefined) {
    dFrames[dSp] = { __proto__: null, kind, value, i: 0, n, depth, key: undefined };
  } else {
    f.kind = kind;
    f.value = value;
    f.i = 0;
    f.n = n;
    f.depth = depth;
  }
  dSp += 1;
  return PENDING;
}

// Reads one value: scalars whole; a non-empty container's header only (returns PENDING).
function readValue(depth) {
  if (depth > WIRE_MAX_DEPTH) throw malformed("nesting deeper than " + WIRE_MAX_DEPTH);
  if (dPos >= dEnd) throw malformed("unexpected end of input");
  const tag = dU8[dPos];
  dPos += 1;
  // QuickJS tests a switch's cases one after another: the most frequent tags come first.
  switch (tag) {
    case TAG_STRING:
      return readStringBody();
    case TAG_OBJECT: {
      // A non-empty object is filled by assignment while it has no prototype (no setter a
      // worker put on Object.prototype is reachable, and "__proto__" is an ordinary key), which
      // costs less than defineProperty; closeContainer gives it Object.prototype.
      const n = readLength();
      const o = n === 0 ? {} : { __proto__: null };
      addRef(o);
      return openContainer(OPEN_OBJECT, o, n, depth);
    }
    case TAG_INT32: {
      if (dEnd - dPos < 4) throw malformed("truncated int32");
      const u8 = dU8;
      const p = dPos;
      dPos = p + 4;
      return u8[p] | (u8[p + 1] << 8) | (u8[p + 2] << 16) | (u8[p + 3] << 24);
    }
    case TAG_ARRAY: {
      const a = [];
      addRef(a);
      return openContainer(OPEN_ARRAY, a, readLength(), depth);
    }
    case TAG_REQUEST: {
      const method = readString();
      const url = readString();
      const headerLists = readHeaderList();
      const body = readBody();
      return requestFromWire(method, url, headerLists, body);
    }
    case TAG_RESPONSE: {
      const status = readVaruint();
      const statusText = readString();
      const headerLists = readHeaderList();
      const body = readBody();
      return responseFromWire(status, statusText, headerLists, body);
    }
    case TAG_UNDEFINED:
      return undefined;
    case TAG_NULL:
      return null;
    case TAG_TRUE:
      return true;
    case TAG_FALSE:
      return false;
    case TAG_FLOAT64:
      return readFloat64Body();
    case TAG_BIGINT:
      return readBigIntBody();
    case TAG_DATE: {
      const index = addRef(null);
      const d = new $Date(readFloat64Body());
      dRefs[index] = d;
      return d;
    }
    case TAG_MAP: {
      const m = new $Map();
      addRef(m);
      return openContainer(OPEN_MAP, m, readLength() * 2, depth);
    }
    case TAG_SET: {
      const s = new $Set();
      addRef(s);
      return openContainer(OPEN_SET, s, readLength(), depth);
    }
    case TAG_ARRAY_BUFFER: {
      const index = addRef(null);
      const ab = readArrayBufferBody();
      dRefs[index] = ab;
      return ab;
    }
    case TAG_VIEW:
      return readViewBody();
    case TAG_REF: {
      const index = readVaruint();
      if (index >= dNrefs) throw malformed("reference to index " + index + " not yet assigned");
      const v = dRefs[index];
      if (v === null) throw malformed("reference to a value still being read");
      return v;
    }
    case TAG_ERROR:
      return openContainer(OPEN_ERROR_CAUSE, readErrorHead(), 1, depth);
    case TAG_REGEXP: {
      const index = addRef(null);
      const source = readString();
      const flags = readString();
      let re;
      try {
        re = new $RegExp(source, flags);
      } catch (e) {
        throw malformed("invalid RegExp /" + source + "/" + flags);
      }
      dRefs[index] = re;
      return re;
    }
    case TAG_HOST_REF:
      return openContainer(OPEN_HOST_REF, readString(), 1, depth);
    default:
      throw malformed("unknown tag " + tag);
  }
}

// Gives a child value to an open container (any kind; arrays and objects have faster loops in
// readTree).
function fillContainer(f, v) {
  switch (f.kind) {
    case OPEN_ARRAY:
      dDesc.value = v;
      ObjectDefineProperty(f.value, f.i, dDesc);
      dDesc.value = undefined;
      break;
    case OPEN_OBJECT:
      f.value[f.key] = v; // (no prototype yet: see TAG_OBJECT)
      break;
    case OPEN_MAP:
      if ((f.i & 1) === 0) f.key = v;
      else MapPrototypeSet(f.value, f.key, v);
      break;
    case OPEN_SET:
      SetPrototypeAdd(f.value, v);
      break;
    case OPEN_ERROR_CAUSE:
      if (v !== undefined) ObjectDefineProperty(f.value, "cause", dataDescriptor(v, false));
      break;
    case OPEN_HOST_REF:
      f.value = makeHostStub(f.value, v);
      break;
  }
}

// Reads a whole value, children included, without recursion.
function readTree() {
  let v = readValue(0);
  for (;;) {
    if (v !== PENDING) {
      // Hand the finished value to its parent; close every container it completes.
      for (;;) {
        if (dSp === 0) return v;
        const f = dFrames[dSp - 1];
        fillContainer(f, v);
        if (++f.i < f.n) break;
        v = closeContainer(f);
      }
    }
    // Read children of the innermost open container while they are complete values.
    const f = dFrames[dSp - 1];
    const depth = f.depth + 1;
    const n = f.n;
    let i = f.i;
    if (f.kind === OPEN_ARRAY) {
      // defineProperty rather than a[i] = child: an index setter a worker put on
      // Array.prototype must not swallow elements.
      const a = f.value;
      while (i < n) {
        const child = readValue(depth);
        if (child === PENDING) break;
        dDesc.value = child;
        ObjectDefineProperty(a, i, dDesc);
        i += 1; // (not a[i++]: QuickJS has no fast path for a post-increment's value)
      }
      dDesc.value = undefined;
    } else if (f.kind === OPEN_OBJECT) {
      const o = f.value;
      while (i < n) {
        const key = readString();
        const child = readValue(depth);
        if (child === PENDING) {
          f.key = key;
          break;
        }
        o[key] = child; // (no prototype yet: see TAG_OBJECT)
        i += 1;
      }
    } else {
      f.i = i;
      v = readValue(depth);
      continue;
    }
    f.i = i;
    if (i < n) {
      v = PENDING; // a child container opened; it is on top of the stack now
    } else {
      v = closeContainer(f);
    }
  }
}

// Pops the innermost container, now complete, and returns its value.
function closeContainer(f) {
  dSp--;
  const value = f.value;
  if (f.kind === OPEN_OBJECT) ObjectSetPrototypeOf(value, ObjectPrototype);
  f.value = f.key = undefined; // (the frame may be reused: see topLevelFrames)
  return value;
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

function readViewBody() {
  const index = addRef(null);
  const kind = readByte();
  if (kind < 1 || kind > 12) throw malformed("unknown view kind " + kind);
  const bufferTag = readByte();
  let buffer;
  if (bufferTag === TAG_ARRAY_BUFFER) {
    const bufferIndex = addRef(null);
    buffer = readArrayBufferBody();
    dRefs[bufferIndex] = buffer;
  } else if (bufferTag === TAG_REF) {
    const bufferIndex = readVaruint();
    buffer = bufferIndex < dNrefs ? dRefs[bufferIndex] : undefined;
    if (!isArrayBuffer(buffer)) throw malformed("a view's buffer must be an ArrayBuffer");
  } else {
    throw malformed("a view's buffer must be an ArrayBuffer");
  }
  const offset = readVaruint();
  const length = readVaruint();
  const size = viewElementSizes[kind];
  const byteLength = ArrayBufferPrototypeByteLength(buffer);
  if (offset % size !== 0 || offset > byteLength || length * size > byteLength - offset) {
    throw malformed("view range outside its buffer");
  }
  const view = new viewConstructors[kind](buffer, offset, length);
  dRefs[index] = view;
  return view;
}

// An Error's name, message and stack; its cause is read as the container's one child.
function readErrorHead() {
  const placeholder = addRef(null);
  const name = readString();
  const message = readString();
  const stackTag = readByte();
  let stack;
  if (stackTag === TAG_STRING) stack = readStringBody();
  else if (stackTag !== TAG_UNDEFINED) throw malformed("an Error's stack must be a string or undefined");
  const Ctor = errorConstructors[name];
  const e = Ctor === $AggregateError ? new $AggregateError([]) : new (Ctor || $Error)();
  if (!Ctor) ObjectDefineProperty(e, "name", dataDescriptor(name, false));
  ObjectDefineProperty(e, "message", dataDescriptor(message, false));
  if (stack !== undefined) ObjectDefineProperty(e, "stack", dataDescriptor(stack, false));
  else delete e.stack;
  // The error is referenceable from its cause (a cycle through the cause is legal).
  dRefs[placeholder] = e;
  return e;
}

// [names, values]: the form a Request keeps until its Headers are needed (request.js).
function readHeaderList() {
  const n = readLength();
  const names = [];
  const values = [];
  for (let i = 0; i < n; i++) {
    names[i] = readString();
    values[i] = readString();
  }
  return [names, values];
}

function readBody() {
  const tag = readByte();
  if (tag === TAG_NULL) return null;
  if (tag !== TAG_ARRAY_BUFFER) throw malformed("a body must be null or an ArrayBuffer");
  return readArrayBufferBody();
}
