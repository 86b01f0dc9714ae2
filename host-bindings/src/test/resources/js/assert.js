// Tiny assertion helpers shared by the fixtures (imported as "./assert.js").
export function eq(actual, expected, what = "value") {
  if (actual !== expected && !(Number.isNaN(actual) && Number.isNaN(expected))) {
    throw new Error(`${what}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`);
  }
}
export function throws(fn, name, what = "call") {
  try { fn(); } catch (e) {
    if (name && e.name !== name) throw new Error(`${what}: expected ${name}, got ${e.name}: ${e.message}`);
    return e;
  }
  throw new Error(`${what}: expected ${name || "an exception"}, nothing was thrown`);
}
