// headers.js: Headers (Fetch Standard). The header list keeps every entry in insertion order,
// names lower-cased (which is how the wire format carries them); get() combines values with
// ", ", iteration is sorted by name and combined, except Set-Cookie, whose values stay separate
// (getSetCookie() returns them all).
//
// Guards: "none" or "immutable" (incoming requests and fetch() responses, as in workerd, where
// modifying them throws "Can't modify immutable headers."). There are no forbidden header
// names: a worker is a server.

const HTTP_TOKEN_CODE_POINTS = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

// Header names and values repeat from request to request (every response sets content-type),
// and a regular-expression match costs as much as a dozen Map lookups here. So valid names map
// to their lower-case form, and values that need no normalizing are remembered as such. Only
// what passed validation is ever stored; a full table is emptied and refilled by what comes
// next, which bounds its memory and keeps it holding the names in current use.
const HEADER_CACHE_ENTRIES = 256;
const HEADER_CACHE_MAX_LENGTH = 64;
const lowerCaseHeaderNames = newSafeMap(); // valid name -> its lower-case form
const plainHeaderValues = newSafeSet(); // values normalizeHeaderValue returns unchanged

function normalizeHeaderName(name) {
  if (typeof name !== "string") name = $String(name);
  const cached = lowerCaseHeaderNames.get(name);
  if (cached !== undefined) return cached;
  if (!RegExpPrototypeTest(HTTP_TOKEN_CODE_POINTS, name)) throw new $TypeError(`Invalid header name: "${name}"`);
  // A token is ASCII, so toLowerCase is the ASCII lowercase here.
  const lower = StringPrototypeToLowerCase(name);
  rememberHeaderName(name, lower);
  return lower;
}

function rememberHeaderName(name, lower) {
  if (name.length > HEADER_CACHE_MAX_LENGTH) return;
  if (lowerCaseHeaderNames.size >= HEADER_CACHE_ENTRIES) lowerCaseHeaderNames.clear();
  lowerCaseHeaderNames.set(name, lower);
}

// A name from the wire: the host sends names lower-cased but does not promise they are tokens,
// so an unknown name is only lower-cased (not rejected), as before; a valid one is remembered.
function lowerCaseWireHeaderName(name) {
  const cached = lowerCaseHeaderNames.get(name);
  if (cached !== undefined) return cached;
  if (!RegExpPrototypeTest(HTTP_TOKEN_CODE_POINTS, name)) return asciiLowercase(name);
  const lower = StringPrototypeToLowerCase(name);
  rememberHeaderName(name, lower);
  return lower;
}

// Strips leading/trailing HTTP whitespace; rejects NUL, CR and LF, and code points above U+00FF
// (header values are bytes: a ByteString).
// A value that is already normalized: no leading or trailing whitespace, nothing forbidden. One
// native match instead of a JS loop per character (most values are like this).
const PLAIN_HEADER_VALUE = /^(?:[!-\xff](?:[\t -\xff]*[!-\xff])?)?$/;

function normalizeHeaderValue(value) {
  if (typeof value !== "string") value = $String(value);
  if (plainHeaderValues.has(value)) return value;
  if (RegExpPrototypeTest(PLAIN_HEADER_VALUE, value)) {
    rememberPlainHeaderValue(value);
    return value;
  }
  let start = 0;
  let end = value.length;
  const isWs = (c) => c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d;
  while (start < end && isWs(StringPrototypeCharCodeAt(value, start))) start++;
  while (end > start && isWs(StringPrototypeCharCodeAt(value, end - 1))) end--;
  if (start !== 0 || end !== value.length) value = StringPrototypeSlice(value, start, end);
  for (let i = 0; i < value.length; i++) {
    const c = StringPrototypeCharCodeAt(value, i);
    if (c === 0 || c === 0x0a || c === 0x0d || c > 0xff) throw new $TypeError(`Invalid header value: "${value}"`);
  }
  return value;
}

function rememberPlainHeaderValue(value) {
  if (value.length > HEADER_CACHE_MAX_LENGTH) return;
  if (plainHeaderValues.size >= HEADER_CACHE_ENTRIES) plainHeaderValues.clear();
  plainHeaderValues.add(value);
}

let headersInternals;

class Headers {
  #names = []; // lower-case
  #values = [];
  #immutable = false;

  constructor(init = undefined) {
    if (init === undefined || init === null) {
      if (init === null) throw new $TypeError("Failed to construct 'Headers': The provided value is not of type 'HeadersInit'.");
      return;
    }
    if (typeof init !== "object" && typeof init !== "function") {
      throw new $TypeError("Failed to construct 'Headers': The provided value is not of type 'HeadersInit'.");
    }
    if (#names in init) {
      this.#names = ArrayPrototypeSlice(init.#names);
      this.#values = ArrayPrototypeSlice(init.#values);
      return;
    }
    const iteratorMethod = init[SymbolIterator];
    if (iteratorMethod !== undefined && iteratorMethod !== null) {
      if (typeof iteratorMethod !== "function") throw new $TypeError("The object's Symbol.iterator must be a function.");
      for (const pair of init) {
        const items = [];
        for (const item of pair) items[items.length] = item;
        if (items.length !== 2) throw new $TypeError("Each header of Headers' init must be a [name, value] pair.");
        this.#append(items[0], items[1]);
      }
      return;
    }
    // A plain record of plain values, natively; anything else (a Proxy, a getter, a value to
    // convert, normalize or reject...) by the loop below, as the standard says.
    if (nativeHeadersFromRecord(init, this.#names, this.#values)) return;
    const keys = ReflectOwnKeys(init);
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i];
      if (typeof key !== "string") continue;
      // The same [[GetOwnProperty]] as reading the descriptor, without allocating one.
      if (!ObjectPrototypePropertyIsEnumerable(init, key)) continue;
      this.#append(key, init[key]);
    }
  }

  #checkMutable() {
    if (this.#immutable) throw new $TypeError("Can't modify immutable headers.");
  }

  #append(name, value) {
    name = normalizeHeaderName(name);
    value = normalizeHeaderValue(value);
    this.#checkMutable();
    this.#names[this.#names.length] = name;
    this.#values[this.#values.length] = value;
  }

  append(name, value) {
    if (value === undefined) checkArgs(nativeArgCount(), 2, "append");
    this.#append(name, value);
  }
  delete(name) {
    if (name === undefined) checkArgs(nativeArgCount(), 1, "delete");
    name = normalizeHeaderName(name);
    this.#checkMutable();
    const names = [];
    const values = [];
    for (let i = 0; i < this.#names.length; i++) {
      if (this.#names[i] === name) continue;
      names[names.length] = this.#names[i];
      values[values.length] = this.#values[i];
    }
    this.#names = names;
    this.#values = values;
  }
  get(name) {
    if (name === undefined) checkArgs(nativeArgCount(), 1, "get");
    name = normalizeHeaderName(name);
    let out = null;
    for (let i = 0; i < this.#names.length; i++) {
      if (this.#names[i] === name) out = out === null ? this.#values[i] : out + ", " + this.#values[i];
    }
    return out;
  }
  getSetCookie() {
    const out = [];
    for (let i = 0; i < this.#names.length; i++) {
      if (this.#names[i] === "set-cookie") out[out.length] = this.#values[i];
    }
    return out;
  }
  // workerd's non-standard getAll(), for Set-Cookie only.
  getAll(name) {
    name = normalizeHeaderName(name);
    if (name !== "set-cookie") throw new $TypeError("getAll() can only be used with the header name \"Set-Cookie\".");
    return this.getSetCookie();
  }
  has(name) {
    if (name === undefined) checkArgs(nativeArgCount(), 1, "has");
    name = normalizeHeaderName(name);
    return ArrayPrototypeIndexOf(this.#names, name) >= 0;
  }
  set(name, value) {
    if (value === undefined) checkArgs(nativeArgCount(), 2, "set");
    name = normalizeHeaderName(name);
    value = normalizeHeaderValue(value);
    this.#checkMutable();
    const names = [];
    const values = [];
    let found = false;
    for (let i = 0; i < this.#names.length; i++) {
      if (this.#names[i] !== name) {
        names[names.length] = this.#names[i];
        values[values.length] = this.#values[i];
      } else if (!found) {
        found = true;
        names[names.length] = name;
        values[values.length] = value;
      }
    }
    if (!found) {
      names[names.length] = name;
      values[values.length] = value;
    }
    this.#names = names;
    this.#values = values;
  }

  // "Sort and combine": sorted names, values combined, Set-Cookie entries kept apart.
  #sortedPairs() {
    const order = [];
    for (let i = 0; i < this.#names.length; i++) order[i] = i;
    const names = this.#names;
    ArrayPrototypeSort(order, (a, b) => (names[a] < names[b] ? -1 : names[a] > names[b] ? 1 : a - b));
    const pairs = [];
    for (let k = 0; k < order.length; k++) {
      const i = order[k];
      const name = names[i];
      const last = pairs.length ? pairs[pairs.length - 1] : null;
      if (name !== "set-cookie" && last !== null && last[0] === name) last[1] += ", " + this.#values[i];
      else pairs[pairs.length] = [name, this.#values[i]];
    }
    return pairs;
  }

  [inspectCustom](depth, options, inspectFn) {
    const pairs = this.#sortedPairs();
    const shown = {};
    for (let i = 0; i < pairs.length; i++) ObjectDefineProperty(shown, pairs[i][0], dataDescriptor(pairs[i][1], true));
    return "Headers " + inspectFn(shown, options);
  }

  static {
    headersInternals = {
      __proto__: null,
      is: (o) => o !== null && typeof o === "object" && #names in o,
      sortedPairs: (o) => {
        if (!(o !== null && typeof o === "object" && #names in o)) throw new $TypeError("Illegal invocation");
        return o.#sortedPairs();
      },
      // The raw list, for the wire encoder: parallel arrays of names and values.
      names: (o) => o.#names,
      values: (o) => o.#values,
      // Headers from wire arrays (already lower-case names), optionally immutable.
      fromLists(names, values, immutable) {
        const h = new Headers();
        for (let i = 0; i < names.length; i++) {
          // The table's answer inline: a call per header would cost more than the lookup.
          const lower = lowerCaseHeaderNames.get(names[i]);
          names[i] = lower !== undefined ? lower : lowerCaseWireHeaderName(names[i]);
        }
        h.#names = names;
        h.#values = values;
        h.#immutable = immutable;
        return h;
      },
      // A body's Content-Type, added by the Request and Response constructors unless the init
      // headers have one ("extract a body"). Works on the list itself, as the standard says: the
      // name is known valid, and no Headers method a worker may have replaced runs.
      appendContentTypeUnlessPresent(o, value) {
        if (ArrayPrototypeIndexOf(o.#names, "content-type") >= 0) return;
        o.#append("content-type", value);
      },
      setImmutable(o) {
        o.#immutable = true;
      },
    };
    registerPlatformClass(headersInternals.is);
  }
}
setToStringTag(Headers, "Headers");
defineIterableMethods(Headers, "Headers Iterator", headersInternals.sortedPairs);
