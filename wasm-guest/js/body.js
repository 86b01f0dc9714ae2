// body.js: the Body mixin of the Fetch Standard, shared by Request and Response.
//
// A body is a small record {bytes, stream, used}: `bytes` (a Uint8Array, never mutated, so that
// clones may share it) until the worker touches `.body`, then `stream` (a ReadableStream that
// yields those bytes). Bodies made from a ReadableStream start as `stream`. Before a body
// leaves the isolate (a fetch() request, a handler's response) it is read to the end and
// becomes bytes again (settleBody); the wire encoder takes only bytes (bodyBytesForWire).
//
// Supported body inits: null, string, ArrayBuffer, ArrayBufferView, URLSearchParams,
// ReadableStream, Blob (blob.js), and anything else as its string value. FormData is not
// supported.

function newBody(bytes, stream) {
  return { __proto__: null, bytes, stream, used: false };
}

// The Content-Type of the body extractBody returned last (null for none). A variable rather
// than a {body, contentType} result: one object fewer for every Request or Response with a body.
// Read it right after the call.
let extractedContentType = null;

// "Extract a body": returns the body record (null for a null init) and sets extractedContentType.
// Each path sets it after the last code a worker may have replaced (a getter, a toString) has
// run, since that code may extract a body of its own.
function extractBody(init) {
  if (init === null || init === undefined) return bodyWithContentType(null, null);
  if (typeof init === "string") return bodyWithContentType(newBody(utf8Encode(init), null), "text/plain;charset=UTF-8");
  if (typeof init === "object" || typeof init === "function") {
    if (ArrayBufferIsView(init) || isArrayBuffer(init)) return bodyWithContentType(newBody(copyBufferSource(init, "The body"), null), null);
    if (streamInternals.is(init)) {
      if (init.locked || streamInternals.isDisturbed(init)) throw new $TypeError("The ReadableStream body is locked or was already read.");
      return bodyWithContentType(newBody(null, init), null);
    }
    if (blobInternals.is(init)) {
      const type = blobInternals.type(init);
      return bodyWithContentType(newBody(blobInternals.bytes(init), null), type === "" ? null : type);
    }
    try {
      const pairs = searchParamsPairs(init);
      return bodyWithContentType(newBody(utf8Encode(serializeFormURLEncoded(pairs)), null), "application/x-www-form-urlencoded;charset=UTF-8");
    } catch {}
  }
  return bodyWithContentType(newBody(utf8Encode($String(init)), null), "text/plain;charset=UTF-8");
}

function bodyWithContentType(body, contentType) {
  extractedContentType = contentType;
  return body;
}

// The `body` attribute: a ReadableStream, created on first access for a bytes body.
function bodyStream(body) {
  if (body === null) return null;
  if (body.stream === null) {
    const bytes = body.bytes;
    body.stream = new ReadableStream({
      start(controller) {
        if (TypedArrayPrototypeGetLength(bytes) > 0) controller.enqueue(TypedArrayPrototypeSlice(bytes));
        controller.close();
      },
    });
    body.bytes = null;
  }
  return body.stream;
}

function isBodyUsed(body) {
  return body !== null && (body.used || (body.stream !== null && streamInternals.isDisturbed(body.stream)));
}

const bodyUsedMessage = "Body has already been used. It can only be used once. Use tee() first if you need to read it twice.";

// Reads the whole body (once). Resolves to a Uint8Array that the caller may keep.
async function consumeBody(body) {
  if (body === null) return new $Uint8Array(0);
  if (isBodyUsed(body)) throw new $TypeError(bodyUsedMessage);
  if (body.stream !== null && body.stream.locked) throw new $TypeError("The body's stream is locked to a reader.");
  body.used = true;
  if (body.stream !== null) return readAllBytes(body.stream);
  return body.bytes;
}

function cloneBody(body) {
  if (body === null) return null;
  if (isBodyUsed(body)) throw new $TypeError(bodyUsedMessage);
  if (body.stream !== null) {
    const settled = settledStreamBytes(body.stream);
    if (settled !== null) return newBody(settled, null);
    const branches = body.stream.tee();
    body.stream = branches[0];
    return newBody(null, branches[1]);
  }
  return newBody(body.bytes, null);
}

// The bytes of a stream that was closed with everything still queued and nobody reading: a body
// made from bytes whose `.body` was only looked at. null otherwise.
function settledStreamBytes(stream) {
  const chunks = streamInternals.settledChunks(stream);
  if (chunks === null) return null;
  let total = 0;
  const parts = [];
  for (let i = 0; i < chunks.length; i++) {
    parts[i] = chunkBytes(chunks[i]);
    total += TypedArrayPrototypeGetLength(parts[i]);
  }
  return concatChunks(parts, total);
}

// Turns a stream body back into bytes by reading it to the end (before the body leaves).
// Callers `await` what it returns: undefined when the body is bytes already (nearly every
// body), else a promise. Not itself async, so that common case makes no promise and no async
// frame on every request; the caller's `await` takes the same one tick either way.
function settleBody(body) {
  if (body === null || body.stream === null) return undefined;
  if (isBodyUsed(body) || body.stream.locked) throw new $TypeError(bodyUsedMessage);
  const settled = settledStreamBytes(body.stream);
  if (settled === null) return readStreamIntoBody(body);
  body.bytes = settled;
  body.stream = null;
  return undefined;
}

async function readStreamIntoBody(body) {
  body.bytes = await readAllBytes(body.stream);
  body.stream = null;
}

// The body as the wire needs it: a Uint8Array or null. Only bytes bodies (or settled streams)
// can cross synchronously.
function bodyBytesForWire(body) {
  if (body === null) return null;
  if (isBodyUsed(body)) throw new $TypeError(bodyUsedMessage);
  if (body.stream !== null) {
    const settled = settledStreamBytes(body.stream);
    if (settled === null) {
      throw dataCloneError("A Request or Response whose body is a stream still being written cannot be sent; read it first.");
    }
    return settled;
  }
  return body.bytes;
}

// "Mime type" for blob(): the Content-Type header, or "".
function bodyMimeType(headers) {
  const type = headers.get("content-type");
  return type === null ? "" : type;
}

// text(), json(), arrayBuffer(), bytes(), blob(), formData() on a class, given its body record
// and headers (functions that also brand-check `this`).
function defineBodyMethods(Class, getBody, getHeaders) {
  const methods = {
    async arrayBuffer() {
      const bytes = await consumeBody(getBody(this));
      return ArrayBufferPrototypeSlice(TypedArrayPrototypeGetBuffer(bytes), TypedArrayPrototypeGetByteOffset(bytes),
        TypedArrayPrototypeGetByteOffset(bytes) + TypedArrayPrototypeGetByteLength(bytes));
    },
    async bytes() {
      return TypedArrayPrototypeSlice(await consumeBody(getBody(this)));
    },
    async text() {
      return utf8DecodeWithBOM(await consumeBody(getBody(this)));
    },
    async json() {
      return JSONParse(utf8DecodeWithBOM(await consumeBody(getBody(this))));
    },
    async blob() {
      const type = bodyMimeType(getHeaders(this));
      return newBlobFromBytes(TypedArrayPrototypeSlice(await consumeBody(getBody(this))), type);
    },
    async formData() {
      throw new $TypeError("formData() is not supported.");
    },
  };
  for (const name of ["arrayBuffer", "bytes", "text", "json", "blob", "formData"]) {
    ObjectDefineProperty(Class.prototype, name, { __proto__: null, value: methods[name], writable: true, enumerable: true, configurable: true });
  }
  ObjectDefineProperty(Class.prototype, "body", {
    __proto__: null,
    get() {
      return bodyStream(getBody(this));
    },
    enumerable: true,
    configurable: true,
  });
  ObjectDefineProperty(Class.prototype, "bodyUsed", {
    __proto__: null,
    get() {
      return isBodyUsed(getBody(this));
    },
    enumerable: true,
    configurable: true,
  });
}

// "UTF-8 decode": a leading BOM is dropped, malformed bytes become U+FFFD.
function utf8DecodeWithBOM(bytes) {
  const len = TypedArrayPrototypeGetByteLength(bytes);
  let start = 0;
  if (len >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) start = 3;
  if (len - start === 0) return "";
  return nativeDecodeUtf8(TypedArrayPrototypeGetBuffer(bytes), TypedArrayPrototypeGetByteOffset(bytes) + start, len - start, 0);
}
