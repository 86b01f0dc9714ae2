// fake-host.js: a stand-in for the engine's HostServices.call, for harness scripts. Loaded with
// harness.load(); installs harness.onHostCall. Requests are decoded with the prelude's own wire
// codec; replies are [true, value] or [false, error].
//
//   {op: "fetch", request}: https://echo.test/... answers 200 with a JSON description of the
//     request ({method, url, headers, body}); https://status.test/<n> answers status n;
//     anything else fails with the platform's "not permitted" error.
//   {op: "callStub", stub, method, args}: a stub of kind "echo" answers fetch like echo.test
//     and any other method with {kind, id, method, args}.
//   {op: "loader.get" | "loader.load" | "loader.call", ...}: recorded in fakeHost.log; see
//     tests/host/loader.test.js.
//   Anything else is refused (status -1), as the default HostServices does.

const fakeHost = {
  requests: [], // every decoded request, for assertions
  handlers: {}, // op -> (request) => value; may throw to answer [false, error]
};



fakeHost.handlers.fetch = (message) => {
  const request = message.request;
  const url = new URL(request.url);
  if (url.hostname === "echo.test") return echo(request);
  if (url.hostname === "status.test") return new Response(null, { status: Number(url.pathname.slice(1)) || 500 });
  throw new Error("This worker is not permitted to access the internet via global functions like fetch(). It must use Fetchers.");
};

fakeHost.handlers.callStub = (message) => {
  const ref = harness.hooks.internals.stubTarget(message.stub);
  if (ref.kind !== "echo") throw new TypeError(`no such binding kind ${ref.kind}`);
  if (message.method === "fetch") return echo(message.args[0]);
  if (message.method === "fail") throw new RangeError("the echo binding was asked to fail");
  return { kind: ref.kind, id: ref.id, method: message.method, args: message.args };
};

// Request bodies arrive as bytes, so the echo can read them without awaiting: the wire bytes of
// the request are decoded again and the body taken from the encoded form.
function echo(request) {
  const { encode } = harness.hooks.internals;
  const bytes = new Uint8Array(encode(request));
  const body = bodyOfEncodedRequest(bytes);
  const description = {
    method: request.method,
    url: request.url,
    headers: [...request.headers],
    body: body === null ? null : new TextDecoder().decode(body),
  };
  return new Response(JSON.stringify(description), { headers: { "content-type": "application/json", "x-echo": "1" } });
}

// The body is the last field of a 0x12 value: either 0x01 (null) or 0x0D varuint bytes.
function bodyOfEncodedRequest(bytes) {
  // Walk: tag, method string, url string, headers, body.
  let p = 1;
  const varuint = () => {
    let v = 0, scale = 1, b;
    do {
      b = bytes[p++];
      v += (b & 0x7f) * scale;
      scale *= 128;
    } while (b & 0x80);
    return v;
  };
  const string = () => {
    p++; // tag 0x07
    const n = varuint();
    p += n;
  };
  string();
  string();
  const headers = varuint();
  for (let i = 0; i < headers; i++) {
    string();
    string();
  }
  if (bytes[p] === 0x01) return null;
  p++;
  const n = varuint();
  return bytes.subarray(p, p + n);
}

harness.onHostCall = (buffer) => {
  const { encode, decode } = harness.hooks.internals;
  const message = decode(buffer);
  fakeHost.requests.push(message);
  const handler = fakeHost.handlers[message.op];
  if (!handler) return -1;
  try {
    return encode([true, handler(message)]);
  } catch (e) {
    return encode([false, e]);
  }
};
