// percent.js: percent-encoding and -decoding (URL Standard, "Percent-encoded bytes").
//
// Each encode set is a bit in a 128-entry table for ASCII; every non-ASCII code point is in
// every set. Input strings are expected to be well-formed (the URL parser converts its input to
// a USVString first); a lone surrogate would be encoded as U+FFFD.

const PE_C0 = 1; // C0 control percent-encode set
const PE_FRAGMENT = 2;
const PE_QUERY = 4;
const PE_SPECIAL_QUERY = 8;
const PE_PATH = 16;
const PE_USERINFO = 32;
const PE_COMPONENT = 64;
const PE_FORM = 128; // application/x-www-form-urlencoded percent-encode set

const percentEncodeTable = new $Uint8Array(128);
(function buildPercentEncodeTable() {
  const add = (chars, bits) => {
    for (let i = 0; i < chars.length; i++) percentEncodeTable[StringPrototypeCharCodeAt(chars, i)] |= bits;
  };
  // Each set includes the ones before it in this chain, except the fragment set, which only
  // shares the C0 set, and special-query, which is query plus "'".
  const fromC0 = PE_C0 | PE_FRAGMENT | PE_QUERY | PE_SPECIAL_QUERY | PE_PATH | PE_USERINFO | PE_COMPONENT | PE_FORM;
  for (let c = 0; c < 0x20; c++) percentEncodeTable[c] |= fromC0;
  percentEncodeTable[0x7f] |= fromC0;
  add(' "<>', PE_FRAGMENT | PE_QUERY | PE_SPECIAL_QUERY | PE_PATH | PE_USERINFO | PE_COMPONENT | PE_FORM);
  add("`", PE_FRAGMENT);
  add("#", PE_QUERY | PE_SPECIAL_QUERY | PE_PATH | PE_USERINFO | PE_COMPONENT | PE_FORM);
  add("'", PE_SPECIAL_QUERY);
  add("?^`{}", PE_PATH | PE_USERINFO | PE_COMPONENT | PE_FORM);
  add("/:;=@[\\]|", PE_USERINFO | PE_COMPONENT | PE_FORM);
  add("$%&+,", PE_COMPONENT | PE_FORM);
  add("!'()~", PE_FORM);
})();

const upperHex = "0123456789ABCDEF";
function percentByte(b) {
  return "%" + upperHex[b >> 4] + upperHex[b & 15];
}

// UTF-8 percent-encodes one code point (all of its bytes are encoded).
function percentEncodeCodePoint(cp) {
  if (cp >= 0xd800 && cp <= 0xdfff) cp = 0xfffd;
  if (cp < 0x80) return percentByte(cp);
  if (cp < 0x800) return percentByte(0xc0 | (cp >> 6)) + percentByte(0x80 | (cp & 63));
  if (cp < 0x10000) {
    return percentByte(0xe0 | (cp >> 12)) + percentByte(0x80 | ((cp >> 6) & 63)) + percentByte(0x80 | (cp & 63));
  }
  return percentByte(0xf0 | (cp >> 18)) + percentByte(0x80 | ((cp >> 12) & 63)) +
    percentByte(0x80 | ((cp >> 6) & 63)) + percentByte(0x80 | (cp & 63));
}

// Percent-encodes every code point of s that is in the set. With spaceAsPlus (form encoding),
// U+0020 becomes "+".
function percentEncodeString(s, set, spaceAsPlus = false) {
  let out = "";
  let run = 0; // start of the pending run of characters that pass through unchanged
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    if (c < 0x80 && (percentEncodeTable[c] & set) === 0) continue;
    out += StringPrototypeSlice(s, run, i);
    if (spaceAsPlus && c === 0x20) {
      out += "+";
    } else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = StringPrototypeCharCodeAt(s, i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        out += percentEncodeCodePoint(0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00));
        i++;
      } else {
        out += percentEncodeCodePoint(0xfffd);
      }
    } else {
      out += percentEncodeCodePoint(c);
    }
    run = i + 1;
  }
  return run === 0 ? s : out + StringPrototypeSlice(s, run);
}

function hexValue(c) {
  if (c >= 0x30 && c <= 0x39) return c - 0x30;
  c |= 0x20;
  if (c >= 0x61 && c <= 0x66) return c - 0x57;
  return -1;
}

// Percent-decodes s into bytes: "%XX" becomes the byte XX, anything else its UTF-8 bytes.
function percentDecodeToBytes(s) {
  const utf8 = utf8Encode(s);
  const n = TypedArrayPrototypeGetLength(utf8);
  const out = new $Uint8Array(n);
  let o = 0;
  for (let i = 0; i < n; i++) {
    const b = utf8[i];
    if (b === 0x25 && i + 2 < n) {
      const hi = hexValue(utf8[i + 1]);
      const lo = hexValue(utf8[i + 2]);
      if (hi >= 0 && lo >= 0) {
        out[o++] = (hi << 4) | lo;
        i += 2;
        continue;
      }
    }
    out[o++] = b;
  }
  return TypedArrayPrototypeSubarray(out, 0, o);
}

// Percent-decode, then UTF-8 decode with replacement (BOM kept).
function percentDecodeString(s) {
  if (StringPrototypeIndexOf(s, "%") < 0) return s;
  return utf8DecodeBytes(percentDecodeToBytes(s));
}
