// wire-encode.js: the wire encoder (format in wasm-guest/README.md; tags in wire.js).
//
// It must produce well-formed bytes no matter what worker code did to the values or to the
// built-in prototypes, so:
//   - output goes to a Uint8Array whose capacity we track ourselves (a typed array's `length`
//     getter can be replaced), through indexed stores (typed-array stores never reach a setter);
//   - every count is written from the same bound that the loop emitting the elements uses: a
//     getter that adds or deletes entries mid-encoding changes what is read, never how many
//     items follow;
//   - Map and Set entries are snapshotted before any of them is encoded (encoding runs getters);
//   - nesting is limited to WIRE_MAX_DEPTH.
// Children are written in order, each right after its key (so getters run in the order a
// recursive encoder would run them).
//
// Speed: QuickJS has no inline caches, so every `obj.field` is a lookup. The encoder's state
// lives in closure variables (e*), not in a writer object, and the loops over an array's or an
// object's children write primitives inline. Worker code can run in the middle of an encode (a
// getter, a Proxy trap) and may itself encode (structuredClone in a getter): wireEncode saves
// the state of an encode in progress and restores it afterwards.

let eU8 = null; // output bytes; capacity eCap, length ePos
let eCap = 0;
let ePos = 0;
let eRefs = null; // object -> reference index
let eNextRef = 0;
let eFrames = null; // open containers (newList), eSp of them
let eSp = 0;
let eActive = false;

// The outermost encode writes into this buffer while it fits: finishEncode copies the bytes
// out, so the buffer can serve the next encode (a nested one, rarer, allocates its own).
const ENCODE_START_CAPACITY = 256;
const reusableOutput = new $Uint8Array(ENCODE_START_CAPACITY);

function beginEncode(outermost) {
  eCap = ENCODE_START_CAPACITY;
  eU8 = outermost ? reusableOutput : new $Uint8Array(eCap);
  ePos = 0;
  eRefs = null; // made by the first object that needs a reference index (refTable)
  eNextRef = 0;
  eFrames = newList();
  eSp = 0;
}

function refTable() {
  if (eRefs === null) eRefs = newSafeMap();
  return eRefs;
}

function saveEncodeState() {
  return { __proto__: null, eU8, eCap, ePos, eRefs, eNextRef, eFrames, eSp };
}

function restoreEncodeState(s) {
  eU8 = s.eU8;
  eCap = s.eCap;
  ePos = s.ePos;
  eRefs = s.eRefs;
  eNextRef = s.eNextRef;
  eFrames = s.eFrames;
  eSp = s.eSp;
}

function finishEncode() {
  return ArrayBufferPrototypeSlice(TypedArrayPrototypeGetBuffer(eU8), 0, ePos);
}

// Runs fn(arg) as one encode (fn writes with the functions below) and returns the bytes.
function withEncoder(fn, arg) {
  const saved = eActive ? saveEncodeState() : null;
  eActive = true;
  try {
    beginEncode(saved === null);
    fn(arg);
    return finishEncode();
  } finally {
    if (saved !== null) restoreEncodeState(saved);
    else {
      eActive = false;
      eU8 = null;
      eRefs = null;
      eFrames = null;
    }
  }
}

// Encodes one value as an ArrayBuffer. Throws DataCloneError for what cannot cross.
// The native fast path (c/wire.c) encodes the common values (plain data, host stubs, Requests,
// Responses) with the same bytes; it gives up, without side effects, on anything else, which the
// code below handles.
function wireEncode(value) {
  const fast = nativeWireEncodeFast(value, exoticWireParts);
  if (fast !== undefined) return fast;
  return withEncoder(writeWholeValue, value);
}

// For the native encoder: what an object that is not plain data is, when it is one that encoder
// writes: a host stub's reference {kind, id}, or the wire parts of a Request, [TAG_REQUEST,
// method, url, names, values, body], or of a Response, [TAG_RESPONSE, status, statusText, names,
// values, body] (body: a Uint8Array or null); undefined for anything else. No side effects: the
// native encoder may still give up on the rest of the value. (The same tests, in another order,
// as writeExoticObject: an object is at most one of these.)
function exoticWireParts(o) {
  const ref = hostStubTarget(o);
  if (ref !== undefined) return ref;
  if (isResponseObject(o)) {
    passResponseWireParts(o, keepResponseParts);
    return takeWireParts();
  }
  if (isRequestObject(o)) {
    passRequestWireParts(o, keepRequestParts);
    return takeWireParts();
  }
  return undefined;
}
let keptWireParts = null;
function keepResponseParts(status, statusText, names, values, body) {
  keptWireParts = [TAG_RESPONSE, status, statusText, names, values, body];
}
function keepRequestParts(method, url, names, values, body) {
  keptWireParts = [TAG_REQUEST, method, url, names, values, body];
}
function takeWireParts() {
  const parts = keptWireParts;
  keptWireParts = null;
  return parts;
}

// The JS encoder alone (the native harness compares it with the fast path).
function wireEncodeJs(value) {
  return withEncoder(writeWholeValue, value);
}

function writeWholeValue(value) {
  writeValue(value, 0);
  writeChildren();
}

// ---- bytes ----

function grow(n) {
  const need = ePos + n;
  if (need <= eCap) return;
  let cap = eCap * 2;
  while (cap < need) cap *= 2;
  const u8 = new $Uint8Array(cap);
  TypedArrayPrototypeSet(u8, eU8);
  eU8 = u8;
  eCap = cap;
}

function writeByte(b) {
  if (ePos >= eCap) grow(1);
  eU8[ePos++] = b;
}

// n is a length or an index: an integer in [0, 2^32).
function writeVaruint(n) {
  if (ePos + 5 > eCap) grow(5);
  while (n >= 0x80) {
    eU8[ePos++] = (n & 0x7f) | 0x80;
    n = n >>> 7;
  }
  eU8[ePos++] = n;
}

function writeFloat64Body(n) {
  if (ePos + 8 > eCap) grow(8);
  float64Scratch[0] = n;
  const u8 = eU8;
  const p = ePos;
  u8[p] = float64Bytes[0];
  u8[p + 1] = float64Bytes[1];
  u8[p + 2] = float64Bytes[2];
  u8[p + 3] = float64Bytes[3];
  u8[p + 4] = float64Bytes[4];
  u8[p + 5] = float64Bytes[5];
  u8[p + 6] = float64Bytes[6];
  u8[p + 7] = float64Bytes[7];
  ePos = p + 8;
}

function writeNumber(n) {
  if ((n | 0) === n && (n !== 0 || 1 / n > 0)) {
    if (ePos + 5 > eCap) grow(5);
    const u8 = eU8;
    const p = ePos;
    u8[p] = TAG_INT32;
    u8[p + 1] = n;
    u8[p + 2] = n >> 8;
    u8[p + 3] = n >> 16;
    u8[p + 4] = n >> 24;
    ePos = p + 5;
  } else {
    writeByte(TAG_FLOAT64);
    writeFloat64Body(n);
  }
}

// Bytes of an ArrayBuffer range, raw (no tag).
function writeBytes(buffer, offset, length) {
  if (length === 0) return;
  grow(length);
  TypedArrayPrototypeSet(eU8, new $Uint8Array(buffer, offset, length), ePos);
  ePos += length;
}

const StringPrototype = String.prototype;
const originalCharCodeAt = String.prototype.charCodeAt;

// A string value, tag included. Very short ASCII strings are copied a code unit at a time;
// longer or non-ASCII ones go through the native WTF-8 encoder (about the cost of copying
// eight code units in JS). The short path calls charCodeAt as a method, cheaper than the
// captured form, after checking that it is still the built-in; whatever a replacement returned,
// only ASCII bytes could be written and the length stays right.
function writeString(s) {
  const n = s.length;
  if (n < 8 && StringPrototype.charCodeAt === originalCharCodeAt) {
    if (ePos + n + 2 > eCap) grow(n + 2);
    const u8 = eU8;
    const start = ePos;
    let p = start + 2;
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (!(c >= 0 && c < 0x80)) break; // (written so that no value a fake could return passes)
      u8[p++] = c;
    }
    if (i === n) {
      u8[start] = TAG_STRING;
      u8[start + 1] = n;
      ePos = p;
      return;
    }
  }
  const bytes = nativeEncodeUtf8(s, true);
  const len = ArrayBufferPrototypeByteLength(bytes);
  writeByte(TAG_STRING);
  writeVaruint(len);
  writeBytes(bytes, 0, len);
}

// Object keys and header names repeat (every record of a list has the same keys): their
// encoded bytes are kept in a bounded per-isolate cache and copied with one native call.
const keyCache = newSafeMap(); // string -> {bytes: Uint8Array, n}
const KEY_CACHE_ENTRIES = 1024;
const KEY_CACHE_MAX_LENGTH = 64;
let keyCacheSize = 0;

function writeKey(s) {
  const cached = keyCache.get(s);
  if (cached !== undefined) {
    const n = cached.n;
    if (ePos + n > eCap) grow(n);
    TypedArrayPrototypeSet(eU8, cached.bytes, ePos);
    ePos += n;
    return;
  }
  const start = ePos;
  writeString(s);
  if (keyCacheSize < KEY_CACHE_ENTRIES && s.length <= KEY_CACHE_MAX_LENGTH) {
    keyCache.set(s, { __proto__: null, bytes: TypedArrayPrototypeSlice(eU8, start, ePos), n: ePos - start });
    keyCacheSize++;
  }
}

function hexDigitValue(c) {
  return c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x57;
}

function writeBigInt(v) {
  writeByte(TAG_BIGINT);
  let negative = 0;
  if (v < 0n) {
    negative = 1;
    v = -v;
  }
  writeByte(negative);
  if (v === 0n) {
    writeVaruint(0);
    return;
  }
  // From the hex digits, least significant byte first.
  const hex = BigIntPrototypeToString(v, 16);
  const n = (hex.length + 1) >> 1;
  writeVaruint(n);
  grow(n);
  for (let end = hex.length; end > 0; end -= 2) {
    const lo = hexDigitValue(StringPrototypeCharCodeAt(hex, end - 1));
    const hi = end >= 2 ? hexDigitValue(StringPrototypeCharCodeAt(hex, end - 2)) : 0;
    eU8[ePos++] = (hi << 4) | lo;
  }
}

// ---- values ----

// Open containers: their remaining children are read one at a time.
const FRAME_ARRAY = 1; // children o[0..n)
const FRAME_OBJECT = 2; // keys[0..n): key string, then o[key]
const FRAME_LIST = 3; // o[0..n) of a snapshot (Map entries flattened, Set values, a cause, an id)

function pushFrame(kind, o, keys, n, depth) {
  if (n === 0) return;
  eFrames[eSp++] = { __proto__: null, kind, o, keys, i: 0, n, depth };
}

// Writes one value: scalars whole; containers as their header, pushing a frame for the children.
function writeValue(v, depth) {
  switch (typeof v) {
    case "undefined":
      writeByte(TAG_UNDEFINED);
      return;
    case "boolean":
      writeByte(v ? TAG_TRUE : TAG_FALSE);
      return;
    case "number":
      writeNumber(v);
      return;
    case "string":
      writeString(v);
      return;
    case "bigint":
      writeBigInt(v);
      return;
    case "object":
      if (v === null) {
        writeByte(TAG_NULL);
        return;
      }
      if (depth > WIRE_MAX_DEPTH) throw tooDeep();
      writeObject(v, depth);
      return;
    case "function":
      if (isHostStub(v)) {
        if (depth > WIRE_MAX_DEPTH) throw tooDeep();
        writeHostStub(v, depth);
        return;
      }
      throw dataCloneError(describeForClone(v) + " could not be cloned.");
    default:
      throw dataCloneError(describeForClone(v) + " could not be cloned.");
  }
}

function tooDeep() {
  return dataCloneError("The value is nested too deeply to be cloned (limit " + WIRE_MAX_DEPTH + ").");
}

// Writes the children of open containers until none is left. Primitive children are written
// inline; an object child may push a frame, which is then worked on first.
function writeChildren() {
  while (eSp > 0) {
    const f = eFrames[eSp - 1];
    const n = f.n;
    let i = f.i;
    if (i >= n) {
      eSp--;
      continue;
    }
    const o = f.o;
    const keys = f.keys;
    const childDepth = f.depth + 1;
    if (childDepth > WIRE_MAX_DEPTH) throw tooDeep();
    const sp = eSp;
    while (i < n) {
      let child;
      if (keys !== null) {
        const key = keys[i++];
        writeKey(key);
        child = o[key];
      } else {
        child = o[i++];
      }
      const t = typeof child;
      if (t === "number") {
        writeNumber(child);
      } else if (t === "string") {
        writeString(child);
      } else if (t === "boolean") {
        writeByte(child ? TAG_TRUE : TAG_FALSE);
      } else if (child === undefined) {
        writeByte(TAG_UNDEFINED);
      } else if (child === null) {
        writeByte(TAG_NULL);
      } else {
        f.i = i;
        writeValue(child, childDepth);
        if (eSp !== sp) break; // a container opened: its children come next
      }
    }
    f.i = i;
  }
}

// Assigns the next reference index to `o`, or writes a back-reference and returns false.
function claimRef(o) {
  const refs = refTable();
  const index = refs.get(o);
  if (index !== undefined) {
    writeByte(TAG_REF);
    writeVaruint(index);
    return false;
  }
  refs.set(o, eNextRef);
  eNextRef += 1;
  return true;
}

function writeObject(o, depth) {
  if (ArrayIsArray(o)) {
    if (!claimRef(o)) return;
    const len = o.length >>> 0;
    writeByte(TAG_ARRAY);
    writeVaruint(len);
    pushFrame(FRAME_ARRAY, o, null, len, depth);
    return;
  }
  const proto = ObjectGetPrototypeOf(o);
  if (proto === ObjectPrototype || proto === null) {
    if (!claimRef(o)) return;
    writePlainObject(o, depth);
    return;
  }
  writeExoticObject(o, proto, depth);
}

function writePlainObject(o, depth) {
  const keys = ObjectKeys(o);
  const n = keys.length;
  writeByte(TAG_OBJECT);
  writeVaruint(n);
  pushFrame(FRAME_OBJECT, o, keys, n, depth);
}

// Which built-in an object with an unusual prototype is. Classified by the first built-in
// prototype on its chain, then confirmed with a brand check (an object that merely inherits
// from Date.prototype is cloned as a plain object, as structured clone does).
function writeExoticObject(o, proto, depth) {
  if (ArrayBufferIsView(o)) {
    if (!claimRef(o)) return;
    writeView(o);
    return;
  }
  if (isRequestObject(o)) return writeRequestObject(o);
  if (isResponseObject(o)) return writeResponseObject(o);
  if (isHostStub(o)) return writeHostStub(o, depth);
  for (let p = proto; p !== null; p = ObjectGetPrototypeOf(p)) {
    if (p === ObjectPrototype) break;
    if (p === ArrayBufferPrototype) {
      let len;
      try {
        len = ArrayBufferPrototypeByteLength(o);
      } catch {
        break;
      }
      if (!claimRef(o)) return;
      writeByte(TAG_ARRAY_BUFFER);
      writeVaruint(len);
      writeBytes(o, 0, len);
      return;
    }
    if (p === DatePrototype) {
      let t;
      try {
        t = DatePrototypeGetTime(o);
      } catch {
        break;
      }
      if (!claimRef(o)) return;
      writeByte(TAG_DATE);
      writeFloat64Body(t);
      return;
    }
    if (p === MapPrototype) {
      try {
        MapPrototypeSize(o);
      } catch {
        break;
      }
      if (!claimRef(o)) return;
      writeMap(o, depth);
      return;
    }
    if (p === SetPrototype) {
      try {
        SetPrototypeSize(o);
      } catch {
        break;
      }
      if (!claimRef(o)) return;
      writeSet(o, depth);
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
      if (!claimRef(o)) return;
      writeByte(TAG_REGEXP);
      writeString(source);
      writeString($String(flags));
      return;
    }
    if (p === ErrorPrototype) {
      if (!claimRef(o)) return;
      writeErrorObject(o, depth);
      return;
    }
    const boxed = unboxPrimitive(o, p);
    if (boxed !== noBoxedValue) {
      if (typeof boxed === "symbol") throw dataCloneError(describeForClone(o) + " could not be cloned.");
      // The format has no boxed primitives: they cross as their primitive value.
      writeValue(boxed, depth);
      return;
    }
    if (uncloneablePrototypes.has(p) || isPlatformObject(o)) {
      throw dataCloneError(describeForClone(o) + " could not be cloned.");
    }
  }
  // Any other object (class instances included) clones as its own enumerable properties.
  if (!claimRef(o)) return;
  writePlainObject(o, depth);
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
const platformBrandChecks = newList();
let platformBrandCount = 0;
function registerPlatformClass(isInstance) {
  platformBrandChecks[platformBrandCount++] = isInstance;
}
function isPlatformObject(o) {
  for (let i = 0; i < platformBrandCount; i++) {
    if (platformBrandChecks[i](o)) return true;
  }
  return false;
}

function writeView(o) {
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
  writeByte(TAG_VIEW);
  writeByte(kind);
  if (claimRef(buffer)) {
    const len = ArrayBufferPrototypeByteLength(buffer);
    writeByte(TAG_ARRAY_BUFFER);
    writeVaruint(len);
    writeBytes(buffer, 0, len);
  }
  writeVaruint(offset);
  writeVaruint(length);
}

function writeMap(o, depth) {
  // Snapshot first: encoding a key or value may run worker getters that change the map.
  const list = newList();
  let n = 0;
  const it = MapPrototypeEntries(o);
  for (;;) {
    const step = MapIteratorPrototypeNext(it);
    if (step.done) break;
    const entry = step.value;
    list[n++] = entry[0];
    list[n++] = entry[1];
  }
  writeByte(TAG_MAP);
  writeVaruint(n / 2);
  pushFrame(FRAME_LIST, list, null, n, depth);
}

function writeSet(o, depth) {
  const list = newList();
  let n = 0;
  const it = SetPrototypeValues(o);
  for (;;) {
    const step = SetIteratorPrototypeNext(it);
    if (step.done) break;
    list[n++] = step.value;
  }
  writeByte(TAG_SET);
  writeVaruint(n);
  pushFrame(FRAME_LIST, list, null, n, depth);
}

function writeErrorObject(o, depth) {
  const name = o.name;
  const message = o.message;
  const stack = o.stack;
  const hasCause = ObjectHasOwn(o, "cause");
  const cause = hasCause ? o.cause : undefined;
  writeByte(TAG_ERROR);
  writeString(typeof name === "string" ? name : "Error");
  writeString(message === undefined ? "" : $String(message));
  if (typeof stack === "string") writeString(stack);
  else writeByte(TAG_UNDEFINED);
  const list = newList();
  list[0] = cause;
  pushFrame(FRAME_LIST, list, null, 1, depth);
}

// An Error from plain strings (hooks.encodeError): nothing here can run worker code. The cause,
// if given, is encoded with `error` holding reference index 0, the Error's own index, so a
// cause that refers back to the error stays right.
function encodeErrorParts(name, message, stack, error, cause) {
  return withEncoder(() => {
    writeByte(TAG_ERROR);
    writeString(name);
    writeString(message);
    if (typeof stack === "string") writeString(stack);
    else writeByte(TAG_UNDEFINED);
    if (cause === undefined) {
      writeByte(TAG_UNDEFINED);
      return;
    }
    if (error !== null && (typeof error === "object" || typeof error === "function")) refTable().set(error, 0);
    eNextRef = 1;
    writeValue(cause, 1);
    writeChildren();
  });
}

// Headers as the format wants them: varuint n, then n (name, value) string values.
function writeHeaderList(names, values) {
  const n = names.length;
  writeVaruint(n);
  for (let i = 0; i < n; i++) {
    writeKey(names[i]);
    writeString(values[i]);
  }
}

// A body: null, or an ArrayBuffer that does not take a reference index.
function writeBody(bytes) {
  if (bytes === null) {
    writeByte(TAG_NULL);
    return;
  }
  const len = TypedArrayPrototypeGetByteLength(bytes);
  writeByte(TAG_ARRAY_BUFFER);
  writeVaruint(len);
  writeBytes(TypedArrayPrototypeGetBuffer(bytes), TypedArrayPrototypeGetByteOffset(bytes), len);
}

function writeRequestObject(o) {
  passRequestWireParts(o, writeRequestParts);
}

function writeRequestParts(method, url, names, values, body) {
  writeByte(TAG_REQUEST);
  writeString(method);
  writeString(url);
  writeHeaderList(names, values);
  writeBody(body);
}

function writeResponseObject(o) {
  passResponseWireParts(o, writeResponseParts);
}

function writeResponseParts(status, statusText, names, values, body) {
  writeByte(TAG_RESPONSE);
  writeVaruint(status);
  writeString(statusText);
  writeHeaderList(names, values);
  writeBody(body);
}

function writeHostStub(o, depth) {
  const ref = hostStubTarget(o);
  writeByte(TAG_HOST_REF);
  writeString(ref.kind);
  const list = newList();
  list[0] = ref.id;
  pushFrame(FRAME_LIST, list, null, 1, depth);
}
