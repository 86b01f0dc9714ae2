package radicchio.bindings;

import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.MemoryLimits;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import radicchio.bindings.memory.GuestMemory;
import radicchio.bindings.memory.MemoryImage;
import radicchio.guest.RadicchioGuest;

/**
 * The guest module, compiled to JVM bytecode at build time, plus its JS prelude and the base
 * snapshot: QuickJS booted once per JVM with the prelude evaluated, in the manner of Wizer.
 * Every isolate starts from that snapshot (or from a code snapshot derived from it) instead of
 * booting QuickJS again.
 */
public final class GuestModule {
    private static final System.Logger LOG = System.getLogger(GuestModule.class.getName());
    private static final String JS_DIR = "/radicchio/guest/js/";
    private static volatile GuestModule instance;

    private final WasmModule wasm;
    private final String prelude;
    private volatile Snapshot base;

    private GuestModule(WasmModule wasm, String prelude) {
        this.wasm = wasm;
        this.prelude = prelude;
    }

    /** The guest of this build. The first call loads the compiled module (~100 ms of class loading). */
    public static GuestModule get() {
        GuestModule g = instance;
        if (g == null) {
            synchronized (GuestModule.class) {
                g = instance;
                if (g == null) {
                    warnIfHugeMethodsAreNotCompiled();
                    g = new GuestModule(RadicchioGuest.load(), loadPrelude());
                    instance = g;
                }
            }
        }
        return g;
    }

    WasmModule wasm() {
        return wasm;
    }

    /** The prelude script handed to {@code rad_boot}, assembled from {@code js/prelude.list}. */
    public String prelude() {
        return prelude;
    }

    /** QuickJS with the prelude evaluated. Built on first use (tens of ms), then shared. */
    public Snapshot baseSnapshot() {
        Snapshot s = base;
        if (s == null) {
            synchronized (this) {
                s = base;
                if (s == null) {
                    s = boot();
                    base = s;
                }
            }
        }
        return s;
    }

    private Snapshot boot() {
        List<String> bootLog = new ArrayList<>();
        HostServices services = new HostServices() {
            @Override
            public void log(int level, String message) {
                bootLog.add(message);
            }
        };
        Instance boot = Instance.builder(wasm)
                .withMachineFactory(RadicchioGuest::create)
                .withImportValues(GuestImports.create(new IsolateHost(services)))
                .withMemoryFactory(limits -> GuestMemory.blank(new MemoryLimits(limits.initialPages(), MemoryLimits.MAX_PAGES)))
                .build();
        boot.export("_initialize").apply();
        byte[] source = prelude.getBytes(StandardCharsets.UTF_8);
        ExportFunction alloc = boot.export("rad_alloc");
        // One byte more, zero: JS_Eval reads its input up to a terminating NUL, which malloc'd
        // memory does not promise (the prelude failed to parse whenever its length left the
        // allocator's next header right after it).
        int ptr = (int) alloc.apply(source.length + 1)[0];
        if (ptr == 0) {
            throw new IllegalStateException("guest could not allocate the prelude");
        }
        boot.memory().write(ptr, source);
        boot.memory().writeByte(ptr + source.length, (byte) 0);
        long status = boot.export("rad_boot").apply(ptr, source.length)[0];
        if (status != 0) {
            throw new IllegalStateException("the prelude failed to evaluate: " + String.join("\n", bootLog));
        }
        MemoryImage image = ((GuestMemory) boot.memory()).snapshot();
        long[] globals = new long[boot.globalCount()];
        for (int i = 0; i < globals.length; i++) {
            globals[i] = boot.global(i).getValue();
        }
        return new Snapshot(this, image, globals);
    }

    private static String loadPrelude() {
        StringBuilder script = new StringBuilder("(function (natives) {\"use strict\";\n");
        for (String line : resource("prelude.list").split("\n")) {
            String name = line.strip();
            if (name.isEmpty() || name.startsWith("#")) {
                continue;
            }
            script.append(resource(name)).append('\n');
        }
        return script.append("return hooks;\n})").toString();
    }

    private static String resource(String name) {
        try (InputStream in = GuestModule.class.getResourceAsStream(JS_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("missing prelude resource " + JS_DIR + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Compiled QuickJS runs ~10x slower when HotSpot cannot JIT its interpreter loop (see {@link JitSettings}). */
    private static void warnIfHugeMethodsAreNotCompiled() {
        JitSettings.warnOnceIfMissing(message -> LOG.log(System.Logger.Level.WARNING, message));
    }

    /** Whether this JVM has every flag of {@link JitSettings#FLAGS}. */
    public static boolean hugeMethodsAreCompiled() {
        return JitSettings.missingFlags().isEmpty();
    }
}
