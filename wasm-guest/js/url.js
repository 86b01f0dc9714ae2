// url.js: the URL class (URL Standard, "API"). Parsing and serialization are in urlparse.js;
// this file holds the record, the attribute getters and setters, and the link with the URL's
// URLSearchParams (each side updates the other).

// Set just before an internal `new URL()` to adopt a ready record instead of parsing.
let adoptedURLRecord = null;
let urlRecordOf;

class URL {
  #url; // the URL record
  #searchParams = null; // created lazily, then kept: url.searchParams === url.searchParams

  constructor(url, base = undefined) {
    if (adoptedURLRecord !== null) {
      this.#url = adoptedURLRecord;
      adoptedURLRecord = null;
      return;
    }
    if (url === undefined && nativeArgCount() === 0) throw new $TypeError("Failed to construct 'URL': 1 argument required, but only 0 present.");
    const record = parseWithBase($String(url), base);
    if (record === null) throw invalidURL(url, base);
    this.#url = record;
  }

  static canParse(url, base = undefined) {
    if (url === undefined && nativeArgCount() === 0) throw new $TypeError("Failed to execute 'canParse': 1 argument required, but only 0 present.");
    return parseWithBase($String(url), base) !== null;
  }

  static parse(url, base = undefined) {
    if (url === undefined && nativeArgCount() === 0) throw new $TypeError("Failed to execute 'parse': 1 argument required, but only 0 present.");
    const record = parseWithBase($String(url), base);
    return record === null ? null : newURLFromRecord(record);
  }

  static createObjectURL() {
    throw newDOMException("URL.createObjectURL() is not supported.", "NotSupportedError");
  }

  static revokeObjectURL() {}

  get href() {
    return serializeURL(this.#url, false);
  }
  set href(value) {
    const record = basicURLParse($String(value), null);
    if (record === null) throw invalidURL(value);
    this.#url = record;
    this.#updateSearchParams();
  }
  get origin() {
    return serializeOrigin(this.#url);
  }
  get protocol() {
    return this.#url.scheme + ":";
  }
  set protocol(value) {
    basicURLParse($String(value) + ":", null, this.#url, S_SCHEME_START);
  }
  get username() {
    return this.#url.username;
  }
  set username(value) {
    if (this.#cannotHaveCredentialsOrPort()) return;
    this.#url.username = percentEncodeString(StringPrototypeToWellFormed($String(value)), PE_USERINFO);
  }
  get password() {
    return this.#url.password;
  }
  set password(value) {
    if (this.#cannotHaveCredentialsOrPort()) return;
    this.#url.password = percentEncodeString(StringPrototypeToWellFormed($String(value)), PE_USERINFO);
  }
  get host() {
    const url = this.#url;
    if (url.host === null) return "";
    return url.port === null ? url.host : url.host + ":" + url.port;
  }
  set host(value) {
    if (typeof this.#url.path === "string") return;
    this.#reparse($String(value), S_HOST);
  }
  get hostname() {
    return this.#url.host === null ? "" : this.#url.host;
  }
  set hostname(value) {
    if (typeof this.#url.path === "string") return;
    this.#reparse($String(value), S_HOSTNAME);
  }
  get port() {
    return this.#url.port === null ? "" : $String(this.#url.port);
  }
  set port(value) {
    if (this.#cannotHaveCredentialsOrPort()) return;
    value = $String(value);
    if (value === "") this.#url.port = null;
    else this.#reparse(value, S_PORT);
  }
  get pathname() {
    return serializePath(this.#url);
  }
  set pathname(value) {
    if (typeof this.#url.path === "string") return;
    const copy = cloneURLRecord(this.#url);
    copy.path = [];
    if (basicURLParse($String(value), null, copy, S_PATH_START) !== null) this.#url = copy;
  }
  get search() {
    const query = this.#url.query;
    return query === null || query === "" ? "" : "?" + query;
  }
  set search(value) {
    value = $String(value);
    if (value === "") {
      this.#url.query = null;
      this.#stripTrailingSpacesFromOpaquePath();
      this.#updateSearchParams();
      return;
    }
    const input = value[0] === "?" ? StringPrototypeSlice(value, 1) : value;
    const copy = cloneURLRecord(this.#url);
    copy.query = "";
    if (basicURLParse(input, null, copy, S_QUERY) !== null) this.#url = copy;
    this.#updateSearchParams();
  }
  get searchParams() {
    if (this.#searchParams === null) {
      this.#searchParams = newLinkedSearchParams(this.#url.query === null ? "" : this.#url.query, (serialized) => {
        this.#url.query = serialized === "" ? null : serialized;
        if (serialized === "") this.#stripTrailingSpacesFromOpaquePath();
      });
    }
    return this.#searchParams;
  }
  get hash() {
    const fragment = this.#url.fragment;
    return fragment === null || fragment === "" ? "" : "#" + fragment;
  }
  set hash(value) {
    value = $String(value);
    if (value === "") {
      this.#url.fragment = null;
      this.#stripTrailingSpacesFromOpaquePath();
      return;
    }
    const input = value[0] === "#" ? StringPrototypeSlice(value, 1) : value;
    const copy = cloneURLRecord(this.#url);
    copy.fragment = "";
    if (basicURLParse(input, null, copy, S_FRAGMENT) !== null) this.#url = copy;
  }
  toString() {
    return serializeURL(this.#url, false);
  }
  toJSON() {
    return serializeURL(this.#url, false);
  }

  // State-override parsing works on a copy, so that a failure leaves the URL as it was.
  #reparse(value, state) {
    const copy = cloneURLRecord(this.#url);
    if (basicURLParse(value, null, copy, state) !== null) this.#url = copy;
  }
  #cannotHaveCredentialsOrPort() {
    const url = this.#url;
    return url.host === null || url.host === "" || url.scheme === "file";
  }
  #stripTrailingSpacesFromOpaquePath() {
    const url = this.#url;
    if (typeof url.path !== "string" || url.fragment !== null || url.query !== null) return;
    let end = url.path.length;
    while (end > 0 && url.path[end - 1] === " ") end--;
    url.path = StringPrototypeSlice(url.path, 0, end);
  }
  #updateSearchParams() {
    if (this.#searchParams !== null) resetSearchParams(this.#searchParams, this.#url.query === null ? "" : this.#url.query);
  }
  [inspectCustom](depth, options, inspectFn) {
    const shown = {
      href: this.href, origin: this.origin, protocol: this.protocol, username: this.username,
      password: this.password, host: this.host, hostname: this.hostname, port: this.port,
      pathname: this.pathname, search: this.search, searchParams: this.searchParams, hash: this.hash,
    };
    return "URL " + inspectFn(shown, options);
  }
  static {
    registerPlatformClass((o) => o !== null && typeof o === "object" && #url in o);
    urlRecordOf = (o) => (o !== null && typeof o === "object" && #url in o ? o.#url : null);
  }
}
setToStringTag(URL, "URL");

// A URL object holding `record` (URL.parse), without parsing again.
function newURLFromRecord(record) {
  adoptedURLRecord = record;
  return new URL();
}

function parseWithBase(input, base) {
  let baseRecord = null;
  if (base !== undefined) {
    baseRecord = basicURLParse($String(base), null);
    if (baseRecord === null) return null;
  }
  return basicURLParse(input, baseRecord);
}

function invalidURL(url, base) {
  let text;
  try {
    text = $String(url);
  } catch {
    text = "?";
  }
  return new $TypeError(base === undefined ? `Invalid URL: ${text}` : `Invalid URL: ${text} (base: ${safeString(base)})`);
}

// Parses an absolute URL string to its serialization (href), or returns null.
function parseAbsoluteURL(input) {
  const record = basicURLParse($String(input), null);
  return record === null ? null : serializeURL(record, false);
}
