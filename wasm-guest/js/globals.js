// globals.js: puts the web APIs on the global object, non-enumerable like WebIDL interfaces
// and browser globals, writable and configurable so that a worker may polyfill over them.

class Navigator {
  get userAgent() {
    return "Cloudflare-Workers";
  }
  get hardwareConcurrency() {
    return 1;
  }
  get language() {
    return "en";
  }
  get languages() {
    return ["en"];
  }
}
setToStringTag(Navigator, "Navigator");

const webGlobals = {
  __proto__: null,
  // encoding.js
  TextEncoder, TextDecoder, atob, btoa,
  // domexception.js, events.js
  DOMException, Event, CustomEvent, EventTarget, AbortController, AbortSignal,
  // timers.js
  setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, scheduler, performance, Performance,
  // console.js, crypto.js
  console, crypto, Crypto,
  // url.js, urlsearchparams.js
  URL, URLSearchParams,
  // headers.js, streams.js, blob.js, request.js, response.js, fetch.js
  Headers, ReadableStream, ReadableStreamDefaultReader, ReadableStreamDefaultController,
  WritableStream, WritableStreamDefaultWriter, WritableStreamDefaultController,
  TransformStream, TransformStreamDefaultController, IdentityTransformStream,
  Blob, File, Request, Response, fetch,
  // clone.js
  structuredClone,
  navigator: new Navigator(),
  Navigator,
};

for (const name in webGlobals) defineHidden(globalObject, name, webGlobals[name]);
defineHidden(globalObject, "self", globalObject);
defineHidden($Math, "random", mathRandom);
