// Small JS workloads, run unchanged by Radicchio (as a worker module) and by quickjs4j (as a script).
function fib(n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

function stringBuild() {
  let s = "";
  for (let i = 0; i < 20000; i++) s += String.fromCharCode(97 + (i % 26));
  return s.length;
}

const jsonText = JSON.stringify(Array.from({ length: 500 }, (_, i) => ({ id: i, name: "item " + i, tags: ["a", "b", "c"], price: i * 1.25, ok: i % 2 === 0 })));
function json() {
  const parsed = JSON.parse(jsonText);
  return JSON.stringify(parsed).length;
}

function regex() {
  const re = /([a-z]+)@([a-z]+)\.(com|org|net)/g;
  const text = "write to alice@example.com or bob@test.org, not carol@site.net; ".repeat(200);
  let n = 0;
  for (const m of text.matchAll(re)) n += m[1].length;
  return n;
}

function objectAlloc() {
  let total = 0;
  for (let i = 0; i < 20000; i++) {
    const o = { x: i, y: i * 2, z: [i, i + 1], s: "k" + (i % 100) };
    total += o.x + o.z[1];
  }
  return total;
}
