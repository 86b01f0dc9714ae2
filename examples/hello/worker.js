// Greets whoever is named in ?name= (default: world), with the greeting from env.GREETING.
export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const name = url.searchParams.get("name") ?? "world";
    return new Response(`${env.GREETING}, ${name}!\n`, {
      headers: { "content-type": "text/plain; charset=utf-8" },
    });
  },
};
