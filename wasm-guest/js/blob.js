// blob.js: Blob and File (File API), holding their bytes in memory. Enough for response.blob(),
// new Response(blob) and the usual text()/arrayBuffer()/bytes()/slice()/stream() calls.

let blobInternals;

class Blob {
  #bytes; // Uint8Array, never mutated
  #type;

  constructor(parts = undefined, options = undefined) {
    const chunks = [];
    let total = 0;
    if (parts !== undefined) {
      if (parts === null || typeof parts !== "object" || typeof parts[SymbolIterator] !== "function") {
        throw new $TypeError("Failed to construct 'Blob': The provided value cannot be converted to a sequence.");
      }
      for (const part of parts) {
        let bytes;
        if (part !== null && typeof part === "object" && #bytes in part) bytes = part.#bytes;
        else if (ArrayBufferIsView(part) || isArrayBuffer(part)) bytes = copyBufferSource(part, "A blob part");
        else bytes = utf8Encode($String(part));
        chunks[chunks.length] = bytes;
        total += TypedArrayPrototypeGetLength(bytes);
      }
    }
    this.#bytes = concatChunks(chunks, total);
    this.#type = blobType(options);
  }
  get size() {
    return TypedArrayPrototypeGetLength(this.#bytes);
  }
  get type() {
    return this.#type;
  }
  slice(start = undefined, end = undefined, contentType = undefined) {
    const size = TypedArrayPrototypeGetLength(this.#bytes);
    const clamp = (v, fallback) => {
      if (v === undefined) return fallback;
      v = MathTrunc($Number(v)) || 0;
      return v < 0 ? MathMax(size + v, 0) : MathMin(v, size);
    };
    const from = clamp(start, 0);
    const to = clamp(end, size);
    const blob = new Blob();
    blob.#bytes = TypedArrayPrototypeSubarray(this.#bytes, from, MathMax(from, to));
    blob.#type = contentType === undefined ? "" : blobType({ type: contentType });
    return blob;
  }
  async text() {
    return utf8DecodeWithBOM(this.#bytes);
  }
  async arrayBuffer() {
    return TypedArrayPrototypeGetBuffer(TypedArrayPrototypeSlice(this.#bytes));
  }
  async bytes() {
    return TypedArrayPrototypeSlice(this.#bytes);
  }
  stream() {
    const bytes = this.#bytes;
    return new ReadableStream({
      start(controller) {
        if (TypedArrayPrototypeGetLength(bytes) > 0) controller.enqueue(TypedArrayPrototypeSlice(bytes));
        controller.close();
      },
    });
  }
  static {
    blobInternals = {
      __proto__: null,
      is: (o) => o !== null && typeof o === "object" && #bytes in o,
      bytes: (b) => b.#bytes,
      type: (b) => b.#type,
      make(bytes, type) {
        const blob = new Blob();
        blob.#bytes = bytes;
        blob.#type = type;
        return blob;
      },
    };
    registerPlatformClass(blobInternals.is);
  }
}
setToStringTag(Blob, "Blob");

// The type option, lower-cased; "" if it has characters outside U+0020..U+007E.
function blobType(options) {
  if (options == null || options.type === undefined) return "";
  const type = $String(options.type);
  for (let i = 0; i < type.length; i++) {
    const c = StringPrototypeCharCodeAt(type, i);
    if (c < 0x20 || c > 0x7e) return "";
  }
  return asciiLowercase(type);
}

function newBlobFromBytes(bytes, type) {
  return blobInternals.make(bytes, blobType({ type }));
}

class File extends Blob {
  #name;
  #lastModified;
  constructor(parts, name, options = undefined) {
    if (name === undefined && nativeArgCount() < 2) throw new $TypeError("Failed to construct 'File': 2 arguments required.");
    super(parts, options);
    this.#name = $String(name);
    this.#lastModified = options != null && options.lastModified !== undefined ? $Number(options.lastModified) : nativeNow();
  }
  get name() {
    return this.#name;
  }
  get lastModified() {
    return this.#lastModified;
  }
}
setToStringTag(File, "File");
