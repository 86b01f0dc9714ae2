// fetch.js: the global fetch(). The request goes to the host as {op: "fetch", request}; the
// host answers [true, Response] or [false, Error] (thrown as is). Whether the worker may reach
// the network, and through what (globalOutbound), is the host's business. The host call is
// synchronous, so a signal can only abort a fetch before it is sent.

async function fetch(input, init = undefined) {
  const request = prepareOutgoingRequest(input, init);
  // A streamed request body is read to the end first: the wire carries bytes.
  await settleBody(requestInternals.body(request));
  const signal = requestInternals.signal(request);
  if (signal !== null && signal.aborted) throw signal.reason;
  const response = hostRequest({ op: "fetch", request });
  if (!isResponseObject(response)) throw new $TypeError("The host's fetch() reply is not a Response.");
  responseInternals.setURL(response, request.url);
  return response;
}
