// urlhost.js: the URL Standard's host parser and serializer: domains (with IDNA), IPv4 in all
// its historical spellings (0x7f.1, 017.0.0.1, 2130706433), IPv6 with "::" and embedded IPv4,
// and opaque hosts of non-special schemes.
//
// Hosts are kept serialized ("example.com", "127.0.0.1", "[::1]", ""), which is all the rest of
// the URL code needs. parseHost returns null for failure.
//
// IDNA (UTS #46) is approximated without its 100 kB mapping table: case folding by
// toLowerCase, compatibility mapping by NFKC, the ideographic full stops as dots, the "ignored"
// code points removed, then NFC, Punycode, and the structural checks (no leading combining
// mark, no ZWJ/ZWNJ, valid "xn--" labels). Exotic cases (final sigma, bidi rules, joiner
// contexts, disallowed symbols) may differ from browsers.

const forbiddenHostCodePoints = "\u0000\t\n\r #/:<>?@[\\]^|";

function isForbiddenHostCodePoint(c) {
  return StringPrototypeIndexOf(forbiddenHostCodePoints, StringFromCharCode(c)) >= 0;
}

function isForbiddenDomainCodePoint(c) {
  return isForbiddenHostCodePoint(c) || c <= 0x1f || c === 0x25 || c === 0x7f;
}

// input: the host part of a URL, still percent-encoded. isOpaque: the scheme is not special.
function parseHost(input, isOpaque) {
  if (StringPrototypeStartsWith(input, "[")) {
    if (!StringPrototypeEndsWith(input, "]")) return null;
    const pieces = parseIPv6(StringPrototypeSlice(input, 1, -1));
    return pieces === null ? null : "[" + serializeIPv6(pieces) + "]";
  }
  if (isOpaque) {
    for (let i = 0; i < input.length; i++) {
      if (isForbiddenHostCodePoint(StringPrototypeCharCodeAt(input, i))) return null;
    }
    return percentEncodeString(input, PE_C0);
  }
  const domain = percentDecodeString(input);
  const ascii = domainToASCII(domain);
  if (ascii === null) return null;
  if (endsInANumber(ascii)) {
    const address = parseIPv4(ascii);
    return address === null ? null : serializeIPv4(address);
  }
  return ascii;
}

// ---- domains ----

function isASCIIString(s) {
  for (let i = 0; i < s.length; i++) {
    if (StringPrototypeCharCodeAt(s, i) >= 0x80) return false;
  }
  return true;
}

const ASCII_UPPER_ALPHA = /[A-Z]/;

// Callers pass ASCII (domains, header names, MIME types), for which toLowerCase is the ASCII
// lowercase; the test skips the copy for what is already lower case (most header names).
function asciiLowercase(s) {
  return RegExpPrototypeTest(ASCII_UPPER_ALPHA, s) ? StringPrototypeToLowerCase(s) : s;
}

// Code points UTS #46 maps to nothing.
function isIgnoredCodePoint(cp) {
  return cp === 0xad || cp === 0x34f || cp === 0x200b || cp === 0x2060 || cp === 0xfeff ||
    (cp >= 0x180b && cp <= 0x180d) || cp === 0x180f || (cp >= 0xfe00 && cp <= 0xfe0f) ||
    (cp >= 0xe0100 && cp <= 0xe01ef);
}

const combiningMark = /^\p{M}/u;

function codePointsOf(s) {
  const out = [];
  for (let i = 0; i < s.length; i++) {
    const cp = StringPrototypeCodePointAt(s, i);
    out[out.length] = cp;
    if (cp > 0xffff) i++;
  }
  return out;
}

function stringFromCodePoints(cps) {
  let s = "";
  for (let i = 0; i < cps.length; i++) s += StringFromCodePoint(cps[i]);
  return s;
}

// UTS #46 ToASCII with the URL Standard's options (CheckHyphens off, not strict). Also applies
// the forbidden domain code point check. Returns null for failure.
function domainToASCII(domain) {
  let result;
  if (isASCIIString(domain)) {
    result = asciiLowercase(domain);
    // Only "xn--" labels need the full treatment (their Punycode must be valid).
    if (StringPrototypeIndexOf(result, "xn--") >= 0) result = idnaToASCII(result);
  } else {
    result = idnaToASCII(domain);
  }
  if (result === null || result === "") return null;
  for (let i = 0; i < result.length; i++) {
    if (isForbiddenDomainCodePoint(StringPrototypeCharCodeAt(result, i))) return null;
  }
  return result;
}

// The UTS #46 mapping step, approximated: case-fold and compatibility-normalize, full stops to
// ".", ignored code points dropped, then NFC. null if a disallowed code point remains.
function idnaMap(s) {
  const mapped = StringPrototypeNormalize(StringPrototypeToLowerCase(StringPrototypeNormalize(s, "NFKC")), "NFKC");
  let clean = "";
  const cps = codePointsOf(mapped);
  for (let i = 0; i < cps.length; i++) {
    const cp = cps[i];
    if (isIgnoredCodePoint(cp)) continue;
    if (cp === 0x3002 || cp === 0xff0e || cp === 0xff61) clean += ".";
    else if (cp === 0xfffd || cp === 0x200c || cp === 0x200d || (cp >= 0x80 && cp <= 0x9f)) return null; // disallowed, joiners
    else clean += StringFromCodePoint(cp);
  }
  return StringPrototypeNormalize(clean, "NFC");
}

function idnaToASCII(domain) {
  const mapped = idnaMap(domain);
  if (mapped === null) return null;
  const labels = StringPrototypeSplit(mapped, ".");
  for (let i = 0; i < labels.length; i++) {
    let label = labels[i];
    if (StringPrototypeStartsWith(label, "xn--")) {
      const decoded = punycodeDecode(StringPrototypeSlice(label, 4));
      if (decoded === null || decoded.length === 0) return null;
      const unicode = stringFromCodePoints(decoded);
      // A label that decodes to ASCII, or to something the mapping step would have changed, is
      // invalid (it is not what ToASCII produces).
      if (isASCIIString(unicode) || idnaMap(unicode) !== unicode) return null;
      if (RegExpPrototypeTest(combiningMark, unicode)) return null;
      continue; // kept as written
    }
    if (isASCIIString(label)) continue;
    if (RegExpPrototypeTest(combiningMark, label)) return null;
    const encoded = punycodeEncode(codePointsOf(label));
    if (encoded === null) return null;
    labels[i] = "xn--" + encoded;
  }
  return ArrayPrototypeJoin(labels, ".");
}

// ---- IPv4 ----

function endsInANumber(s) {
  const parts = StringPrototypeSplit(s, ".");
  let last = parts[parts.length - 1];
  if (last === "") {
    if (parts.length === 1) return false;
    last = parts[parts.length - 2];
  }
  if (last === "") return false;
  let digits = true;
  for (let i = 0; i < last.length; i++) {
    const c = StringPrototypeCharCodeAt(last, i);
    if (c < 0x30 || c > 0x39) {
      digits = false;
      break;
    }
  }
  return digits || parseIPv4Number(last) !== null;
}

// Decimal, octal (leading 0) or hex (0x); "" fails, "0x" is 0.
function parseIPv4Number(s) {
  if (s === "") return null;
  let radix = 10;
  let start = 0;
  if (s.length >= 2 && s[0] === "0" && (s[1] === "x" || s[1] === "X")) {
    radix = 16;
    start = 2;
  } else if (s.length >= 2 && s[0] === "0") {
    radix = 8;
    start = 1;
  }
  let value = 0;
  for (let i = start; i < s.length; i++) {
    const c = StringPrototypeCharCodeAt(s, i);
    const d = hexValue(c);
    if (d < 0 || d >= radix || (radix <= 10 && (c < 0x30 || c > 0x39))) return null;
    value = value * radix + d;
  }
  return value;
}

// Returns the address as a number, or null.
function parseIPv4(s) {
  const parts = StringPrototypeSplit(s, ".");
  if (parts[parts.length - 1] === "" && parts.length > 1) parts.length--;
  if (parts.length > 4) return null;
  const numbers = [];
  for (let i = 0; i < parts.length; i++) {
    const n = parseIPv4Number(parts[i]);
    if (n === null) return null;
    numbers[i] = n;
  }
  for (let i = 0; i < numbers.length - 1; i++) {
    if (numbers[i] > 255) return null;
  }
  const last = numbers[numbers.length - 1];
  if (last >= 256 ** (5 - numbers.length)) return null;
  let address = last;
  for (let i = 0; i < numbers.length - 1; i++) address += numbers[i] * 256 ** (3 - i);
  return address;
}

function serializeIPv4(address) {
  let out = "";
  for (let i = 3; i >= 0; i--) {
    out += $String(MathFloor(address / 256 ** i) % 256);
    if (i) out += ".";
  }
  return out;
}

// ---- IPv6 ----

// Returns 8 16-bit pieces, or null.
function parseIPv6(s) {
  const address = [0, 0, 0, 0, 0, 0, 0, 0];
  let pieceIndex = 0;
  let compress = -1;
  let p = 0;
  const n = s.length;
  const at = (i) => (i < n ? StringPrototypeCharCodeAt(s, i) : -1);
  if (at(p) === 0x3a) {
    if (at(p + 1) !== 0x3a) return null;
    p += 2;
    compress = ++pieceIndex;
  }
  while (at(p) !== -1) {
    if (pieceIndex === 8) return null;
    if (at(p) === 0x3a) {
      if (compress !== -1) return null;
      p++;
      compress = ++pieceIndex;
      continue;
    }
    let value = 0;
    let length = 0;
    while (length < 4 && hexValue(at(p)) >= 0 && at(p) !== -1) {
      value = value * 16 + hexValue(at(p));
      p++;
      length++;
    }
    if (at(p) === 0x2e) {
      // An embedded IPv4 address in the last two pieces.
      if (length === 0) return null;
      p -= length;
      if (pieceIndex > 6) return null;
      let numbersSeen = 0;
      while (at(p) !== -1) {
        let ipv4Piece = -1;
        if (numbersSeen > 0) {
          if (at(p) === 0x2e && numbersSeen < 4) p++;
          else return null;
        }
        if (!(at(p) >= 0x30 && at(p) <= 0x39)) return null;
        while (at(p) >= 0x30 && at(p) <= 0x39) {
          const number = at(p) - 0x30;
          if (ipv4Piece === -1) ipv4Piece = number;
          else if (ipv4Piece === 0) return null;
          else ipv4Piece = ipv4Piece * 10 + number;
          if (ipv4Piece > 255) return null;
          p++;
        }
        address[pieceIndex] = address[pieceIndex] * 0x100 + ipv4Piece;
        numbersSeen++;
        if (numbersSeen === 2 || numbersSeen === 4) pieceIndex++;
      }
      if (numbersSeen !== 4) return null;
      break;
    } else if (at(p) === 0x3a) {
      p++;
      if (at(p) === -1) return null;
    } else if (at(p) !== -1) {
      return null;
    }
    address[pieceIndex] = value;
    pieceIndex++;
  }
  if (compress !== -1) {
    let swaps = pieceIndex - compress;
    pieceIndex = 7;
    while (pieceIndex !== 0 && swaps > 0) {
      const t = address[pieceIndex];
      address[pieceIndex] = address[compress + swaps - 1];
      address[compress + swaps - 1] = t;
      pieceIndex--;
      swaps--;
    }
  } else if (pieceIndex !== 8) {
    return null;
  }
  return address;
}

function serializeIPv6(address) {
  // Compress the first longest run of two or more zero pieces.
  let bestStart = -1;
  let bestLength = 1;
  for (let i = 0; i < 8;) {
    if (address[i] !== 0) {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && address[j] === 0) j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  let out = "";
  let ignore0 = false;
  for (let i = 0; i < 8; i++) {
    if (ignore0 && address[i] === 0) continue;
    ignore0 = false;
    if (i === bestStart) {
      out += i === 0 ? "::" : ":";
      ignore0 = true;
      continue;
    }
    out += NumberPrototypeToString(address[i], 16);
    if (i !== 7) out += ":";
  }
  return out;
}
