// encoding.js: TextEncoder, TextDecoder (Encoding Standard), atob and btoa (HTML).
//
// UTF-8 work is native (c/utf8.c): encodeUtf8(s, false) replaces lone surrogates with U+FFFD,
// decodeUtf8(..., 0 | 1) replaces or rejects malformed input the WHATWG way. TextDecoder also
// knows UTF-16LE and windows-1252 (what "latin1", "ascii" and "iso-8859-1" mean on the web),
// which is what workerd supports too.

// Bytes of a BufferSource as [buffer, offset, length]; TypeError for anything else.
function bufferSourceRange(input, what) {
  if (ArrayBufferIsView(input)) {
    if (TypedArrayPrototypeGetToStringTag(input) === undefined) {
      return [DataViewPrototypeGetBuffer(input), DataViewPrototypeGetByteOffset(input), DataViewPrototypeGetByteLength(input)];
    }
    return [TypedArrayPrototypeGetBuffer(input), TypedArrayPrototypeGetByteOffset(input), TypedArrayPrototypeGetByteLength(input)];
  }
  if (isArrayBuffer(input)) return [input, 0, ArrayBufferPrototypeByteLength(input)];
  throw new $TypeError(what + " must be an ArrayBuffer or ArrayBufferView.");
}

// A fresh Uint8Array copy of a BufferSource.
function copyBufferSource(input, what) {
  const range = bufferSourceRange(input, what);
  return new $Uint8Array(ArrayBufferPrototypeSlice(range[0], range[1], range[1] + range[2]));
}

// UTF-8 bytes of a string (lone surrogates become U+FFFD), as a Uint8Array.
function utf8Encode(s) {
  return new $Uint8Array(nativeEncodeUtf8(s, false));
}

// UTF-8 decode with replacement, BOM kept: the "UTF-8 decode without BOM" of most specs.
function utf8DecodeBytes(u8) {
  const len = TypedArrayPrototypeGetByteLength(u8);
  if (len === 0) return "";
  return nativeDecodeUtf8(TypedArrayPrototypeGetBuffer(u8), TypedArrayPrototypeGetByteOffset(u8), len, 0);
}

class TextEncoder {
  get encoding() {
    return "utf-8";
  }
  encode(input = "") {
    return utf8Encode($String(input));
  }
  encodeInto(source, destination) {
    source = $String(source);
    if (TypedArrayPrototypeGetToStringTag(destination) !== "Uint8Array") {
      throw new $TypeError("The destination must be a Uint8Array.");
    }
    const bytes = new $Uint8Array(nativeEncodeUtf8(source, false));
    const available = TypedArrayPrototypeGetLength(destination);
    const total = TypedArrayPrototypeGetLength(bytes);
    // Walk whole UTF-8 sequences until the next one would not fit; count UTF-16 units read.
    let written = 0;
    let read = 0;
    while (written < total) {
      const lead = bytes[written];
      const size = lead < 0x80 ? 1 : lead < 0xe0 ? 2 : lead < 0xf0 ? 3 : 4;
      if (written + size > available) break;
      written += size;
      read += size === 4 ? 2 : 1;
    }
    TypedArrayPrototypeSet(destination, TypedArrayPrototypeSubarray(bytes, 0, written));
    return { read, written };
  }
}
setToStringTag(TextEncoder, "TextEncoder");

// Encoding labels (Encoding Standard, "Encodings" table) for the encodings we decode.
const encodingLabels = {
  __proto__: null,
  "unicode-1-1-utf-8": "utf-8", "unicode11utf8": "utf-8", "unicode20utf8": "utf-8", "utf-8": "utf-8",
  "utf8": "utf-8", "x-unicode20utf8": "utf-8",
  "csunicode": "utf-16le", "iso-10646-ucs-2": "utf-16le", "ucs-2": "utf-16le", "unicode": "utf-16le",
  "unicodefeff": "utf-16le", "utf-16": "utf-16le", "utf-16le": "utf-16le",
  "ansi_x3.4-1968": "windows-1252", "ascii": "windows-1252", "cp1252": "windows-1252",
  "cp819": "windows-1252", "csisolatin1": "windows-1252", "ibm819": "windows-1252",
  "iso-8859-1": "windows-1252", "iso-ir-100": "windows-1252", "iso8859-1": "windows-1252",
  "iso88591": "windows-1252", "iso_8859-1": "windows-1252", "iso_8859-1:1987": "windows-1252",
  "l1": "windows-1252", "latin1": "windows-1252", "us-ascii": "windows-1252",
  "windows-1252": "windows-1252", "x-cp1252": "windows-1252",
};

// windows-1252 bytes 0x80..0x9F (the rest of the encoding is Latin-1).
const windows1252High = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

// Builds a string from code units in chunks (fromCharCode.apply has an argument limit).
function stringFromCodeUnits(units, count) {
  let s = "";
  for (let i = 0; i < count; i += 8192) {
    const end = i + 8192 < count ? i + 8192 : count;
    s += ReflectApply(StringFromCharCode, undefined, TypedArrayPrototypeSubarray(units, i, end));
  }
  return s;
}

// Length of the incomplete UTF-8 sequence at the end of bytes[0..len) (0 if it ends cleanly),
// which a streaming decode holds back for the next chunk.
function incompleteUtf8Tail(bytes, len) {
  for (let back = 1; back <= 3 && back <= len; back++) {
    const b = bytes[len - back];
    if (b < 0x80) return 0;
    if (b >= 0xc0) {
      const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
      return size > back ? back : 0;
    }
  }
  return 0;
}

class TextDecoder {
  #encoding;
  #fatal;
  #ignoreBOM;
  #pending = null; // bytes held back by a streaming decode
  #bomSeen = false;

  constructor(label = "utf-8", options = undefined) {
    const key = StringPrototypeToLowerCase(StringPrototypeTrim($String(label)));
    const encoding = encodingLabels[key];
    if (encoding === undefined) throw new $RangeError(`The "${label}" encoding is not supported.`);
    this.#encoding = encoding;
    this.#fatal = options != null && !!options.fatal;
    this.#ignoreBOM = options != null && !!options.ignoreBOM;
  }
  get encoding() {
    return this.#encoding;
  }
  get fatal() {
    return this.#fatal;
  }
  get ignoreBOM() {
    return this.#ignoreBOM;
  }
  decode(input = undefined, options = undefined) {
    const stream = options != null && !!options.stream;
    let bytes = input === undefined ? new $Uint8Array(0) : copyBufferSource(input, "The input");
    if (this.#pending !== null) {
      const joined = new $Uint8Array(TypedArrayPrototypeGetLength(this.#pending) + TypedArrayPrototypeGetLength(bytes));
      TypedArrayPrototypeSet(joined, this.#pending);
      TypedArrayPrototypeSet(joined, bytes, TypedArrayPrototypeGetLength(this.#pending));
      bytes = joined;
      this.#pending = null;
    }
    let len = TypedArrayPrototypeGetLength(bytes);
    let start = 0;
    let out;
    if (this.#encoding === "utf-8") {
      if (stream) {
        const tail = incompleteUtf8Tail(bytes, len);
        if (tail) {
          this.#pending = TypedArrayPrototypeSlice(bytes, len - tail);
          len -= tail;
        }
      }
      if (!this.#bomSeen && !this.#ignoreBOM && len >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
      out = len - start === 0 ? "" :
        nativeDecodeUtf8(TypedArrayPrototypeGetBuffer(bytes), start, len - start, this.#fatal ? 1 : 0);
    } else if (this.#encoding === "utf-16le") {
      out = this.#decodeUtf16(bytes, len, stream);
    } else {
      const units = new $Uint16Array(len);
      for (let i = 0; i < len; i++) {
        const b = bytes[i];
        units[i] = b >= 0x80 && b < 0xa0 ? windows1252High[b - 0x80] : b;
      }
      out = stringFromCodeUnits(units, len);
    }
    if (len > 0 || out !== "") this.#bomSeen = true;
    if (!stream) {
      this.#bomSeen = false;
    }
    return out;
  }
  #decodeUtf16(bytes, len, stream) {
    if (len & 1) {
      if (stream) {
        this.#pending = TypedArrayPrototypeSlice(bytes, len - 1);
        len -= 1;
      } else if (this.#fatal) {
        throw new $TypeError("The encoded data was not valid for encoding utf-16le");
      }
    }
    const count = len >> 1;
    let units = new $Uint16Array(count + 1);
    let n = 0;
    for (let i = 0; i < count; i++) units[n++] = bytes[2 * i] | (bytes[2 * i + 1] << 8);
    // A trailing lead surrogate waits for the next chunk when streaming.
    if (stream && n > 0 && units[n - 1] >= 0xd800 && units[n - 1] <= 0xdbff) {
      n--;
      const keep = new $Uint8Array(2 + (this.#pending === null ? 0 : 1));
      keep[0] = bytes[2 * n];
      keep[1] = bytes[2 * n + 1];
      if (this.#pending !== null) keep[2] = this.#pending[0];
      this.#pending = keep;
    }
    if (!stream && (len & 1)) units[n++] = 0xfffd;
    let s = stringFromCodeUnits(units, n);
    if (!this.#bomSeen && !this.#ignoreBOM && n > 0 && units[0] === 0xfeff) s = StringPrototypeSlice(s, 1);
    if (!StringPrototypeIsWellFormed(s)) {
      if (this.#fatal) throw new $TypeError("The encoded data was not valid for encoding utf-16le");
      s = StringPrototypeToWellFormed(s);
    }
    return s;
  }
}
setToStringTag(TextDecoder, "TextDecoder");
registerPlatformClass((o) => o instanceof TextDecoder);

// ---- atob / btoa (forgiving base64) ----

const base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const base64Values = new $Uint8Array(128).fill(255);
for (let i = 0; i < 64; i++) base64Values[StringPrototypeCharCodeAt(base64Alphabet, i)] = i;

function invalidCharacter(message) {
  return newDOMException(message, "InvalidCharacterError");
}

function btoa(data) {
  if (data === undefined && nativeArgCount() === 0) throw new $TypeError("Failed to execute 'btoa': 1 argument required, but only 0 present.");
  data = $String(data);
  const n = data.length;
  const out = new $Uint16Array(((n + 2) / 3 | 0) * 4);
  let o = 0;
  for (let i = 0; i < n; i += 3) {
    const a = StringPrototypeCharCodeAt(data, i);
    const b = i + 1 < n ? StringPrototypeCharCodeAt(data, i + 1) : 0;
    const c = i + 2 < n ? StringPrototypeCharCodeAt(data, i + 2) : 0;
    if (a > 0xff || b > 0xff || c > 0xff) {
      throw invalidCharacter("Invalid character: btoa() only accepts characters in the Latin-1 range.");
    }
    const triple = (a << 16) | (b << 8) | c;
    out[o++] = StringPrototypeCharCodeAt(base64Alphabet, triple >> 18);
    out[o++] = StringPrototypeCharCodeAt(base64Alphabet, (triple >> 12) & 63);
    out[o++] = i + 1 < n ? StringPrototypeCharCodeAt(base64Alphabet, (triple >> 6) & 63) : 0x3d;
    out[o++] = i + 2 < n ? StringPrototypeCharCodeAt(base64Alphabet, triple & 63) : 0x3d;
  }
  return stringFromCodeUnits(out, o);
}

function atob(data) {
  if (data === undefined && nativeArgCount() === 0) throw new $TypeError("Failed to execute 'atob': 1 argument required, but only 0 present.");
  data = $String(data);
  // Forgiving-base64 decode: drop ASCII whitespace, then up to two trailing '='.
  const values = new $Uint8Array(data.length);
  let n = 0;
  let padding = 0;
  for (let i = 0; i < data.length; i++) {
    const c = StringPrototypeCharCodeAt(data, i);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0c || c === 0x0d) continue;
    if (c === 0x3d) {
      padding++;
      continue;
    }
    const v = c < 128 ? base64Values[c] : 255;
    if (v === 255 || padding > 0) throw invalidCharacter("The string to be decoded is not correctly encoded.");
    values[n++] = v;
  }
  if (padding > 2 || (padding > 0 && (n + padding) % 4 !== 0) || n % 4 === 1) {
    throw invalidCharacter("The string to be decoded is not correctly encoded.");
  }
  const out = new $Uint16Array((n * 3) >> 2);
  let o = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const quad = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6) | values[i + 3];
    out[o++] = quad >> 16;
    out[o++] = (quad >> 8) & 255;
    out[o++] = quad & 255;
  }
  if (n - i === 2) {
    out[o++] = (values[i] << 2) | (values[i + 1] >> 4);
  } else if (n - i === 3) {
    const quad = (values[i] << 18) | (values[i + 1] << 12) | (values[i + 2] << 6);
    out[o++] = quad >> 16;
    out[o++] = (quad >> 8) & 255;
  }
  return stringFromCodeUnits(out, o);
}
