package radicchio.bindings;

import com.dylibso.chicory.runtime.HostFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Memory;
import com.dylibso.chicory.wasm.types.FunctionType;
import com.dylibso.chicory.wasm.types.ValType;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The host side of every guest import (wasm-guest/README.md, "Imports"): the five {@code radicchio}
 * functions and the four WASI functions wasi-libc links in. Nothing else exists; there is no file,
 * socket, environment or argument reachable from the guest.
 *
 * <p>A bad pointer or length fails safe: {@code log} and WASI output drop the message, {@code call}
 * and {@code take} return -1 (the guest throws a JS error), and {@code random} (whose caller, the
 * prelude, always passes valid ranges) traps, discarding the isolate.
 */
final class GuestImports {
    static final String MODULE = "radicchio";
    static final String WASI = "wasi_snapshot_preview1";
    /** Documented import list; GuestImportsTest checks the module against it. */
    static final List<String> NAMES = List.of(
            MODULE + ".log", MODULE + ".now", MODULE + ".random", MODULE + ".call", MODULE + ".take",
            WASI + ".clock_time_get", WASI + ".fd_write", WASI + ".fd_seek", WASI + ".fd_close");

    static final int MAX_LOG_BYTES = 64 << 10;
    static final int MAX_RANDOM_BYTES = 1 << 20;
    static final int WASI_EBADF = 8;
    static final int WASI_EINVAL = 28;

    private static final long[] NO_RESULT = null;

    private GuestImports() {}

    /** The imports of one isolate, bound to its {@code host} side. */
    static ImportValues create(IsolateHost host) {
        return ImportValues.builder()
                .addFunction(
                        fn(MODULE, "log", List.of(ValType.I32, ValType.I32, ValType.I32), List.of(),
                                (inst, args) -> log(host, inst.memory(), (int) args[0], args[1], args[2])),
                        fn(MODULE, "now", List.of(), List.of(ValType.F64),
                                (inst, args) -> new long[] {Double.doubleToRawLongBits(host.services().now())}),
                        fn(MODULE, "random", List.of(ValType.I32, ValType.I32), List.of(),
                                (inst, args) -> random(host, inst.memory(), args[0], args[1])),
                        fn(MODULE, "call", List.of(ValType.I32, ValType.I32), List.of(ValType.I32),
                                (inst, args) -> new long[] {host.hostCall(inst.memory(), args[0], args[1])}),
                        fn(MODULE, "take", List.of(ValType.I32, ValType.I32), List.of(ValType.I32),
                                (inst, args) -> new long[] {host.takeReply(inst.memory(), args[0], args[1])}),
                        fn(WASI, "clock_time_get", List.of(ValType.I32, ValType.I64, ValType.I32), List.of(ValType.I32),
                                (inst, args) -> new long[] {clockTimeGet(host, inst.memory(), (int) args[0], args[2])}),
                        fn(WASI, "fd_write", List.of(ValType.I32, ValType.I32, ValType.I32, ValType.I32), List.of(ValType.I32),
                                (inst, args) -> new long[] {fdWrite(host, inst.memory(), (int) args[0], args[1], args[2], args[3])}),
                        fn(WASI, "fd_seek", List.of(ValType.I32, ValType.I64, ValType.I32, ValType.I32), List.of(ValType.I32),
                                (inst, args) -> new long[] {WASI_EBADF}),
                        fn(WASI, "fd_close", List.of(ValType.I32), List.of(ValType.I32),
                                (inst, args) -> new long[] {WASI_EBADF}))
                .build();
    }

    private interface Handle {
        long[] apply(Instance instance, long[] args);
    }

    private static HostFunction fn(String module, String name, List<ValType> params, List<ValType> results, Handle handle) {
        return new HostFunction(module, name, FunctionType.of(params, results), handle::apply);
    }

    private static long[] log(IsolateHost host, Memory memory, int level, long ptr, long len) {
        long n = len & 0xFFFFFFFFL;
        boolean truncated = n > MAX_LOG_BYTES;
        long take = truncated ? MAX_LOG_BYTES : n;
        if (!GuestPointers.inBounds(memory, ptr, take)) {
            return NO_RESULT; // a bad range from the guest loses only its own log line
        }
        String text = new String(memory.readBytes((int) ptr, (int) take), StandardCharsets.UTF_8);
        int clamped = Math.max(HostServices.DEBUG, Math.min(HostServices.ERROR, level));
        host.services().log(clamped, truncated ? text + "… [truncated " + (n - take) + " bytes]" : text);
        return NO_RESULT;
    }

    private static long[] random(IsolateHost host, Memory memory, long ptr, long len) {
        long n = len & 0xFFFFFFFFL;
        if (n > MAX_RANDOM_BYTES || !GuestPointers.inBounds(memory, ptr, n)) {
            throw new AbiException("random: bad range [" + (ptr & 0xFFFFFFFFL) + ", +" + n + ")");
        }
        byte[] bytes = new byte[(int) n];
        host.services().fillRandom(bytes);
        memory.write((int) ptr, bytes);
        return NO_RESULT;
    }

    private static int clockTimeGet(IsolateHost host, Memory memory, int clockId, long resultPtr) {
        long nanos;
        switch (clockId) {
            case 0: // realtime
                nanos = (long) (host.services().now() * 1_000_000.0);
                break;
            case 1: // monotonic
            case 2: // process CPU time: no process is exposed; monotonic is as good
            case 3:
                nanos = System.nanoTime();
                break;
            default:
                return WASI_EINVAL;
        }
        if (!GuestPointers.inBounds(memory, resultPtr, 8)) {
            return WASI_EINVAL;
        }
        memory.writeLong((int) resultPtr, nanos);
        return 0;
    }

    /** stdout (1) and stderr (2) go to the log; every other descriptor does not exist. */
    private static int fdWrite(IsolateHost host, Memory memory, int fd, long iovs, long iovsLen, long nwrittenPtr) {
        if (fd != 1 && fd != 2) {
            return WASI_EBADF;
        }
        long count = iovsLen & 0xFFFFFFFFL;
        if (count > 1024 || !GuestPointers.inBounds(memory, iovs, count * 8) || !GuestPointers.inBounds(memory, nwrittenPtr, 4)) {
            return WASI_EINVAL;
        }
        StringBuilder text = new StringBuilder();
        long total = 0;
        for (int i = 0; i < count; i++) {
            long base = memory.readInt((int) iovs + i * 8) & 0xFFFFFFFFL;
            long len = memory.readInt((int) iovs + i * 8 + 4) & 0xFFFFFFFFL;
            if (!GuestPointers.inBounds(memory, base, len)) {
                return WASI_EINVAL;
            }
            total += len;
            long room = MAX_LOG_BYTES - text.length();
            if (room > 0) {
                text.append(new String(memory.readBytes((int) base, (int) Math.min(len, room)), StandardCharsets.UTF_8));
            }
        }
        memory.writeI32((int) nwrittenPtr, (int) total);
        String line = text.toString().stripTrailing();
        if (!line.isEmpty()) {
            host.services().log(fd == 1 ? HostServices.INFO : HostServices.ERROR, line);
        }
        return 0;
    }
}
