// clone.js: structuredClone, as a round trip through the wire codec, so it clones exactly what
// can cross the isolate boundary (and throws DataCloneError for the rest). The `transfer`
// option is accepted, but nothing is transferred (buffers are copied, not detached).

function structuredClone(value, options = undefined) {
  if (value === undefined && nativeArgCount() === 0) throw new $TypeError("Failed to execute 'structuredClone': 1 argument required, but only 0 present.");
  return wireDecode(wireEncode(value));
}
