// wire.js: the wire format (wasm-guest/README.md, "Wire format"): tags, tables and helpers
// shared by the encoder (wire-encode.js) and the decoder (wire-decode.js).
//
// Every value crossing the sandbox boundary goes through the codec: code to load, calls in,
// results, errors, host requests and structuredClone.
//
// Depth: the top-level value has depth 0, children of a container at depth d have depth d + 1,
// and a value deeper than WIRE_MAX_DEPTH is an error in both directions (so whatever the encoder
// emits, a decoder accepts). Containers here are objects, arrays, Maps, Sets, Errors (their
// cause) and host references (their id). Neither side recurses: both keep an explicit stack of
// open containers, so 1,000 levels never come near the native stack limit.
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


// Open-container stacks (and other internal lists) are objects without a prototype, indexed by
// integers: a worker defining a setter for "0" on Array.prototype cannot intercept them.
function newList() {
  return { __proto__: null };
}
