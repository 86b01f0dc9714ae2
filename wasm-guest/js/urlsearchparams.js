// urlsearchparams.js: URLSearchParams and the application/x-www-form-urlencoded parser and
// serializer (URL Standard). A URLSearchParams made by a URL is linked to it: every change is
// serialized back into the URL's query, and setting the URL's search resets the list.

// "a=1&b=x+y&c" -> [["a", "1"], ["b", "x y"], ["c", ""]]. Natively for an ASCII string (every
// URL's query is one), which costs a fraction of the JS below in the guest; parseFormJs keeps the
// standard's steps for the rest, and url.test.js checks that both agree.
function parseFormURLEncoded(input) {
  const pairs = nativeParseFormURLEncoded(input);
  return pairs !== null ? pairs : parseFormJs(input);
}

function parseFormJs(input) {
  const pairs = [];
  const sequences = StringPrototypeSplit(input, "&");
  for (let i = 0; i < sequences.length; i++) {
    const seq = sequences[i];
    if (seq === "") continue;
    const eq = StringPrototypeIndexOf(seq, "=");
    const name = eq < 0 ? seq : StringPrototypeSlice(seq, 0, eq);
    const value = eq < 0 ? "" : StringPrototypeSlice(seq, eq + 1);
    // Most pairs have neither "+" nor "%": nothing to decode, and two calls saved.
    if (!needsFormDecoding(seq)) pairs[pairs.length] = [name, value];
    else pairs[pairs.length] = [decodeFormComponent(name), decodeFormComponent(value)];
  }
  return pairs;
}

function needsFormDecoding(s) {
  return StringPrototypeIndexOf(s, "+") >= 0 || StringPrototypeIndexOf(s, "%") >= 0;
}

function decodeFormComponent(s) {
  if (StringPrototypeIndexOf(s, "+") >= 0) s = ArrayPrototypeJoin(StringPrototypeSplit(s, "+"), " ");
  return percentDecodeString(s);
}

function serializeFormURLEncoded(pairs) {
  let out = "";
  for (let i = 0; i < pairs.length; i++) {
    if (i) out += "&";
    out += percentEncodeString(pairs[i][0], PE_FORM, true) + "=" + percentEncodeString(pairs[i][1], PE_FORM, true);
  }
  return out;
}

let searchParamsPairs, newLinkedSearchParams, resetSearchParams;
// Set just before an internal `new URLSearchParams()` to adopt a ready list (see
// newLinkedSearchParams).
let adoptedSearchList = null;

class URLSearchParams {
  #list = [];
  #onUpdate = null; // set when linked to a URL

  constructor(init = "") {
    if (adoptedSearchList !== null) {
      this.#list = adoptedSearchList;
      adoptedSearchList = null;
      return;
    }
    if (init !== null && typeof init === "object" || typeof init === "function") {
      if (URLSearchParams.#is(init)) {
        this.#list = ArrayPrototypeMap(init.#list, (pair) => [pair[0], pair[1]]);
        return;
      }
      const iteratorMethod = init[SymbolIterator];
      if (iteratorMethod !== undefined && iteratorMethod !== null) {
        if (typeof iteratorMethod !== "function") throw new $TypeError("The object's Symbol.iterator must be a function.");
        for (const pair of init) {
          const items = [];
          for (const item of pair) items[items.length] = item;
          if (items.length !== 2) {
            throw new $TypeError("Each name-value pair of URLSearchParams' init must have exactly two items.");
          }
          this.#list[this.#list.length] = [toUSVString(items[0]), toUSVString(items[1])];
        }
      } else {
        const keys = ReflectOwnKeys(init);
        for (let i = 0; i < keys.length; i++) {
          const key = keys[i];
          if (typeof key !== "string") continue;
          if (!ObjectPrototypePropertyIsEnumerable(init, key)) continue;
          this.#list[this.#list.length] = [toUSVString(key), toUSVString(init[key])];
        }
      }
      return;
    }
    let s = toUSVString(init);
    if (s[0] === "?") s = StringPrototypeSlice(s, 1);
    this.#list = parseFormURLEncoded(s);
  }

  static #is(o) {
    return o !== null && typeof o === "object" && #list in o;
  }

  get size() {
    return this.#list.length;
  }
  append(name, value) {
    if (value === undefined) checkArgs(nativeArgCount(), 2, "append");
    this.#list[this.#list.length] = [toUSVString(name), toUSVString(value)];
    this.#update();
  }
  delete(name, value = undefined) {
    if (name === undefined) checkArgs(nativeArgCount(), 1, "delete");
    name = toUSVString(name);
    const matchValue = value !== undefined;
    if (matchValue) value = toUSVString(value);
    const kept = [];
    for (let i = 0; i < this.#list.length; i++) {
      const pair = this.#list[i];
      if (pair[0] === name && (!matchValue || pair[1] === value)) continue;
      kept[kept.length] = pair;
    }
    this.#list = kept;
    this.#update();
  }
  get(name) {
    if (name === undefined) checkArgs(nativeArgCount(), 1, "get");
    name = toUSVString(name);
    for (let i = 0; i < this.#list.length; i++) {
      if (this.#list[i][0] === name) return this.#list[i][1];
    }
    return null;
  }
  getAll(name) {
    if (name === undefined) checkArgs(nativeArgCount(), 1, "getAll");
    name = toUSVString(name);
    const out = [];
    for (let i = 0; i < this.#list.length; i++) {
      if (this.#list[i][0] === name) out[out.length] = this.#list[i][1];
    }
    return out;
  }
  has(name, value = undefined) {
    if (name === undefined) checkArgs(nativeArgCount(), 1, "has");
    name = toUSVString(name);
    const matchValue = value !== undefined;
    if (matchValue) value = toUSVString(value);
    for (let i = 0; i < this.#list.length; i++) {
      if (this.#list[i][0] === name && (!matchValue || this.#list[i][1] === value)) return true;
    }
    return false;
  }
  set(name, value) {
    if (value === undefined) checkArgs(nativeArgCount(), 2, "set");
    name = toUSVString(name);
    value = toUSVString(value);
    const kept = [];
    let found = false;
    for (let i = 0; i < this.#list.length; i++) {
      const pair = this.#list[i];
      if (pair[0] !== name) {
        kept[kept.length] = pair;
      } else if (!found) {
        found = true;
        kept[kept.length] = [name, value];
      }
    }
    if (!found) kept[kept.length] = [name, value];
    this.#list = kept;
    this.#update();
  }
  sort() {
    // Stable, by UTF-16 code units of the names (JS string comparison is exactly that).
    const indexed = ArrayPrototypeMap(this.#list, (pair, i) => [pair, i]);
    ArrayPrototypeSort(indexed, (a, b) => (a[0][0] < b[0][0] ? -1 : a[0][0] > b[0][0] ? 1 : a[1] - b[1]));
    this.#list = ArrayPrototypeMap(indexed, (entry) => entry[0]);
    this.#update();
  }
  toString() {
    return serializeFormURLEncoded(this.#list);
  }
  #update() {
    if (this.#onUpdate !== null) this.#onUpdate(serializeFormURLEncoded(this.#list));
  }
  [inspectCustom](depth, options, inspectFn) {
    const entries = ArrayPrototypeMap(this.#list, (pair) => quoteString(pair[0]) + " => " + quoteString(pair[1]));
    return entries.length === 0 ? "URLSearchParams {}" : "URLSearchParams { " + ArrayPrototypeJoin(entries, ", ") + " }";
  }
  static {
    searchParamsPairs = (o) => {
      if (!URLSearchParams.#is(o)) throw new $TypeError("Illegal invocation");
      return o.#list;
    };
    // A URL's query is already a well-formed (ASCII) string, so the constructor's conversion
    // is skipped, and so is its stripping of a leading "?": the query of "/??a=1" is "?a=1",
    // whose first name is "?a" (the URL Standard's "initialize", as resetSearchParams does).
    newLinkedSearchParams = (query, onUpdate) => {
      adoptedSearchList = parseFormURLEncoded(query);
      const params = new URLSearchParams();
      params.#onUpdate = onUpdate;
      return params;
    };
    resetSearchParams = (params, query) => {
      params.#list = parseFormURLEncoded(query);
    };
    registerPlatformClass(URLSearchParams.#is);
  }
}
setToStringTag(URLSearchParams, "URLSearchParams");
defineIterableMethods(URLSearchParams, "URLSearchParams Iterator", searchParamsPairs);

function toUSVString(v) {
  return StringPrototypeToWellFormed($String(v));
}

function checkArgs(given, needed, method) {
  if (given < needed) {
    throw new $TypeError(`Failed to execute '${method}': ${needed} argument${needed > 1 ? "s" : ""} required, but only ${given} present.`);
  }
}
