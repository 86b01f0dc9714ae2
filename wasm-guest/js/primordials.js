// primordials.js: the built-ins the prelude relies on, captured once at boot.
//
// The prelude runs before any worker code, so everything read here is pristine. Worker code
// may later replace Array.prototype.push, Function.prototype.call, Map.prototype.get, ... to
// confuse the prelude; the prelude therefore never reaches a built-in through a prototype that
// worker code can reach, only through these bindings. Methods are "uncurried": `call.bind(fn)`
// gives a bound function that invokes `fn` with its first argument as `this`, without looking
// up any property at call time.
//
// What still goes through live prototypes, by design: operations on values the worker gave us
// (its getters, its Proxy traps, its iterators). Those can only change what the worker itself
// sees; the wire codec is written so that no such value can make it emit malformed bytes.

const uncurryThis = Function.prototype.bind.bind(Function.prototype.call);

const globalObject = globalThis;
const $Object = Object;
const $Array = Array;
const $String = String;
const $Number = Number;
const $Boolean = Boolean;
const $BigInt = BigInt;
const $Symbol = Symbol;
const $Error = Error;
const $TypeError = TypeError;
const $RangeError = RangeError;
const $SyntaxError = SyntaxError;
const $AggregateError = AggregateError;
const $Promise = Promise;
const $Map = Map;
const $Set = Set;
const $WeakMap = WeakMap;
const $Date = Date;
const $RegExp = RegExp;
const $ArrayBuffer = ArrayBuffer;
const $Uint8Array = Uint8Array;
const $Uint16Array = Uint16Array;
const $Float64Array = Float64Array;
const $DataView = DataView;
const $JSON = JSON;
const $Math = Math;
const $Proxy = Proxy;
const $Reflect = Reflect;

const ObjectPrototype = Object.prototype;
const ObjectCreate = Object.create;
const ObjectDefineProperty = Object.defineProperty;
const ObjectDefineProperties = Object.defineProperties;
const ObjectGetPrototypeOf = Object.getPrototypeOf;
const ObjectSetPrototypeOf = Object.setPrototypeOf;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;
const ObjectGetOwnPropertyNames = Object.getOwnPropertyNames;
const ObjectGetOwnPropertySymbols = Object.getOwnPropertySymbols;
const ObjectKeys = Object.keys;
const ObjectFreeze = Object.freeze;
const ObjectIs = Object.is;
const ObjectHasOwn = Object.hasOwn;
const ObjectPrototypeToString = uncurryThis(Object.prototype.toString);
const ObjectPrototypePropertyIsEnumerable = uncurryThis(Object.prototype.propertyIsEnumerable);
const ReflectApply = Reflect.apply;
const ReflectConstruct = Reflect.construct;
const ReflectOwnKeys = Reflect.ownKeys;

const FunctionPrototypeToString = uncurryThis(Function.prototype.toString);

const ArrayIsArray = Array.isArray;
const ArrayPrototype = Array.prototype;
const ArrayPrototypePush = uncurryThis(Array.prototype.push);
const ArrayPrototypeJoin = uncurryThis(Array.prototype.join);
const ArrayPrototypeSlice = uncurryThis(Array.prototype.slice);
const ArrayPrototypeSplice = uncurryThis(Array.prototype.splice);
const ArrayPrototypeIndexOf = uncurryThis(Array.prototype.indexOf);
const ArrayPrototypeSort = uncurryThis(Array.prototype.sort);
const ArrayPrototypeMap = uncurryThis(Array.prototype.map);
const ArrayPrototypeForEach = uncurryThis(Array.prototype.forEach);
const ArrayPrototypeReverse = uncurryThis(Array.prototype.reverse);
const ArrayIteratorPrototype = ObjectGetPrototypeOf([][Symbol.iterator]());
const ArrayPrototypeValues = uncurryThis(Array.prototype.values);

const StringFromCharCode = String.fromCharCode;
const StringFromCodePoint = String.fromCodePoint;
const StringPrototypeCharCodeAt = uncurryThis(String.prototype.charCodeAt);
const StringPrototypeCodePointAt = uncurryThis(String.prototype.codePointAt);
const StringPrototypeSlice = uncurryThis(String.prototype.slice);
const StringPrototypeIndexOf = uncurryThis(String.prototype.indexOf);
const StringPrototypeLastIndexOf = uncurryThis(String.prototype.lastIndexOf);
const StringPrototypeToLowerCase = uncurryThis(String.prototype.toLowerCase);
const StringPrototypeToUpperCase = uncurryThis(String.prototype.toUpperCase);
const StringPrototypeSplit = uncurryThis(String.prototype.split);
const StringPrototypeReplace = uncurryThis(String.prototype.replace);
const StringPrototypeStartsWith = uncurryThis(String.prototype.startsWith);
const StringPrototypeEndsWith = uncurryThis(String.prototype.endsWith);
const StringPrototypeIncludes = uncurryThis(String.prototype.includes);
const StringPrototypeTrim = uncurryThis(String.prototype.trim);
const StringPrototypeRepeat = uncurryThis(String.prototype.repeat);
const StringPrototypePadStart = uncurryThis(String.prototype.padStart);
const StringPrototypeNormalize = uncurryThis(String.prototype.normalize);
const StringPrototypeToWellFormed = uncurryThis(String.prototype.toWellFormed);
const StringPrototypeIsWellFormed = uncurryThis(String.prototype.isWellFormed);
const StringPrototypeValueOf = uncurryThis(String.prototype.valueOf);

const NumberIsInteger = Number.isInteger;
const NumberIsFinite = Number.isFinite;
const NumberIsNaN = Number.isNaN;
const NumberParseFloat = Number.parseFloat;
const NumberPrototypeToString = uncurryThis(Number.prototype.toString);
const NumberPrototypeToFixed = uncurryThis(Number.prototype.toFixed);
const NumberPrototypeValueOf = uncurryThis(Number.prototype.valueOf);
const BooleanPrototypeValueOf = uncurryThis(Boolean.prototype.valueOf);
const BigIntPrototypeToString = uncurryThis(BigInt.prototype.toString);
const BigIntPrototypeValueOf = uncurryThis(BigInt.prototype.valueOf);
const SymbolPrototypeToString = uncurryThis(Symbol.prototype.toString);
const SymbolPrototypeValueOf = uncurryThis(Symbol.prototype.valueOf);
const SymbolPrototypeDescription = uncurryThis(ObjectGetOwnPropertyDescriptor(Symbol.prototype, "description").get);
const SymbolIterator = Symbol.iterator;
const SymbolAsyncIterator = Symbol.asyncIterator;
const SymbolToStringTag = Symbol.toStringTag;
const SymbolHasInstance = Symbol.hasInstance;
const MathMin = Math.min;
const MathMax = Math.max;
const MathFloor = Math.floor;
const MathTrunc = Math.trunc;
const MathAbs = Math.abs;
const JSONParse = JSON.parse;
const JSONStringify = JSON.stringify;

const ErrorPrototype = Error.prototype;
const DatePrototype = Date.prototype;
const DatePrototypeGetTime = uncurryThis(Date.prototype.getTime);
const DatePrototypeToISOString = uncurryThis(Date.prototype.toISOString);
const RegExpPrototype = RegExp.prototype;
const RegExpPrototypeExec = uncurryThis(RegExp.prototype.exec);
// `test` and `replace` look `exec` up on the regexp at call time (a worker may replace it);
// the built-in exec, called directly, does not.
const RegExpPrototypeTest = (re, s) => RegExpPrototypeExec(re, s) !== null;
const RegExpPrototypeSourceGetter = uncurryThis(ObjectGetOwnPropertyDescriptor(RegExp.prototype, "source").get);
const RegExpPrototypeFlagsGetter = uncurryThis(ObjectGetOwnPropertyDescriptor(RegExp.prototype, "flags").get);

const MapPrototype = Map.prototype;
const MapPrototypeGet = uncurryThis(Map.prototype.get);
const MapPrototypeSet = uncurryThis(Map.prototype.set);
const MapPrototypeHas = uncurryThis(Map.prototype.has);
const MapPrototypeDelete = uncurryThis(Map.prototype.delete);
const MapPrototypeEntries = uncurryThis(Map.prototype.entries);
const MapPrototypeSize = uncurryThis(ObjectGetOwnPropertyDescriptor(Map.prototype, "size").get);
const MapIteratorPrototypeNext = uncurryThis(ObjectGetPrototypeOf(new Map().entries()).next);
const SetPrototype = Set.prototype;
const SetPrototypeAdd = uncurryThis(Set.prototype.add);
const SetPrototypeHas = uncurryThis(Set.prototype.has);
const SetPrototypeDelete = uncurryThis(Set.prototype.delete);
const SetPrototypeValues = uncurryThis(Set.prototype.values);
const SetPrototypeSize = uncurryThis(ObjectGetOwnPropertyDescriptor(Set.prototype, "size").get);
const SetIteratorPrototypeNext = uncurryThis(ObjectGetPrototypeOf(new Set().values()).next);
const WeakMapPrototypeGet = uncurryThis(WeakMap.prototype.get);
const WeakMapPrototypeSet = uncurryThis(WeakMap.prototype.set);
const WeakMapPrototypeHas = uncurryThis(WeakMap.prototype.has);
const WeakMapPrototypeDelete = uncurryThis(WeakMap.prototype.delete);

const PromisePrototype = Promise.prototype;
const PromisePrototypeThen = uncurryThis(Promise.prototype.then);
const PromiseResolve = Promise.resolve.bind(Promise);
const PromiseReject = Promise.reject.bind(Promise);

const ArrayBufferPrototype = ArrayBuffer.prototype;
const ArrayBufferIsView = ArrayBuffer.isView;
const ArrayBufferPrototypeSlice = uncurryThis(ArrayBuffer.prototype.slice);
const ArrayBufferPrototypeByteLength = uncurryThis(ObjectGetOwnPropertyDescriptor(ArrayBuffer.prototype, "byteLength").get);
const TypedArrayPrototype = ObjectGetPrototypeOf(Uint8Array.prototype);
const TypedArrayPrototypeSet = uncurryThis(TypedArrayPrototype.set);
const TypedArrayPrototypeSubarray = uncurryThis(TypedArrayPrototype.subarray);
const TypedArrayPrototypeSlice = uncurryThis(TypedArrayPrototype.slice);
const TypedArrayPrototypeGetBuffer = uncurryThis(ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, "buffer").get);
const TypedArrayPrototypeGetByteOffset = uncurryThis(ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, "byteOffset").get);
const TypedArrayPrototypeGetByteLength = uncurryThis(ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, "byteLength").get);
const TypedArrayPrototypeGetLength = uncurryThis(ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, "length").get);
// Returns the constructor name for a typed array and undefined for anything else: a brand check
// that never throws.
const TypedArrayPrototypeGetToStringTag = uncurryThis(ObjectGetOwnPropertyDescriptor(TypedArrayPrototype, Symbol.toStringTag).get);
const DataViewPrototypeGetBuffer = uncurryThis(ObjectGetOwnPropertyDescriptor(DataView.prototype, "buffer").get);
const DataViewPrototypeGetByteOffset = uncurryThis(ObjectGetOwnPropertyDescriptor(DataView.prototype, "byteOffset").get);
const DataViewPrototypeGetByteLength = uncurryThis(ObjectGetOwnPropertyDescriptor(DataView.prototype, "byteLength").get);

// The natives, kept only in this closure (see c/natives.c for their contracts).
const nativeLog = natives.log;
const nativeNow = natives.now;
const nativeFillRandom = natives.fillRandom;
const nativeMathRandom = natives.mathRandom;
const nativeHostCall = natives.hostCall;
const nativeEncodeUtf8 = natives.encodeUtf8;
const nativeDecodeUtf8 = natives.decodeUtf8;
const nativeWireEncodeFast = natives.wireEncodeFast;
const nativeWireDecodeFast = natives.wireDecodeFast;
const nativeParseSimpleURL = natives.parseSimpleURL;
const nativeParseFormURLEncoded = natives.parseFormURLEncoded;
const nativeHeadersFromRecord = natives.headersFromRecord;
// How many arguments the calling function was passed: a check for a missing argument without
// `arguments`, which QuickJS builds (an object) on every call of a function that mentions it.
// Call it directly in the function concerned, not in a nested one.
const nativeArgCount = natives.argCount;
const nativeAwaitAnswer = natives.awaitAnswer;

// A Map/Set whose methods live on a frozen prototype of our own, so that a worker replacing
// Map.prototype.get cannot change how the prelude's tables behave. Only for the prelude's
// private tables; never handed to worker code.
function makeSafeCollection(Base, methodNames) {
  const proto = ObjectCreate(null);
  for (let i = 0; i < methodNames.length; i++) {
    const name = methodNames[i];
    const desc = ObjectGetOwnPropertyDescriptor(Base.prototype, name);
    ObjectDefineProperty(proto, name, desc);
  }
  ObjectFreeze(proto);
  return function create() {
    return ObjectSetPrototypeOf(new Base(), proto);
  };
}
const newSafeMap = makeSafeCollection(Map, ["get", "set", "has", "delete", "clear", "size", "entries", "forEach"]);
const newSafeSet = makeSafeCollection(Set, ["add", "has", "delete", "clear", "size", "values"]);
const newSafeWeakMap = makeSafeCollection(WeakMap, ["get", "set", "has", "delete"]);

// A property descriptor object that inherits nothing: a worker defining Object.prototype.get
// must not turn our data properties into accessors.
function dataDescriptor(value, enumerable) {
  return { __proto__: null, value, writable: true, enumerable: !!enumerable, configurable: true };
}

// Defines non-enumerable methods/accessors on a prototype, like WebIDL does for interfaces.
function defineHidden(target, name, value) {
  ObjectDefineProperty(target, name, { __proto__: null, value, writable: true, enumerable: false, configurable: true });
}

// WebIDL-like: class prototype members are enumerable in browsers, but the constructor and the
// toStringTag are not. We set the toStringTag so Object.prototype.toString and inspection show
// "[object Headers]" and the like.
function setToStringTag(Class, tag) {
  ObjectDefineProperty(Class.prototype, SymbolToStringTag, { __proto__: null, value: tag, writable: false, enumerable: false, configurable: true });
}

// A growable list that never consults Array.prototype: a fresh array with own elements only,
// appended by index. Used where the prelude builds arrays for its own bookkeeping.
function listPush(list, value) {
  ObjectDefineProperty(list, list.length, { __proto__: null, value, writable: true, enumerable: true, configurable: true });
}

// The node-style custom inspection hook, honoured by console.js.
const inspectCustom = Symbol.for("nodejs.util.inspect.custom");

// Byte order check: wire.js reads and writes float64s through a Float64Array over the output
// bytes, which is only right on little-endian machines (wasm32 always is; so is x86-64).
if (new $Uint8Array(new $Uint16Array([1]).buffer)[0] !== 1) {
  throw new $Error("the prelude needs a little-endian machine");
}
