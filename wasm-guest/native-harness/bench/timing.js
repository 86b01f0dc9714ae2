// timing.js: the one helper the benchmarks here share (load it with harness.load).
// time(label, iterations, fn): runs fn once to warm it, then prints the mean time per call.
function time(label, iterations, fn) {
  fn();
  const start = performance.now();
  for (let i = 0; i < iterations; i++) fn();
  const perCall = (performance.now() - start) / iterations;
  console.log(`${label}: ${(perCall * 1000).toFixed(2)} µs`);
}
