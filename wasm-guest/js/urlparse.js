// urlparse.js: the URL Standard's basic URL parser (a state machine over the input) and the URL
// serializer. url.js builds the URL class on it; its setters re-enter the machine at a given
// state ("state override"), exactly as the standard describes.
//
// A URL record: {scheme, username, password, host (serialized, or null), port (number or null),
// path (array of segments, or a string for an opaque path such as "mailto:x"), query (string or
// null), fragment (string or null)}. Parsing fails by returning null.
//
// The machine walks UTF-16 code units: every character that steers it is ASCII, and non-ASCII
// text only ever lands in buffers, which are percent-encoded per code point when flushed
// (which is equivalent to the standard's encoding of each code point as it is appended).

const specialSchemePorts = { __proto__: null, ftp: 21, file: null, http: 80, https: 443, ws: 80, wss: 443 };

function isSpecialScheme(scheme) {
  return scheme in specialSchemePorts;
}

function defaultPort(scheme) {
  const port = specialSchemePorts[scheme];
  return port === undefined ? null : port;
}

function newURLRecord() {
  return { __proto__: null, scheme: "", username: "", password: "", host: null, port: null, path: [], query: null, fragment: null };
}

function cloneURLRecord(u) {
  const copy = newURLRecord();
  copy.scheme = u.scheme;
  copy.username = u.username;
  copy.password = u.password;
  copy.host = u.host;
  copy.port = u.port;
  copy.path = typeof u.path === "string" ? u.path : ArrayPrototypeSlice(u.path);
  copy.query = u.query;
  copy.fragment = u.fragment;
  return copy;
}

const S_SCHEME_START = 1, S_SCHEME = 2, S_NO_SCHEME = 3, S_SPECIAL_RELATIVE_OR_AUTHORITY = 4,
  S_PATH_OR_AUTHORITY = 5, S_RELATIVE = 6, S_RELATIVE_SLASH = 7, S_SPECIAL_AUTHORITY_SLASHES = 8,
  S_SPECIAL_AUTHORITY_IGNORE_SLASHES = 9, S_AUTHORITY = 10, S_HOST = 11, S_HOSTNAME = 12, S_PORT = 13,
  S_FILE = 14, S_FILE_SLASH = 15, S_FILE_HOST = 16, S_PATH_START = 17, S_PATH = 18, S_OPAQUE_PATH = 19,
  S_QUERY = 20, S_FRAGMENT = 21;

const EOF = -1;

function isASCIIAlpha(c) {
  return (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
}

function isASCIIDigit(c) {
  return c >= 0x30 && c <= 0x39;
}

// A Windows drive letter: two code points, an ASCII letter and ":" or "|".
function isWindowsDriveLetter(s, normalizedOnly) {
  if (s.length !== 2 || !isASCIIAlpha(StringPrototypeCharCodeAt(s, 0))) return false;
  const c = StringPrototypeCharCodeAt(s, 1);
  return c === 0x3a || (!normalizedOnly && c === 0x7c);
}

// Whether input[p..] starts with a Windows drive letter followed by the end, /, \, ? or #.
function startsWithWindowsDriveLetter(input, p) {
  if (input.length - p < 2) return false;
  if (!isWindowsDriveLetter(StringPrototypeSlice(input, p, p + 2), false)) return false;
  if (input.length - p === 2) return true;
  const c = StringPrototypeCharCodeAt(input, p + 2);
  return c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23;
}

function isSingleDotSegment(s) {
  return s === "." || (s.length === 3 && StringPrototypeToLowerCase(s) === "%2e");
}

function isDoubleDotSegment(s) {
  if (s === "..") return true;
  const lower = StringPrototypeToLowerCase(s);
  return lower === ".%2e" || lower === "%2e." || lower === "%2e%2e";
}

function shortenPath(url) {
  const path = url.path;
  if (url.scheme === "file" && path.length === 1 && isWindowsDriveLetter(path[0], true)) return;
  if (path.length > 0) path.length--;
}

function includesCredentials(url) {
  return url.username !== "" || url.password !== "";
}

// Leading/trailing C0 controls and spaces go; tabs and newlines go everywhere.
function trimURLInput(input) {
  let start = 0;
  let end = input.length;
  while (start < end && StringPrototypeCharCodeAt(input, start) <= 0x20) start++;
  while (end > start && StringPrototypeCharCodeAt(input, end - 1) <= 0x20) end--;
  return start === 0 && end === input.length ? input : StringPrototypeSlice(input, start, end);
}

function removeTabAndNewline(input) {
  let out = "";
  let run = 0;
  for (let i = 0; i < input.length; i++) {
    const c = StringPrototypeCharCodeAt(input, i);
    if (c === 0x09 || c === 0x0a || c === 0x0d) {
      out += StringPrototypeSlice(input, run, i);
      run = i + 1;
    }
  }
  return run === 0 ? input : out + StringPrototypeSlice(input, run);
}

// The fast paths. nativeParseSimpleURL (c/url.c) takes the common case, an http(s) or ws(s) URL
// made only of characters that need no percent-encoding, with a plain ASCII domain or IPv4
// address, no credentials, no dot segments: it builds the record, or returns null for anything
// else, which goes to basicURLParse's state machine. Every request parses its URL, and in the
// guest the state machine costs ~20 times the native scan. The state machine stays the reference
// (url.test.js compares the two on generated URLs).
//
// parsePathAgainstBase takes a path-absolute reference ("/a/b?c#d") against an http(s) or ws(s)
// base, as in new URL("/login", request.url): the state machine takes the base's scheme,
// credentials, host and port, then parses the rest exactly as it parses what follows an
// authority, so the rest after a placeholder host goes through the native scan. Null for
// anything else.
function parsePathAgainstBase(input, base) {
  if (StringPrototypeCharCodeAt(input, 0) !== 0x2f) return null;
  const second = StringPrototypeCharCodeAt(input, 1);
  if (second === 0x2f || second === 0x5c) return null; // "//host" or "/\\host": an authority
  const scheme = base.scheme;
  if (scheme !== "http" && scheme !== "https" && scheme !== "ws" && scheme !== "wss") return null;
  const url = nativeParseSimpleURL(scheme + "://h" + input);
  if (url === null) return null;
  url.username = base.username;
  url.password = base.password;
  url.host = base.host;
  url.port = base.port;
  return url;
}

// The basic URL parser. Without `url`, parses `input` (against `base`, a record or null) into a
// new record, or returns null. With `url` and `stateOverride`, modifies `url` in place (for the
// setters); the return value is then only meaningful as null (failure) or not.
function basicURLParse(input, base, url, stateOverride) {
  if (!url) {
    const simple = base === null ? nativeParseSimpleURL(input) : parsePathAgainstBase(input, base);
    if (simple !== null) return simple;
    url = newURLRecord();
    input = trimURLInput(input);
  }
  input = removeTabAndNewline(StringPrototypeToWellFormed(input));
  let state = stateOverride || S_SCHEME_START;
  let buffer = "";
  let atSignSeen = false;
  let insideBrackets = false;
  let passwordTokenSeen = false;
  const length = input.length;

  for (let p = 0; ; p++) {
    const c = p < length ? StringPrototypeCharCodeAt(input, p) : EOF;
    switch (state) {
      case S_SCHEME_START:
        if (isASCIIAlpha(c)) {
          buffer += StringFromCharCode(c | 0x20);
          state = S_SCHEME;
        } else if (!stateOverride) {
          state = S_NO_SCHEME;
          p--;
        } else {
          return null;
        }
        break;

      case S_SCHEME:
        if (isASCIIAlpha(c) || isASCIIDigit(c) || c === 0x2b || c === 0x2d || c === 0x2e) {
          buffer += StringFromCharCode(isASCIIAlpha(c) ? c | 0x20 : c);
        } else if (c === 0x3a) {
          if (stateOverride) {
            if (isSpecialScheme(url.scheme) !== isSpecialScheme(buffer)) return url;
            if ((includesCredentials(url) || url.port !== null) && buffer === "file") return url;
            if (url.scheme === "file" && url.host === "") return url;
          }
          url.scheme = buffer;
          if (stateOverride) {
            if (url.port === defaultPort(url.scheme)) url.port = null;
            return url;
          }
          buffer = "";
          if (url.scheme === "file") {
            state = S_FILE;
          } else if (isSpecialScheme(url.scheme) && base !== null && base.scheme === url.scheme) {
            state = S_SPECIAL_RELATIVE_OR_AUTHORITY;
          } else if (isSpecialScheme(url.scheme)) {
            state = S_SPECIAL_AUTHORITY_SLASHES;
          } else if (p + 1 < length && StringPrototypeCharCodeAt(input, p + 1) === 0x2f) {
            state = S_PATH_OR_AUTHORITY;
            p++;
          } else {
            url.path = "";
            state = S_OPAQUE_PATH;
          }
        } else if (!stateOverride) {
          buffer = "";
          state = S_NO_SCHEME;
          p = -1; // start over from the first code point
        } else {
          return null;
        }
        break;

      case S_NO_SCHEME:
        if (base === null || (typeof base.path === "string" && c !== 0x23)) return null;
        if (typeof base.path === "string" && c === 0x23) {
          url.scheme = base.scheme;
          url.path = base.path;
          url.query = base.query;
          url.fragment = "";
          state = S_FRAGMENT;
        } else if (base.scheme !== "file") {
          state = S_RELATIVE;
          p--;
        } else {
          state = S_FILE;
          p--;
        }
        break;

      case S_SPECIAL_RELATIVE_OR_AUTHORITY:
        if (c === 0x2f && p + 1 < length && StringPrototypeCharCodeAt(input, p + 1) === 0x2f) {
          state = S_SPECIAL_AUTHORITY_IGNORE_SLASHES;
          p++;
        } else {
          state = S_RELATIVE;
          p--;
        }
        break;

      case S_PATH_OR_AUTHORITY:
        if (c === 0x2f) {
          state = S_AUTHORITY;
        } else {
          state = S_PATH;
          p--;
        }
        break;

      case S_RELATIVE:
        url.scheme = base.scheme;
        if (c === 0x2f) {
          state = S_RELATIVE_SLASH;
        } else if (isSpecialScheme(url.scheme) && c === 0x5c) {
          state = S_RELATIVE_SLASH;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          url.path = ArrayPrototypeSlice(base.path);
          url.query = base.query;
          if (c === 0x3f) {
            url.query = "";
            state = S_QUERY;
          } else if (c === 0x23) {
            url.fragment = "";
            state = S_FRAGMENT;
          } else if (c !== EOF) {
            url.query = null;
            shortenPath(url);
            state = S_PATH;
            p--;
          }
        }
        break;

      case S_RELATIVE_SLASH:
        if (isSpecialScheme(url.scheme) && (c === 0x2f || c === 0x5c)) {
          state = S_SPECIAL_AUTHORITY_IGNORE_SLASHES;
        } else if (c === 0x2f) {
          state = S_AUTHORITY;
        } else {
          url.username = base.username;
          url.password = base.password;
          url.host = base.host;
          url.port = base.port;
          state = S_PATH;
          p--;
        }
        break;

      case S_SPECIAL_AUTHORITY_SLASHES:
        if (c === 0x2f && p + 1 < length && StringPrototypeCharCodeAt(input, p + 1) === 0x2f) {
          state = S_SPECIAL_AUTHORITY_IGNORE_SLASHES;
          p++;
        } else {
          state = S_SPECIAL_AUTHORITY_IGNORE_SLASHES;
          p--;
        }
        break;

      case S_SPECIAL_AUTHORITY_IGNORE_SLASHES:
        if (c !== 0x2f && c !== 0x5c) {
          state = S_AUTHORITY;
          p--;
        }
        break;

      case S_AUTHORITY:
        if (c === 0x40) {
          if (atSignSeen) buffer = "%40" + buffer;
          atSignSeen = true;
          const colon = passwordTokenSeen ? -1 : StringPrototypeIndexOf(buffer, ":");
          if (passwordTokenSeen) {
            url.password += percentEncodeString(buffer, PE_USERINFO);
          } else if (colon < 0) {
            url.username += percentEncodeString(buffer, PE_USERINFO);
          } else {
            passwordTokenSeen = true;
            url.username += percentEncodeString(StringPrototypeSlice(buffer, 0, colon), PE_USERINFO);
            url.password += percentEncodeString(StringPrototypeSlice(buffer, colon + 1), PE_USERINFO);
          }
          buffer = "";
        } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 || (isSpecialScheme(url.scheme) && c === 0x5c)) {
          if (atSignSeen && buffer === "") return null;
          p -= buffer.length + 1;
          buffer = "";
          state = S_HOST;
        } else {
          buffer += input[p];
        }
        break;

      case S_HOST:
      case S_HOSTNAME:
        if (stateOverride && url.scheme === "file") {
          p--;
          state = S_FILE_HOST;
        } else if (c === 0x3a && !insideBrackets) {
          if (buffer === "") return null;
          if (stateOverride === S_HOSTNAME) return null;
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === null) return null;
          url.host = host;
          buffer = "";
          state = S_PORT;
        } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 || (isSpecialScheme(url.scheme) && c === 0x5c)) {
          p--;
          if (isSpecialScheme(url.scheme) && buffer === "") return null;
          if (stateOverride && buffer === "" && (includesCredentials(url) || url.port !== null)) return null;
          const host = parseHost(buffer, !isSpecialScheme(url.scheme));
          if (host === null) return null;
          url.host = host;
          buffer = "";
          state = S_PATH_START;
          if (stateOverride) return url;
        } else {
          if (c === 0x5b) insideBrackets = true;
          if (c === 0x5d) insideBrackets = false;
          buffer += input[p];
        }
        break;

      case S_PORT:
        if (isASCIIDigit(c)) {
          buffer += input[p];
        } else if (c === EOF || c === 0x2f || c === 0x3f || c === 0x23 || (isSpecialScheme(url.scheme) && c === 0x5c) || stateOverride) {
          if (buffer !== "") {
            let port = 0;
            for (let i = 0; i < buffer.length; i++) {
              port = port * 10 + (StringPrototypeCharCodeAt(buffer, i) - 0x30);
              if (port > 65535) return null;
            }
            url.port = port === defaultPort(url.scheme) ? null : port;
            buffer = "";
            if (stateOverride) return url;
          }
          if (stateOverride) return null;
          state = S_PATH_START;
          p--;
        } else {
          return null;
        }
        break;

      case S_FILE:
        url.scheme = "file";
        url.host = "";
        if (c === 0x2f || c === 0x5c) {
          state = S_FILE_SLASH;
        } else if (base !== null && base.scheme === "file") {
          url.host = base.host;
          url.path = ArrayPrototypeSlice(base.path);
          url.query = base.query;
          if (c === 0x3f) {
            url.query = "";
            state = S_QUERY;
          } else if (c === 0x23) {
            url.fragment = "";
            state = S_FRAGMENT;
          } else if (c !== EOF) {
            url.query = null;
            if (!startsWithWindowsDriveLetter(input, p)) shortenPath(url);
            else url.path = [];
            state = S_PATH;
            p--;
          }
        } else {
          state = S_PATH;
          p--;
        }
        break;

      case S_FILE_SLASH:
        if (c === 0x2f || c === 0x5c) {
          state = S_FILE_HOST;
        } else {
          if (base !== null && base.scheme === "file") {
            url.host = base.host;
            if (!startsWithWindowsDriveLetter(input, p) && base.path.length > 0 && isWindowsDriveLetter(base.path[0], true)) {
              url.path[url.path.length] = base.path[0];
            }
          }
          state = S_PATH;
          p--;
        }
        break;

      case S_FILE_HOST:
        if (c === EOF || c === 0x2f || c === 0x5c || c === 0x3f || c === 0x23) {
          p--;
          if (!stateOverride && isWindowsDriveLetter(buffer, false)) {
            state = S_PATH; // the buffer is kept: it becomes the first path segment
          } else if (buffer === "") {
            url.host = "";
            if (stateOverride) return url;
            state = S_PATH_START;
          } else {
            let host = parseHost(buffer, !isSpecialScheme(url.scheme));
            if (host === null) return null;
            if (host === "localhost") host = "";
            url.host = host;
            if (stateOverride) return url;
            buffer = "";
            state = S_PATH_START;
          }
        } else {
          buffer += input[p];
        }
        break;

      case S_PATH_START:
        if (isSpecialScheme(url.scheme)) {
          state = S_PATH;
          if (c !== 0x2f && c !== 0x5c) p--;
        } else if (!stateOverride && c === 0x3f) {
          url.query = "";
          state = S_QUERY;
        } else if (!stateOverride && c === 0x23) {
          url.fragment = "";
          state = S_FRAGMENT;
        } else if (c !== EOF) {
          state = S_PATH;
          if (c !== 0x2f) p--;
        } else if (stateOverride && url.host === null) {
          url.path[url.path.length] = "";
        }
        break;

      case S_PATH: {
        const special = isSpecialScheme(url.scheme);
        if (c === EOF || c === 0x2f || (special && c === 0x5c) || (!stateOverride && (c === 0x3f || c === 0x23))) {
          const slash = c === 0x2f || (special && c === 0x5c);
          const segment = percentEncodeString(buffer, PE_PATH);
          if (isDoubleDotSegment(segment)) {
            shortenPath(url);
            if (!slash) url.path[url.path.length] = "";
          } else if (isSingleDotSegment(segment) && !slash) {
            url.path[url.path.length] = "";
          } else if (!isSingleDotSegment(segment)) {
            let s = segment;
            if (url.scheme === "file" && url.path.length === 0 && isWindowsDriveLetter(s, false)) {
              s = s[0] + ":";
            }
            url.path[url.path.length] = s;
          }
          buffer = "";
          if (c === 0x3f) {
            url.query = "";
            state = S_QUERY;
          }
          if (c === 0x23) {
            url.fragment = "";
            state = S_FRAGMENT;
          }
        } else {
          buffer += input[p];
        }
        break;
      }

      case S_OPAQUE_PATH:
        if (c === 0x3f) {
          url.path += percentEncodeString(buffer, PE_C0);
          buffer = "";
          url.query = "";
          state = S_QUERY;
        } else if (c === 0x23) {
          url.path += percentEncodeString(buffer, PE_C0);
          buffer = "";
          url.fragment = "";
          state = S_FRAGMENT;
        } else if (c !== EOF) {
          buffer += input[p];
        } else {
          url.path += percentEncodeString(buffer, PE_C0);
          buffer = "";
        }
        break;

      case S_QUERY:
        if ((!stateOverride && c === 0x23) || c === EOF) {
          url.query += percentEncodeString(buffer, isSpecialScheme(url.scheme) ? PE_SPECIAL_QUERY : PE_QUERY);
          buffer = "";
          if (c === 0x23) {
            url.fragment = "";
            state = S_FRAGMENT;
          }
        } else {
          buffer += input[p];
        }
        break;

      case S_FRAGMENT:
        if (c !== EOF) {
          buffer += input[p];
        } else {
          url.fragment += percentEncodeString(buffer, PE_FRAGMENT);
          buffer = "";
        }
        break;
    }
    // Done once the end was consumed; a state that stepped back (p--) sees the end again.
    if (p >= length) break;
  }
  return url;
}

function serializePath(url) {
  if (typeof url.path === "string") return url.path;
  let out = "";
  for (let i = 0; i < url.path.length; i++) out += "/" + url.path[i];
  return out;
}

function serializeURL(url, excludeFragment) {
  let out = url.scheme + ":";
  if (url.host !== null) {
    out += "//";
    if (includesCredentials(url)) {
      out += url.username;
      if (url.password !== "") out += ":" + url.password;
      out += "@";
    }
    out += url.host;
    if (url.port !== null) out += ":" + url.port;
  } else if (typeof url.path !== "string" && url.path.length > 1 && url.path[0] === "") {
    out += "/.";
  }
  out += serializePath(url);
  if (url.query !== null) out += "?" + url.query;
  if (!excludeFragment && url.fragment !== null) out += "#" + url.fragment;
  return out;
}

function serializeOrigin(url) {
  switch (url.scheme) {
    case "blob": {
      const inner = basicURLParse(serializePath(url), null);
      if (inner !== null && (inner.scheme === "http" || inner.scheme === "https")) return serializeOrigin(inner);
      return "null";
    }
    case "ftp":
    case "http":
    case "https":
    case "ws":
    case "wss":
      return url.scheme + "://" + url.host + (url.port !== null ? ":" + url.port : "");
    default:
      return "null";
  }
}
