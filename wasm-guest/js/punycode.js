// punycode.js: RFC 3492 Punycode, the encoding behind "xn--" labels in internationalized domain
// names (used by urlhost.js). Works on arrays of code points; returns null on invalid input or
// overflow instead of throwing, since the URL parser turns that into a parse failure.

const PUNY_BASE = 36;
const PUNY_TMIN = 1;
const PUNY_TMAX = 26;
const PUNY_SKEW = 38;
const PUNY_DAMP = 700;
const PUNY_INITIAL_BIAS = 72;
const PUNY_INITIAL_N = 128;
const PUNY_MAXINT = 0x7fffffff;

function punyAdapt(delta, numPoints, first) {
  delta = first ? MathFloor(delta / PUNY_DAMP) : delta >> 1;
  delta += MathFloor(delta / numPoints);
  let k = 0;
  while (delta > ((PUNY_BASE - PUNY_TMIN) * PUNY_TMAX) >> 1) {
    delta = MathFloor(delta / (PUNY_BASE - PUNY_TMIN));
    k += PUNY_BASE;
  }
  return k + MathFloor(((PUNY_BASE - PUNY_TMIN + 1) * delta) / (delta + PUNY_SKEW));
}

function punyThreshold(k, bias) {
  return k <= bias ? PUNY_TMIN : k >= bias + PUNY_TMAX ? PUNY_TMAX : k - bias;
}

// 0..25 -> 'a'..'z', 26..35 -> '0'..'9'
function punyDigitChar(d) {
  return StringFromCharCode(d < 26 ? d + 0x61 : d + 22);
}

function punyDigitValue(c) {
  if (c >= 0x30 && c <= 0x39) return c - 22;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61;
  return PUNY_BASE;
}

// Code points -> the Punycode string (without "xn--"), or null on overflow.
function punycodeEncode(codePoints) {
  let output = "";
  const length = codePoints.length;
  for (let i = 0; i < length; i++) {
    if (codePoints[i] < 0x80) output += StringFromCharCode(codePoints[i]);
  }
  const basic = output.length;
  let handled = basic;
  if (basic > 0) output += "-";
  let n = PUNY_INITIAL_N;
  let delta = 0;
  let bias = PUNY_INITIAL_BIAS;
  while (handled < length) {
    let m = PUNY_MAXINT;
    for (let i = 0; i < length; i++) {
      if (codePoints[i] >= n && codePoints[i] < m) m = codePoints[i];
    }
    if (m - n > MathFloor((PUNY_MAXINT - delta) / (handled + 1))) return null;
    delta += (m - n) * (handled + 1);
    n = m;
    for (let i = 0; i < length; i++) {
      const c = codePoints[i];
      if (c < n && ++delta > PUNY_MAXINT) return null;
      if (c === n) {
        let q = delta;
        for (let k = PUNY_BASE; ; k += PUNY_BASE) {
          const t = punyThreshold(k, bias);
          if (q < t) break;
          output += punyDigitChar(t + ((q - t) % (PUNY_BASE - t)));
          q = MathFloor((q - t) / (PUNY_BASE - t));
        }
        output += punyDigitChar(q);
        bias = punyAdapt(delta, handled + 1, handled === basic);
        delta = 0;
        handled++;
      }
    }
    delta++;
    n++;
  }
  return output;
}

// The Punycode string (without "xn--") -> code points, or null if it is not valid Punycode.
function punycodeDecode(input) {
  const output = [];
  let basicEnd = StringPrototypeLastIndexOf(input, "-");
  if (basicEnd < 0) basicEnd = 0;
  for (let j = 0; j < basicEnd; j++) {
    const c = StringPrototypeCharCodeAt(input, j);
    if (c >= 0x80) return null;
    output[output.length] = c;
  }
  let n = PUNY_INITIAL_N;
  let bias = PUNY_INITIAL_BIAS;
  let i = 0;
  for (let pos = basicEnd > 0 ? basicEnd + 1 : 0; pos < input.length;) {
    const oldi = i;
    let w = 1;
    for (let k = PUNY_BASE; ; k += PUNY_BASE) {
      if (pos >= input.length) return null;
      const digit = punyDigitValue(StringPrototypeCharCodeAt(input, pos++));
      if (digit >= PUNY_BASE) return null;
      if (digit > MathFloor((PUNY_MAXINT - i) / w)) return null;
      i += digit * w;
      const t = punyThreshold(k, bias);
      if (digit < t) break;
      if (w > MathFloor(PUNY_MAXINT / (PUNY_BASE - t))) return null;
      w *= PUNY_BASE - t;
    }
    const count = output.length + 1;
    bias = punyAdapt(i - oldi, count, oldi === 0);
    if (MathFloor(i / count) > PUNY_MAXINT - n) return null;
    n += MathFloor(i / count);
    i %= count;
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return null;
    ArrayPrototypeSplice(output, i, 0, n);
    i++;
  }
  return output;
}
