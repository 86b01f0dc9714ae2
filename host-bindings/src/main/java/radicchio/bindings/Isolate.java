package radicchio.bindings;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.GlobalInstance;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import com.dylibso.chicory.wasm.types.MutabilityType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Objects;
import radicchio.bindings.memory.GuestMemory;
import radicchio.bindings.memory.MemoryImage;
import radicchio.guest.RadicchioGuest;

/**
 * One QuickJS isolate: a Chicory instance of the guest whose memory starts as a {@link Snapshot}.
 *
 * <p>Calls in go through {@link #invoke} with a wire-encoded payload (wasm-guest/README.md, "The
 * ABI"); {@link #load} and {@link #dispatch} wrap it for decoded values. One call runs at a time.
 * A call that throws in JS surfaces as a {@link JsException} and leaves the isolate usable; a call
 * that exceeds a {@link Limits limit}, traps or breaks the ABI discards the isolate, and every
 * later call throws {@link IsolateDiscardedException}.
 *
 * <pre>
 *   Isolate isolate = Isolate.builder(GuestModule.get().baseSnapshot())
 *           .withServices(myHost).withLimits(Limits.DEFAULT).build();
 *   isolate.load(workerCode);          // evaluate the worker's modules
 *   Snapshot code = isolate.snapshot(); // later isolates of this code start here
 * </pre>
 */
public final class Isolate implements AutoCloseable {
    /** Output larger than this from the guest is refused (it is hostile). */
    static final int MAX_OUTPUT_BYTES = 256 << 20;
    static final int OP_LOAD = 1;
    static final int OP_DISPATCH = 2;
    static final int OP_RESUME = 3;
    private static final int DONE = 0;
    private static final int ERROR = 1;
    private static final int WAITING = 2;
    /** Isolate calls in progress on each thread: more than one when a host call leads into another isolate. */
    private static final ThreadLocal<int[]> CALLS_ON_THREAD = ThreadLocal.withInitial(() -> new int[1]);

    private final GuestModule guest;
    private final IsolateHost host;
    private final Limits limits;
    private final Instance instance;
    private final GuestMemory memory;
    private final ExportFunction alloc;
    private final ExportFunction invokeFn;
    private final ExportFunction outputPtr;
    private final ExportFunction outputLen;
    private String discardedBecause;
    /**
     * Calls begun. An isolate's memory turns flat (GuestMemory: the compiled guest runs ~1.5-2x
     * faster, for a one-time copy of ~350 µs) when its second call begins: a single call, the
     * common life of a fresh isolate, is not worth the copy; an isolate called again is likely to
     * be called many times.
     */
    private int callsStarted;

    private Isolate(Snapshot snapshot, HostServices services, Limits limits) {
        this.guest = snapshot.guest();
        this.host = new IsolateHost(services);
        this.limits = limits;
        int maxPages = (int) (limits.memoryBytes() / MemoryImage.PAGE_SIZE);
        if (maxPages < snapshot.memory().pageCount()) {
            throw new IllegalArgumentException("memory limit " + limits.memoryBytes()
                    + " is below the snapshot's size " + snapshot.memoryBytes());
        }
        GuestMemory[] created = new GuestMemory[1];
        this.instance = Instance.builder(guest.wasm())
                .withMachineFactory(RadicchioGuest::create)
                .withImportValues(GuestImports.create(host))
                .withMemoryFactory(declared -> created[0] = new GuestMemory(snapshot.memory(),
                        new MemoryLimits(declared.initialPages(), maxPages)))
                .withStart(false)
                .build();
        this.memory = created[0];
        for (int i = 0; i < snapshot.globalCount(); i++) {
            GlobalInstance g = instance.global(i);
            if (g.getMutabilityType() == MutabilityType.Var) {
                g.setValue(snapshot.global(i));
            }
        }
        this.alloc = instance.export("rad_alloc");
        this.invokeFn = instance.export("rad_invoke");
        this.outputPtr = instance.export("rad_output_ptr");
        this.outputLen = instance.export("rad_output_len");
        long seed = 0;
        byte[] seedBytes = new byte[8];
        services.fillRandom(seedBytes);
        for (byte b : seedBytes) {
            seed = (seed << 8) | (b & 0xFF);
        }
        // QuickJS's heap limit sits 1/8 below the Wasm limit, so JS gets "out of memory" while the
        // allocator still has room to unwind cleanly.
        long jsHeap = limits.memoryBytes() - limits.memoryBytes() / 8;
        instance.export("rad_start").apply(seed, jsHeap, limits.stackBytes());
    }

    /** Starts building an isolate from {@code snapshot}. */
    public static Builder builder(Snapshot snapshot) {
        return new Builder(snapshot);
    }

    /** Options for a new isolate. */
    public static final class Builder {
        private final Snapshot snapshot;
        private HostServices services = HostServices.NONE;
        private Limits limits = Limits.DEFAULT;

        private Builder(Snapshot snapshot) {
            this.snapshot = Objects.requireNonNull(snapshot);
        }

        public Builder withServices(HostServices services) {
            this.services = Objects.requireNonNull(services);
            return this;
        }

        public Builder withLimits(Limits limits) {
            this.limits = Objects.requireNonNull(limits);
            return this;
        }

        public Isolate build() {
            return new Isolate(snapshot, services, limits);
        }
    }

    /**
     * Loads a worker: {@code workerCode} is a {@code WorkerCode} value (a map with mainModule,
     * modules, env...). Returns the description of the main module's exports.
     */
    public Object load(Object workerCode) {
        return WireCodec.decode(invoke(OP_LOAD, WireCodec.encode(workerCode)));
    }

    /** Dispatches a call value ({@code {type: "fetch"|"call", ...}}) and returns its decoded result. */
    public Object dispatch(Object call) {
        return WireCodec.decode(invoke(OP_DISPATCH, WireCodec.encode(call)));
    }

    /**
     * How many isolates' {@link #invoke}s are in progress on this thread: more than 0 when the
     * caller is a host import serving a guest (whose call a callee's would nest in, sharing the
     * thread's stack).
     */
    public static int callsInProgressOnThisThread() {
        return CALLS_ON_THREAD.get()[0];
    }

    /**
     * Runs one call to completion, waiting out the guest's timers through
     * {@link HostServices#sleep}. Returns the encoded result; a JS error becomes a
     * {@link JsException}.
     */
    public synchronized byte[] invoke(int op, byte[] payload) {
        if (discardedBecause != null) {
            throw new IsolateDiscardedException(discardedBecause);
        }
        CpuWatchdog.Budget budget;
        try {
            budget = CpuWatchdog.get().start(limits.cpuPerCall().toNanos());
        } catch (CallerOutOfCpuException e) {
            // Nothing ran: this isolate is fine. The caller's guest stops at its next step (its
            // thread stays interrupted); until then it sees an ordinary error from its host call.
            throw new JsException("Error", e.getMessage(), null, WireCodec.error("Error", e.getMessage()));
        }
        int[] callsOnThread = CALLS_ON_THREAD.get();
        callsOnThread[0]++;
        try {
            if (++callsStarted > 1) {
                memory.flatten(); // see callsStarted
            }
            int status = step(op, payload);
            while (status == WAITING) {
                double delay = ByteBuffer.wrap(readOutput()).order(ByteOrder.LITTLE_ENDIAN).getDouble();
                host.services().sleep(Double.isFinite(delay) ? Math.max(0, delay) : 0);
                status = step(OP_RESUME, null);
            }
            byte[] out = readOutput();
            if (status == DONE) {
                return out;
            }
            if (status == ERROR) {
                throw WireCodec.toJsException(WireCodec.decode(out));
            }
            throw discard(new AbiException("rad_invoke returned unknown status " + status));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw discard(new GuestTrapException("interrupted while waiting for a timer", e));
        } catch (JsException | IsolateDiscardedException e) {
            throw e;
        } catch (GuestException e) {
            throw discard(e);
        } catch (ChicoryInterruptedException e) {
            throw discard(budget.exceeded
                    ? new LimitExceededException(LimitExceededException.Kind.CPU, limits.cpuPerCall().toMillis() + " ms per call", e)
                    : new GuestTrapException("the call was interrupted", e));
        } catch (StackOverflowError e) {
            throw discard(new LimitExceededException(LimitExceededException.Kind.STACK, "host stack exhausted", null));
        } catch (OutOfMemoryError e) {
            throw discard(new LimitExceededException(LimitExceededException.Kind.MEMORY, "host heap exhausted", null));
        } catch (ChicoryException e) {
            String msg = String.valueOf(e.getMessage());
            if (msg.contains("call stack exhausted")) {
                throw discard(new LimitExceededException(LimitExceededException.Kind.STACK, "guest call stack exhausted", e));
            }
            throw discard(new GuestTrapException("the guest trapped: " + msg, e));
        } catch (RuntimeException e) {
            throw discard(new GuestTrapException("the guest failed: " + e, e));
        } finally {
            CpuWatchdog.get().stop(budget);
            callsOnThread[0]--;
        }
    }

    private int step(int op, byte[] payload) {
        int ptr = 0;
        int len = 0;
        if (payload != null) {
            len = payload.length;
            ptr = (int) alloc.apply(len)[0];
            if (ptr == 0) {
                throw new LimitExceededException(LimitExceededException.Kind.MEMORY, "no room for a " + len + "-byte message", null);
            }
            memory.write(ptr, payload);
        }
        return (int) invokeFn.apply(op, ptr, len)[0];
    }

    private byte[] readOutput() {
        long ptr = outputPtr.apply()[0];
        long len = outputLen.apply()[0];
        return GuestPointers.read(memory, ptr, len, MAX_OUTPUT_BYTES, "guest output");
    }

    private GuestException discard(GuestException reason) {
        if (discardedBecause == null) {
            discardedBecause = reason.getMessage();
        }
        return reason;
    }

    /**
     * Freezes this isolate's current state (between calls) into a snapshot that new isolates can
     * start from. This isolate keeps running; its memory now differs from the new image.
     */
    public synchronized Snapshot snapshot() {
        if (discardedBecause != null) {
            throw new IsolateDiscardedException(discardedBecause);
        }
        instance.export("rad_collect").apply();
        long[] globals = new long[instance.globalCount()];
        for (int i = 0; i < globals.length; i++) {
            globals[i] = instance.global(i).getValue();
        }
        return new Snapshot(guest, memory.snapshot(), globals);
    }

    /**
     * Bytes of memory this isolate holds beyond the snapshot it shares: its whole linear memory
     * once flat, else the 2 KiB chunks it has written.
     */
    public long ownedMemoryBytes() {
        return memory.ownedBytes();
    }

    /**
     * Parks the isolate's memory: keeps only the 2 KiB chunks that differ from the snapshot and
     * returns the bytes freed. Call it when the isolate goes idle, not between calls: it compares
     * the whole memory (tens of microseconds), and a parked isolate that is called again copies
     * its memory into one array again. An idle isolate that served a request keeps about 230 KB.
     */
    public synchronized long park() {
        if (discardedBecause != null) {
            return 0;
        }
        return memory.park();
    }

    /** Whether a limit, trap or ABI violation has discarded this isolate. */
    public synchronized boolean isDiscarded() {
        return discardedBecause != null;
    }

    /** Discards the isolate; its memory becomes garbage once no reference remains. */
    @Override
    public synchronized void close() {
        if (discardedBecause == null) {
            discardedBecause = "closed";
        }
    }
}
