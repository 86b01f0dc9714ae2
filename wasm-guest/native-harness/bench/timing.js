// timing.js: the one helper the benchmarks here share (load it with harness.load).
// time(label, iterations, fn): runs fn once to warm it, then `iterations` more times in ten
// batches, and prints the fastest batch's time per call. The machine is shared: the fastest
// batch is the one least disturbed by other processes, so it is the steadiest figure to compare.
function time(label, iterations, fn) {
  fn();
  const batches = 10;
  const perBatch = Math.max(1, Math.ceil(iterations / batches));
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    const start = performance.now();
    for (let i = 0; i < perBatch; i++) fn();
    best = Math.min(best, (performance.now() - start) / perBatch);
  }
  console.log(`${label}: ${(best * 1000).toFixed(2)} µs`);
}
