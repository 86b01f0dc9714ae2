// Rough timings of the wire codec under the native harness (multiply by ~12 for Chicory).
// Usage: build/harness bench/wire.bench.js
const { encode, decode } = harness.hooks.internals;

harness.load("bench/timing.js");

const records = Array.from({ length: 1000 }, (_, i) => ({
  id: i, name: "user" + i, email: `user${i}@example.com`, active: i % 2 === 0, score: i * 1.5, tags: ["a", "b"],
}));
const call = { type: "fetch", entrypoint: null, request: new Request("https://example.com/api/items?page=2", { headers: { accept: "application/json", "user-agent": "bench" } }), props: {} };
const bigString = "x".repeat(1 << 20);
const unicodeString = "é😀".repeat(1 << 17);
const bigBuffer = new Uint8Array(1 << 20).buffer;

for (const [label, value, n] of [["call value", call, 2000], ["1000 records", records, 20], ["1 MiB ASCII string", bigString, 50],
  ["384 KiB non-ASCII string", unicodeString, 50], ["1 MiB ArrayBuffer", bigBuffer, 50]]) {
  const bytes = encode(value);
  time(`encode ${label} (${bytes.byteLength} bytes)`, n, () => encode(value));
  time(`decode ${label}`, n, () => decode(bytes));
}
