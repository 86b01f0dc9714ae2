// A worker whose handler throws, for the 500-with-request-id test.
function explode() {
  throw new TypeError("the frobnicator is not a function");
}

export default {
  fetch(request) {
    if (new URL(request.url).pathname === "/ok") {
      return new Response("fine");
    }
    explode();
  },
};
