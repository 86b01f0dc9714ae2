// crypto.js: crypto.getRandomValues, crypto.randomUUID (WebCrypto), and Math.random.
//
// Entropy comes from the host (natives.fillRandom). Math.random uses the shim's per-isolate
// xorshift128+, reseeded by rad_start, so isolates restored from one snapshot do not share a
// sequence. crypto.subtle is not provided.

const integerArrayNames = {
  __proto__: null,
  Int8Array: true, Uint8Array: true, Uint8ClampedArray: true, Int16Array: true, Uint16Array: true,
  Int32Array: true, Uint32Array: true, BigInt64Array: true, BigUint64Array: true,
};

class Crypto {
  constructor(key) {
    if (key !== cryptoKey) throw new $TypeError("Illegal constructor");
  }
  getRandomValues(array) {
    const name = ArrayBufferIsView(array) ? TypedArrayPrototypeGetToStringTag(array) : undefined;
    if (name === undefined || !integerArrayNames[name]) {
      throw newDOMException("The data argument must be an integer-type TypedArray.", "TypeMismatchError");
    }
    const length = TypedArrayPrototypeGetByteLength(array);
    if (length > 65536) {
      throw newDOMException(`The ArrayBufferView's byte length (${length}) exceeds the number of bytes of entropy available via this API (65536)`, "QuotaExceededError");
    }
    nativeFillRandom(TypedArrayPrototypeGetBuffer(array), TypedArrayPrototypeGetByteOffset(array), length);
    return array;
  }
  randomUUID() {
    const b = new $Uint8Array(16);
    nativeFillRandom(TypedArrayPrototypeGetBuffer(b), 0, 16);
    b[6] = (b[6] & 0x0f) | 0x40; // version 4
    b[8] = (b[8] & 0x3f) | 0x80; // variant 10
    let s = "";
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) s += "-";
      s += hexByte[b[i]];
    }
    return s;
  }
}
const cryptoKey = $Symbol("Crypto");
setToStringTag(Crypto, "Crypto");
const hexByte = [];
for (let i = 0; i < 256; i++) hexByte[i] = (i < 16 ? "0" : "") + NumberPrototypeToString(i, 16);
const crypto = new Crypto(cryptoKey);

// Math.random: a plain function (no `this`), like the built-in it replaces.
const mathRandom = {
  random() {
    return nativeMathRandom();
  },
}.random;
