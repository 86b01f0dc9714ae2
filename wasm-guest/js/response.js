// response.js: Response (Fetch Standard): constructor validation (status 200..599, reason
// phrase, no body for 101/103/204/205/304), Response.json/redirect/error, clone(), and the Body
// methods. Responses cross the wire (tag 0x13) as status, statusText, headers and body bytes.

const nullBodyStatuses = { __proto__: null, 101: true, 103: true, 204: true, 205: true, 304: true };
const redirectStatuses = { __proto__: null, 301: true, 302: true, 303: true, 307: true, 308: true };
// reason-phrase = *( HTAB / SP / VCHAR / obs-text )
const reasonPhrase = /^[\t\x20-\x7e\x80-\xff]*$/;

let responseInternals;
// An internal `new Response()` (adopt) takes these ready fields instead of its arguments.
// Variables rather than a record: one object fewer per adopted response.
let adoptingResponse = false;
let adoptedStatus = 0;
let adoptedStatusText = "";
let adoptedResponseHeaders = null;
let adoptedResponseBody = null;

// statusText, type, url and redirected, as nearly every Response has them; the record that holds
// them is made only for a Response where one differs.
const DEFAULT_STATUS_TEXT = "";
const DEFAULT_TYPE = "default";
const DEFAULT_URL = "";

function newResponseRareFields() {
  return { __proto__: null, statusText: DEFAULT_STATUS_TEXT, type: DEFAULT_TYPE, url: DEFAULT_URL, redirected: false };
}

// What the wire carries for a Response whose headers are still only a Content-Type or none
// (see #headers). Shared and frozen: the encoders only read them.
const NO_HEADER_NAMES = ObjectFreeze([]);
const NO_HEADER_VALUES = ObjectFreeze([]);
const CONTENT_TYPE_NAME = ObjectFreeze(["content-type"]);

class Response {
  #status;
  // A Headers object; or, until something asks for one, what a new one would hold: null for no
  // header, a string for a body's Content-Type alone. Most responses leave the isolate without
  // their headers looked at, and making the Headers object was a quarter of `new Response(text)`.
  #headers;
  #body;
  // statusText, type, url and redirected in one record, or null while all four are the defaults
  // above: each private field costs every new Response its own setup, and most responses never
  // set these. Read through the getters below; changed through #rareFields().
  #rare = null;

  constructor(body = null, init = undefined) {
    if (adoptingResponse) {
      adoptingResponse = false;
      this.#status = adoptedStatus;
      if (adoptedStatusText !== DEFAULT_STATUS_TEXT) this.#rareFields().statusText = adoptedStatusText;
      this.#headers = adoptedResponseHeaders;
      this.#body = adoptedResponseBody;
      adoptedResponseHeaders = adoptedResponseBody = null; // (kept alive by the response only)
      return;
    }
    let status = 200;
    this.#headers = null;
    if (init !== undefined && init !== null) {
      if (typeof init !== "object") {
        throw new $TypeError("Failed to construct 'Response': The provided value is not of type 'ResponseInit'.");
      }
      status = init.status === undefined ? 200 : $Number(init.status);
      if (!(status >= 200 && status <= 599) || MathTrunc(status) !== status) {
        throw new $RangeError(`Failed to construct 'Response': The status provided (${init.status}) is outside the range [200, 599].`);
      }
      const statusText = init.statusText === undefined ? "" : $String(init.statusText);
      // (The empty default matches: no need to run the expression for it.)
      if (statusText !== "" && !RegExpPrototypeTest(reasonPhrase, statusText)) throw new $TypeError("Failed to construct 'Response': Invalid statusText.");
      if (statusText !== DEFAULT_STATUS_TEXT) this.#rareFields().statusText = statusText;
      const headersInit = init.headers;
      if (headersInit !== undefined) this.#headers = new Headers(headersInit);
      if (init.webSocket !== undefined && init.webSocket !== null) throw new $TypeError("WebSocket responses are not supported.");
    }
    this.#status = status;
    if (body !== null && body !== undefined) {
      if (nullBodyStatuses[status]) throw new $TypeError(`Response with null body status (${status}) cannot have body.`);
      this.#body = extractBody(body);
      const contentType = extractedContentType;
      if (contentType !== null) {
        if (this.#headers === null) this.#headers = contentType;
        else headersInternals.appendContentTypeUnlessPresent(this.#headers, contentType);
      }
    } else {
      this.#body = null;
    }
  }

  static error() {
    const r = adopt(0, "", headersInternals.fromLists([], [], true), null);
    r.#rareFields().type = "error";
    return r;
  }

  static redirect(url, status = 302) {
    const href = parseAbsoluteURL(url);
    if (href === null) throw new $TypeError(`Invalid URL: ${safeString(url)}`);
    status = $Number(status);
    if (!redirectStatuses[status]) throw new $RangeError(`Invalid status code ${status}: it must be 301, 302, 303, 307 or 308.`);
    return adopt(status, "", headersInternals.fromLists(["location"], [href], true), null);
  }

  static json(data, init = undefined) {
    const text = JSONStringify(data);
    if (text === undefined) throw new $TypeError("The data is not JSON serializable.");
    if (init !== undefined && init !== null && typeof init !== "object") {
      throw new $TypeError("Failed to execute 'json': The provided value is not of type 'ResponseInit'.");
    }
    const headers = new Headers(init == null || init.headers === undefined ? undefined : init.headers);
    if (!headers.has("content-type")) headers.set("content-type", "application/json");
    return new Response(text, { status: init == null ? undefined : init.status, statusText: init == null ? undefined : init.statusText, headers });
  }

  // The Headers object, made from what #headers holds until then.
  #headersObject() {
    const held = this.#headers;
    if (held !== null && typeof held === "object") return held;
    const headers = new Headers();
    if (held !== null) headersInternals.appendContentTypeUnlessPresent(headers, held);
    this.#headers = headers;
    return headers;
  }

  // The record of rare fields, made (with the defaults) when one of them is about to change.
  #rareFields() {
    if (this.#rare === null) this.#rare = newResponseRareFields();
    return this.#rare;
  }
  get type() {
    const rare = this.#rare;
    return rare === null ? DEFAULT_TYPE : rare.type;
  }
  get url() {
    const rare = this.#rare;
    return rare === null ? DEFAULT_URL : rare.url;
  }
  get redirected() {
    const rare = this.#rare;
    return rare === null ? false : rare.redirected;
  }
  get status() {
    return this.#status;
  }
  get ok() {
    return this.#status >= 200 && this.#status <= 299;
  }
  get statusText() {
    const rare = this.#rare;
    return rare === null ? DEFAULT_STATUS_TEXT : rare.statusText;
  }
  get headers() {
    return this.#headersObject();
  }
  get webSocket() {
    return null;
  }
  get cf() {
    return undefined;
  }
  clone() {
    const body = cloneBody(this.#body);
    const held = this.#headers;
    const r = adopt(this.#status, DEFAULT_STATUS_TEXT, held !== null && typeof held === "object" ? new Headers(held) : held, body);
    const rare = this.#rare;
    if (rare !== null) {
      const copy = r.#rareFields();
      copy.statusText = rare.statusText;
      copy.type = rare.type;
      copy.url = rare.url;
      copy.redirected = rare.redirected;
    }
    return r;
  }
  [inspectCustom](depth, options, inspectFn) {
    const rare = this.#rare === null ? newResponseRareFields() : this.#rare;
    return "Response " + inspectFn({
      status: this.#status, statusText: rare.statusText, headers: this.#headersObject(), ok: this.ok,
      redirected: rare.redirected, url: rare.url, bodyUsed: isBodyUsed(this.#body),
    }, options);
  }

  static {
    responseInternals = {
      __proto__: null,
      is: (o) => o !== null && typeof o === "object" && #status in o,
      body(o) {
        if (!responseInternals.is(o)) throw new $TypeError("Illegal invocation");
        return o.#body;
      },
      headers(o) {
        if (!responseInternals.is(o)) throw new $TypeError("Illegal invocation");
        return o.#headersObject();
      },
      setURL(o, url) {
        o.#rareFields().url = url;
      },
      // Calls write(status, statusText, names, values, body) with what the wire carries:
      // arguments rather than a returned record (an object per encode costs more than the call).
      passWireParts: (o, write) => {
        const statusText = o.#rare === null ? DEFAULT_STATUS_TEXT : o.#rare.statusText;
        const held = o.#headers;
        if (held === null) write(o.#status, statusText, NO_HEADER_NAMES, NO_HEADER_VALUES, bodyBytesForWire(o.#body));
        else if (typeof held === "string") write(o.#status, statusText, CONTENT_TYPE_NAME, [held], bodyBytesForWire(o.#body));
        else write(o.#status, statusText, headersInternals.names(held), headersInternals.values(held), bodyBytesForWire(o.#body));
      },
    };
  }
}
setToStringTag(Response, "Response");
defineBodyMethods(Response, responseInternals.body, responseInternals.headers);

// A Response with the given fields, no checks (headers: a Headers object, or what #headers holds
// in its place).
function adopt(status, statusText, headers, body) {
  adoptedStatus = status;
  adoptedStatusText = statusText;
  adoptedResponseHeaders = headers;
  adoptedResponseBody = body;
  adoptingResponse = true;
  return new Response();
}

function isResponseObject(o) {
  return responseInternals.is(o);
}

// passResponseWireParts(response, write): see passWireParts above (for the wire encoder).
const passResponseWireParts = responseInternals.passWireParts;

// A Response from the wire (fetch() results): trusted fields, immutable headers, as in workerd.
function responseFromWire(status, statusText, headerLists, bodyBuffer) {
  return adopt(status, statusText, headersInternals.fromLists(headerLists[0], headerLists[1], true),
    bodyBuffer === null ? null : newBody(new $Uint8Array(bodyBuffer), null));
}
