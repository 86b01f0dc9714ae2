// request.js: Request (Fetch Standard), as workers see it: method, url, headers, redirect,
// signal, cf, body and the Body methods, clone(). No mode/credentials/cache semantics: there is
// no browser around. Requests cross the wire (tag 0x12) as method, url, headers and body bytes.

const forbiddenMethods = { __proto__: null, CONNECT: true, TRACE: true, TRACK: true };
const normalizedMethods = { __proto__: null, DELETE: "DELETE", GET: "GET", HEAD: "HEAD", OPTIONS: "OPTIONS", POST: "POST", PUT: "PUT" };

function normalizeMethod(method) {
  method = $String(method);
  if (!RegExpPrototypeTest(HTTP_TOKEN_CODE_POINTS, method)) throw new $TypeError(`'${method}' is not a valid HTTP method.`);
  const upper = StringPrototypeToUpperCase(method);
  if (forbiddenMethods[upper]) throw new $TypeError(`'${method}' HTTP method is unsupported.`);
  return normalizedMethods[upper] || method;
}

// redirect, signal and cf as nearly every Request has them (a null signal: none given, one that
// never aborts is made when first read); the record that holds them is made only for a Request
// where one differs.
const DEFAULT_REDIRECT = "follow";

function newRequestRareFields(redirect, signal, cf) {
  return { __proto__: null, redirect, signal, cf };
}

let requestInternals;
// An internal `new Request()` (adoptRequest) takes these ready fields instead of its arguments.
// Variables rather than a record: one object fewer for every request from the wire.
let adoptingRequest = false;
let adoptedMethod = null;
let adoptedURL = null;
let adoptedHeaders = null;
let adoptedBody = null;

class Request {
  #method;
  #url;
  // A Headers. A request from the wire holds its header lists instead, as a [names, values]
  // array, until something needs the Headers (#headersObject): a handler that never reads them
  // skips making them. (An array, because no Headers can ever be one: the test is tamper-proof.)
  #headers;
  #body; // body record or null
  // redirect, signal and cf in one record, or null while all three are the defaults above: each
  // private field costs every new Request its own setup, and most requests never set these.
  #rare = null;

  constructor(input, init = undefined) {
    if (adoptingRequest) {
      adoptingRequest = false;
      this.#method = adoptedMethod;
      this.#url = adoptedURL;
      this.#headers = adoptedHeaders;
      this.#body = adoptedBody;
      adoptedHeaders = adoptedBody = null; // (kept alive by the request only)
      return;
    }
    if (input === undefined && nativeArgCount() === 0) throw new $TypeError("Failed to construct 'Request': 1 argument required, but only 0 present.");
    const source = input !== null && typeof input === "object" && #method in input ? input : null;
    if (init !== undefined && init !== null && typeof init !== "object") {
      throw new $TypeError("Failed to construct 'Request': The provided value is not of type 'RequestInit'.");
    }
    init = init == null ? {} : init;

    if (source === null) {
      const href = parseAbsoluteURL(input);
      if (href === null) throw new $TypeError(`Invalid URL: ${safeString(input)}`);
      this.#url = href;
    } else {
      this.#url = source.#url;
    }

    this.#method = init.method !== undefined ? normalizeMethod(init.method) : source !== null ? source.#method : "GET";

    const redirect = init.redirect !== undefined ? $String(init.redirect) : source !== null ? source.#redirectMode() : DEFAULT_REDIRECT;
    if (redirect !== "follow" && redirect !== "error" && redirect !== "manual") {
      throw new $TypeError(`Invalid redirect value, must be one of "follow" or "manual" ("error" won't be implemented since it does not make sense at the edge; use "manual" and check the response status code).`);
    }

    const signal = init.signal !== undefined ? init.signal : source !== null ? source.#givenSignal() : null;
    if (signal !== null && !isAbortSignal(signal)) throw new $TypeError("The \"signal\" option must be an AbortSignal.");

    const cf = init.cf !== undefined ? init.cf : source !== null ? source.#cfObject() : undefined;
    if (redirect !== DEFAULT_REDIRECT || signal !== null || cf !== undefined) this.#rare = newRequestRareFields(redirect, signal, cf);

    if (init.headers !== undefined) this.#headers = new Headers(init.headers);
    else this.#headers = source !== null ? new Headers(source.#headersObject()) : new Headers();

    const hasInitBody = init.body !== undefined && init.body !== null;
    if (hasInitBody && (this.#method === "GET" || this.#method === "HEAD")) {
      throw new $TypeError("Request with a GET or HEAD method cannot have a body.");
    }
    if (init.body !== undefined) {
      this.#body = extractBody(init.body);
      if (extractedContentType !== null) headersInternals.appendContentTypeUnlessPresent(this.#headers, extractedContentType);
    } else if (source !== null && source.#body !== null) {
      if (isBodyUsed(source.#body)) throw new $TypeError(bodyUsedMessage);
      // The body moves to the new request; the source is left disturbed, as the standard says.
      this.#body = source.#body;
      source.#body = newBody(new $Uint8Array(0), null);
      source.#body.used = true;
      if (this.#method === "GET" || this.#method === "HEAD") this.#body = null;
    } else {
      this.#body = null;
    }
  }

  get method() {
    return this.#method;
  }
  get url() {
    return this.#url;
  }
  get headers() {
    const headers = this.#headers;
    return ArrayIsArray(headers) ? this.#headersObject() : headers;
  }
  #redirectMode() {
    return this.#rare === null ? DEFAULT_REDIRECT : this.#rare.redirect;
  }
  // The signal given (or made by a read of .signal), null if none.
  #givenSignal() {
    return this.#rare === null ? null : this.#rare.signal;
  }
  #cfObject() {
    return this.#rare === null ? undefined : this.#rare.cf;
  }
  get redirect() {
    return this.#redirectMode();
  }
  get signal() {
    // A request always has a signal; one that was not given never aborts.
    if (this.#rare === null) this.#rare = newRequestRareFields(DEFAULT_REDIRECT, null, undefined);
    if (this.#rare.signal === null) this.#rare.signal = new AbortController().signal;
    return this.#rare.signal;
  }
  get cf() {
    return this.#cfObject();
  }
  get integrity() {
    return "";
  }
  get keepalive() {
    return false;
  }
  // The Headers, made from the wire's lists on first need (immutable, as fromLists makes them).
  #headersObject() {
    const headers = this.#headers;
    if (!ArrayIsArray(headers)) return headers;
    return (this.#headers = headersInternals.fromLists(headers[0], headers[1], true));
  }
  clone() {
    const body = cloneBody(this.#body);
    const r = adoptRequest(this.#method, this.#url, new Headers(this.#headersObject()), body);
    const rare = this.#rare;
    if (rare !== null) r.#rare = newRequestRareFields(rare.redirect, rare.signal, rare.cf);
    return r;
  }
  [inspectCustom](depth, options, inspectFn) {
    return "Request " + inspectFn({ method: this.#method, url: this.#url, headers: this.#headersObject(), bodyUsed: isBodyUsed(this.#body) }, options);
  }

  static {
    requestInternals = {
      __proto__: null,
      is: (o) => o !== null && typeof o === "object" && #method in o,
      body(o) {
        if (!requestInternals.is(o)) throw new $TypeError("Illegal invocation");
        return o.#body;
      },
      headers(o) {
        if (!requestInternals.is(o)) throw new $TypeError("Illegal invocation");
        return o.#headersObject();
      },
      signal: (o) => o.#givenSignal(),
      // Calls write(method, url, names, values, body) with what the wire carries: arguments
      // rather than a returned record (an object per encode costs more than the call).
      passWireParts: (o, write) => {
        const headers = o.#headersObject();
        write(o.#method, o.#url, headersInternals.names(headers), headersInternals.values(headers), bodyBytesForWire(o.#body));
      },
    };
  }
}
setToStringTag(Request, "Request");
defineBodyMethods(Request, requestInternals.body, requestInternals.headers);

function isRequestObject(o) {
  return requestInternals.is(o);
}

// passRequestWireParts(request, write): see passWireParts above (for the wire encoder).
const passRequestWireParts = requestInternals.passWireParts;

// A Request with the given fields, no checks (headers: a Headers, or wire lists as #headers says).
function adoptRequest(method, url, headers, body) {
  adoptedMethod = method;
  adoptedURL = url;
  adoptedHeaders = headers;
  adoptedBody = body;
  adoptingRequest = true;
  return new Request();
}

// A Request from the wire: trusted fields, immutable headers (as workerd's incoming requests),
// made from the [names, values] lists when first needed.
function requestFromWire(method, url, headerLists, bodyBuffer) {
  return adoptRequest(method, url, headerLists, bodyBuffer === null ? null : newBody(new $Uint8Array(bodyBuffer), null));
}
