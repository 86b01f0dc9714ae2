// streams.js: a small subset of the Streams Standard, enough for bodies and the common ways
// workers build them.
//
// Supported: ReadableStream (start/pull/cancel sources, enqueue/close/error, getReader() with
// read/releaseLock/cancel/closed, tee, async iteration, pipeTo, pipeThrough,
// ReadableStream.from), WritableStream (start/write/close/abort sinks, getWriter() with
// write/close/abort/releaseLock/ready/closed), and TransformStream (transform/flush, identity by
// default; IdentityTransformStream is the same thing, as in workerd).
// Not supported: BYOB readers, queuing strategies (queues are unbounded: there is no
// backpressure; `desiredSize` is always 1 while open), transferring streams.
//
// Bodies of Request and Response are bytes internally (body.js); a stream only exists when the
// worker asks for `.body` or constructs a body from one, and a body built from a stream is read
// to the end before it leaves the isolate.

function newDeferred() {
  let resolve, reject;
  const promise = new $Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { __proto__: null, promise, resolve, reject };
}

// A promise rejection nobody may ever look at must not be reported as unhandled.
function markHandled(promise) {
  PromisePrototypeThen(promise, undefined, () => {});
  return promise;
}

let streamInternals;

class ReadableStreamDefaultController {
  #stream;
  constructor(key, stream) {
    if (key !== streamKey) throw new $TypeError("Illegal constructor");
    this.#stream = stream;
  }
  get desiredSize() {
    return streamInternals.desiredSize(this.#stream);
  }
  enqueue(chunk) {
    streamInternals.enqueue(this.#stream, chunk);
  }
  close() {
    streamInternals.close(this.#stream);
  }
  error(e) {
    streamInternals.error(this.#stream, e);
  }
}
setToStringTag(ReadableStreamDefaultController, "ReadableStreamDefaultController");
const streamKey = $Symbol("streams");

class ReadableStream {
  #state = "readable"; // "readable" | "closed" | "errored"
  #queue = [];
  #storedError = undefined;
  #reader = null;
  #readRequests = []; // deferreds of reads waiting for a chunk
  #closeRequested = false;
  #disturbed = false;
  #started = false;
  #pulling = false;
  #pullAgain = false;
  #source = null;
  #controller;

  constructor(underlyingSource = undefined, strategy = undefined) {
    this.#controller = new ReadableStreamDefaultController(streamKey, this);
    if (underlyingSource === undefined || underlyingSource === null) {
      this.#started = true;
      return;
    }
    if (underlyingSource.type !== undefined && $String(underlyingSource.type) !== "bytes") {
      throw new $RangeError(`Invalid type: ${underlyingSource.type}`);
    }
    this.#source = underlyingSource;
    const start = underlyingSource.start;
    let startResult;
    if (start !== undefined) {
      if (typeof start !== "function") throw new $TypeError("The source's start must be a function.");
      startResult = ReflectApply(start, underlyingSource, [this.#controller]);
    }
    PromisePrototypeThen(PromiseResolve(startResult), () => {
      this.#started = true;
      this.#pullIfNeeded();
    }, (e) => this.#error(e));
  }

  get locked() {
    return this.#reader !== null;
  }

  cancel(reason = undefined) {
    if (this.#reader !== null) return PromiseReject(new $TypeError("The stream is locked to a reader."));
    return this.#cancel(reason);
  }

  getReader(options = undefined) {
    if (options != null && options.mode !== undefined) {
      if ($String(options.mode) === "byob") throw new $TypeError("BYOB readers are not supported.");
      throw new $RangeError(`Invalid reader mode: ${options.mode}`);
    }
    return new ReadableStreamDefaultReader(this);
  }

  tee() {
    const reader = this.getReader();
    let controllerA, controllerB;
    let canceledA = false, canceledB = false;
    const pump = () => {
      PromisePrototypeThen(reader.read(), (step) => {
        if (step.done) {
          if (!canceledA) controllerA.close();
          if (!canceledB) controllerB.close();
          return;
        }
        if (!canceledA) controllerA.enqueue(step.value);
        if (!canceledB) controllerB.enqueue(step.value);
        pump();
      }, (e) => {
        controllerA.error(e);
        controllerB.error(e);
      });
    };
    const a = new ReadableStream({ start(c) { controllerA = c; }, cancel() { canceledA = true; if (canceledB) reader.cancel(); } });
    const b = new ReadableStream({ start(c) { controllerB = c; }, cancel() { canceledB = true; if (canceledA) reader.cancel(); } });
    pump();
    return [a, b];
  }

  values(options = undefined) {
    const reader = this.getReader();
    const preventCancel = options != null && !!options.preventCancel;
    const iterator = {
      next() {
        return PromisePrototypeThen(reader.read(), (step) => {
          if (step.done) reader.releaseLock();
          return step;
        });
      },
      return(value) {
        if (!preventCancel) {
          const cancelled = reader.cancel(value);
          reader.releaseLock();
          return PromisePrototypeThen(cancelled, () => ({ value, done: true }));
        }
        reader.releaseLock();
        return PromiseResolve({ value, done: true });
      },
    };
    ObjectSetPrototypeOf(iterator, AsyncIteratorPrototype);
    return iterator;
  }

  async pipeTo(destination, options = undefined) {
    const preventClose = options != null && !!options.preventClose;
    const preventAbort = options != null && !!options.preventAbort;
    const preventCancel = options != null && !!options.preventCancel;
    const signal = options != null ? options.signal : undefined;
    const reader = this.getReader();
    const writer = destination.getWriter();
    try {
      for (;;) {
        if (signal !== undefined && signal.aborted) throw signal.reason;
        const step = await reader.read();
        if (step.done) break;
        await writer.write(step.value);
      }
      if (!preventClose) await writer.close();
    } catch (e) {
      if (!preventAbort) await markHandled(writer.abort(e));
      if (!preventCancel) await markHandled(reader.cancel(e));
      throw e;
    } finally {
      reader.releaseLock();
      writer.releaseLock();
    }
  }

  pipeThrough(transform, options = undefined) {
    markHandled(this.pipeTo(transform.writable, options));
    return transform.readable;
  }

  static from(asyncIterable) {
    const method = asyncIterable[SymbolAsyncIterator] ?? asyncIterable[SymbolIterator];
    if (typeof method !== "function") throw new $TypeError("ReadableStream.from() needs an iterable.");
    const iterator = ReflectApply(method, asyncIterable, []);
    return new ReadableStream({
      async pull(controller) {
        const step = await iterator.next();
        if (step.done) controller.close();
        else controller.enqueue(await step.value);
      },
      async cancel(reason) {
        if (typeof iterator.return === "function") await iterator.return(reason);
      },
    });
  }

  // ---- internals ----

  #pullIfNeeded() {
    if (!this.#started || this.#state !== "readable" || this.#closeRequested) return;
    const pull = this.#source === null ? undefined : this.#source.pull;
    if (pull === undefined) return;
    // Pull while someone waits, or to keep one chunk ready (a high-water mark of 1).
    if (this.#readRequests.length === 0 && this.#queue.length > 0) return;
    if (this.#pulling) {
      this.#pullAgain = true;
      return;
    }
    this.#pulling = true;
    let result;
    try {
      result = ReflectApply(pull, this.#source, [this.#controller]);
    } catch (e) {
      this.#error(e);
      return;
    }
    PromisePrototypeThen(PromiseResolve(result), () => {
      this.#pulling = false;
      if (this.#pullAgain) {
        this.#pullAgain = false;
        this.#pullIfNeeded();
      }
    }, (e) => this.#error(e));
  }

  #enqueue(chunk) {
    if (this.#state !== "readable" || this.#closeRequested) throw new $TypeError("The stream is closed or errored; it cannot be enqueued to.");
    if (this.#readRequests.length > 0) {
      const request = this.#readRequests[0];
      ArrayPrototypeSplice(this.#readRequests, 0, 1);
      request.resolve({ value: chunk, done: false });
    } else {
      this.#queue[this.#queue.length] = chunk;
    }
    this.#pullIfNeeded();
  }

  #close() {
    if (this.#state !== "readable" || this.#closeRequested) throw new $TypeError("The stream is already closed.");
    this.#closeRequested = true;
    if (this.#queue.length === 0) this.#finishClose();
  }

  #finishClose() {
    this.#state = "closed";
    const requests = this.#readRequests;
    this.#readRequests = [];
    for (let i = 0; i < requests.length; i++) requests[i].resolve({ value: undefined, done: true });
    if (this.#reader !== null) readerInternals.resolveClosed(this.#reader);
  }

  #error(e) {
    if (this.#state !== "readable") return;
    this.#state = "errored";
    this.#storedError = e;
    this.#queue = [];
    const requests = this.#readRequests;
    this.#readRequests = [];
    for (let i = 0; i < requests.length; i++) requests[i].reject(e);
    if (this.#reader !== null) readerInternals.rejectClosed(this.#reader, e);
  }

  #cancel(reason) {
    this.#disturbed = true;
    if (this.#state === "closed") return PromiseResolve(undefined);
    if (this.#state === "errored") return PromiseReject(this.#storedError);
    this.#queue = [];
    this.#finishClose();
    const cancel = this.#source === null ? undefined : this.#source.cancel;
    if (cancel === undefined) return PromiseResolve(undefined);
    try {
      return PromisePrototypeThen(PromiseResolve(ReflectApply(cancel, this.#source, [reason])), () => undefined);
    } catch (e) {
      return PromiseReject(e);
    }
  }

  #read() {
    this.#disturbed = true;
    if (this.#queue.length > 0) {
      const chunk = this.#queue[0];
      ArrayPrototypeSplice(this.#queue, 0, 1);
      if (this.#closeRequested && this.#queue.length === 0) this.#finishClose();
      else this.#pullIfNeeded();
      return PromiseResolve({ value: chunk, done: false });
    }
    if (this.#state === "closed") return PromiseResolve({ value: undefined, done: true });
    if (this.#state === "errored") return PromiseReject(this.#storedError);
    const request = newDeferred();
    this.#readRequests[this.#readRequests.length] = request;
    this.#pullIfNeeded();
    return request.promise;
  }

  [inspectCustom]() {
    return `ReadableStream { locked: ${this.#reader !== null}, state: '${this.#state}', supportsBYOB: false }`;
  }

  static {
    streamInternals = {
      __proto__: null,
      is: (o) => o !== null && typeof o === "object" && #state in o,
      desiredSize: (s) => (s.#state === "errored" ? null : s.#state === "closed" || s.#closeRequested ? 0 : 1),
      enqueue: (s, chunk) => s.#enqueue(chunk),
      close: (s) => s.#close(),
      error: (s, e) => s.#error(e),
      read: (s) => s.#read(),
      cancel: (s, reason) => s.#cancel(reason),
      lock(s, reader) {
        if (s.#reader !== null) throw new $TypeError("The stream is already locked to a reader.");
        s.#reader = reader;
      },
      unlock(s) {
        s.#reader = null;
      },
      state: (s) => s.#state,
      storedError: (s) => s.#storedError,
      isDisturbed: (s) => s.#disturbed,
      // The chunks already queued, when the stream is closed and nothing was read: lets a body
      // made from such a stream stay bytes without a read loop.
      settledChunks: (s) => (s.#reader === null && !s.#disturbed && s.#closeRequested && s.#state !== "errored" ? s.#queue : null),
    };
    registerPlatformClass(streamInternals.is);
  }
}
setToStringTag(ReadableStream, "ReadableStream");
ObjectDefineProperty(ReadableStream.prototype, SymbolAsyncIterator, {
  __proto__: null, value: ReadableStream.prototype.values, writable: true, enumerable: false, configurable: true,
});
const AsyncIteratorPrototype = ObjectGetPrototypeOf(ObjectGetPrototypeOf(async function* () {}).prototype);

let readerInternals;

class ReadableStreamDefaultReader {
  #stream;
  #closed = newDeferred();

  constructor(stream) {
    if (!streamInternals.is(stream)) throw new $TypeError("ReadableStreamDefaultReader needs a ReadableStream.");
    streamInternals.lock(stream, this);
    this.#stream = stream;
    markHandled(this.#closed.promise);
    const state = streamInternals.state(stream);
    if (state === "closed") this.#closed.resolve(undefined);
    else if (state === "errored") this.#closed.reject(streamInternals.storedError(stream));
  }
  get closed() {
    return this.#closed.promise;
  }
  read() {
    if (this.#stream === null) return PromiseReject(new $TypeError("The reader was released."));
    return streamInternals.read(this.#stream);
  }
  cancel(reason = undefined) {
    if (this.#stream === null) return PromiseReject(new $TypeError("The reader was released."));
    return streamInternals.cancel(this.#stream, reason);
  }
  releaseLock() {
    if (this.#stream === null) return;
    streamInternals.unlock(this.#stream);
    this.#stream = null;
    this.#closed.reject(new $TypeError("The reader was released."));
  }
  static {
    readerInternals = {
      __proto__: null,
      resolveClosed: (r) => r.#closed.resolve(undefined),
      rejectClosed: (r, e) => r.#closed.reject(e),
    };
  }
}
setToStringTag(ReadableStreamDefaultReader, "ReadableStreamDefaultReader");

// ---- writable side ----

class WritableStreamDefaultController {
  #onError;
  constructor(key, onError) {
    if (key !== streamKey) throw new $TypeError("Illegal constructor");
    this.#onError = onError;
  }
  error(e) {
    this.#onError(e);
  }
}
setToStringTag(WritableStreamDefaultController, "WritableStreamDefaultController");

let writableInternals;

class WritableStream {
  #sink;
  #controller;
  #state = "writable"; // "writable" | "closing" | "closed" | "errored"
  #storedError = undefined;
  #chain; // each write/close runs after the previous one settles
  #writer = null;

  constructor(underlyingSink = undefined, strategy = undefined) {
    this.#sink = underlyingSink == null ? {} : underlyingSink;
    this.#controller = new WritableStreamDefaultController(streamKey, (e) => this.#error(e));
    const start = this.#sink.start;
    let startResult;
    if (start !== undefined) startResult = ReflectApply(start, this.#sink, [this.#controller]);
    this.#chain = PromisePrototypeThen(PromiseResolve(startResult), undefined, (e) => this.#error(e));
  }
  get locked() {
    return this.#writer !== null;
  }
  getWriter() {
    if (this.#writer !== null) throw new $TypeError("The stream is already locked to a writer.");
    this.#writer = new WritableStreamDefaultWriter(streamKey, this);
    return this.#writer;
  }
  abort(reason = undefined) {
    if (this.#writer !== null) return PromiseReject(new $TypeError("The stream is locked to a writer."));
    return this.#abort(reason);
  }
  close() {
    if (this.#writer !== null) return PromiseReject(new $TypeError("The stream is locked to a writer."));
    return this.#close();
  }
  #error(e) {
    if (this.#state === "errored" || this.#state === "closed") return;
    this.#state = "errored";
    this.#storedError = e;
  }
  #enqueueStep(step) {
    const result = PromisePrototypeThen(this.#chain, () => {
      if (this.#state === "errored") throw this.#storedError;
      return step();
    });
    this.#chain = markHandled(PromisePrototypeThen(result, undefined, (e) => this.#error(e)));
    return result;
  }
  #write(chunk) {
    if (this.#state !== "writable") {
      return PromiseReject(this.#state === "errored" ? this.#storedError : new $TypeError("The stream is closed."));
    }
    const write = this.#sink.write;
    return this.#enqueueStep(() => (write === undefined ? undefined : ReflectApply(write, this.#sink, [chunk, this.#controller])));
  }
  #close() {
    if (this.#state !== "writable") {
      return PromiseReject(this.#state === "errored" ? this.#storedError : new $TypeError("The stream is already closed."));
    }
    this.#state = "closing";
    const close = this.#sink.close;
    return this.#enqueueStep(() => {
      const r = close === undefined ? undefined : ReflectApply(close, this.#sink, []);
      return PromisePrototypeThen(PromiseResolve(r), () => {
        this.#state = "closed";
      });
    });
  }
  #abort(reason) {
    if (this.#state === "closed" || this.#state === "errored") return PromiseResolve(undefined);
    this.#error(reason);
    const abort = this.#sink.abort;
    try {
      return PromisePrototypeThen(PromiseResolve(abort === undefined ? undefined : ReflectApply(abort, this.#sink, [reason])), () => undefined);
    } catch (e) {
      return PromiseReject(e);
    }
  }
  static {
    writableInternals = {
      __proto__: null,
      write: (s, chunk) => s.#write(chunk),
      close: (s) => s.#close(),
      abort: (s, reason) => s.#abort(reason),
      release(s) {
        s.#writer = null;
      },
      settled: (s) => s.#chain,
      desiredSize: (s) => (s.#state === "writable" ? 1 : s.#state === "errored" ? null : 0),
      error: (s, e) => s.#error(e),
    };
  }
}
setToStringTag(WritableStream, "WritableStream");

class WritableStreamDefaultWriter {
  #stream;
  constructor(key, stream) {
    if (key !== streamKey) throw new $TypeError("Use WritableStream.getWriter().");
    this.#stream = stream;
  }
  get ready() {
    return PromiseResolve(undefined);
  }
  get closed() {
    if (this.#stream === null) return PromiseReject(new $TypeError("The writer was released."));
    return writableInternals.settled(this.#stream);
  }
  get desiredSize() {
    return this.#stream === null ? null : writableInternals.desiredSize(this.#stream);
  }
  write(chunk = undefined) {
    if (this.#stream === null) return PromiseReject(new $TypeError("The writer was released."));
    return writableInternals.write(this.#stream, chunk);
  }
  close() {
    if (this.#stream === null) return PromiseReject(new $TypeError("The writer was released."));
    return writableInternals.close(this.#stream);
  }
  abort(reason = undefined) {
    if (this.#stream === null) return PromiseReject(new $TypeError("The writer was released."));
    return writableInternals.abort(this.#stream, reason);
  }
  releaseLock() {
    if (this.#stream === null) return;
    writableInternals.release(this.#stream);
    this.#stream = null;
  }
}
setToStringTag(WritableStreamDefaultWriter, "WritableStreamDefaultWriter");

// ---- transform ----

class TransformStreamDefaultController {
  #readableController;
  #onTerminate;
  constructor(key, readableController, onTerminate) {
    if (key !== streamKey) throw new $TypeError("Illegal constructor");
    this.#readableController = readableController;
    this.#onTerminate = onTerminate;
  }
  get desiredSize() {
    return this.#readableController.desiredSize;
  }
  enqueue(chunk) {
    this.#readableController.enqueue(chunk);
  }
  error(e) {
    this.#readableController.error(e);
    this.#onTerminate(e);
  }
  terminate() {
    this.#readableController.close();
    this.#onTerminate(new $TypeError("The transform stream was terminated."));
  }
}
setToStringTag(TransformStreamDefaultController, "TransformStreamDefaultController");

class TransformStream {
  #readable;
  #writable;
  constructor(transformer = undefined, writableStrategy = undefined, readableStrategy = undefined) {
    const t = transformer == null ? {} : transformer;
    let readableController;
    this.#readable = new ReadableStream({ start(c) { readableController = c; } });
    let writable;
    const controller = new TransformStreamDefaultController(streamKey, readableController, (e) => writableInternals.error(writable, e));
    const transform = t.transform;
    const flush = t.flush;
    writable = new WritableStream({
      start() {
        return t.start === undefined ? undefined : ReflectApply(t.start, t, [controller]);
      },
      write(chunk) {
        if (transform === undefined) return controller.enqueue(chunk);
        return ReflectApply(transform, t, [chunk, controller]);
      },
      async close() {
        if (flush !== undefined) await ReflectApply(flush, t, [controller]);
        try {
          readableController.close();
        } catch {}
      },
      abort(reason) {
        readableController.error(reason);
      },
    });
    this.#writable = writable;
  }
  get readable() {
    return this.#readable;
  }
  get writable() {
    return this.#writable;
  }
}
setToStringTag(TransformStream, "TransformStream");

class IdentityTransformStream extends TransformStream {
  constructor() {
    super();
  }
}
setToStringTag(IdentityTransformStream, "IdentityTransformStream");

// Reads a stream to its end; resolves to a Uint8Array of all its bytes. Chunks must be bytes
// (Uint8Array, any ArrayBufferView or ArrayBuffer); strings are an error, as in browsers.
async function readAllBytes(stream) {
  const chunks = [];
  let total = 0;
  const reader = stream.getReader();
  try {
    for (;;) {
      const step = await reader.read();
      if (step.done) break;
      const chunk = chunkBytes(step.value);
      chunks[chunks.length] = chunk;
      total += TypedArrayPrototypeGetLength(chunk);
    }
  } finally {
    reader.releaseLock();
  }
  return concatChunks(chunks, total);
}

function chunkBytes(value) {
  if (ArrayBufferIsView(value) || isArrayBuffer(value)) {
    const range = bufferSourceRange(value, "A body chunk");
    return new $Uint8Array(range[0], range[1], range[2]);
  }
  throw new $TypeError("This ReadableStream did not return bytes.");
}

function concatChunks(chunks, total) {
  if (chunks.length === 1) return TypedArrayPrototypeSlice(chunks[0]);
  const out = new $Uint8Array(total);
  let offset = 0;
  for (let i = 0; i < chunks.length; i++) {
    TypedArrayPrototypeSet(out, chunks[i], offset);
    offset += TypedArrayPrototypeGetLength(chunks[i]);
  }
  return out;
}
