package radicchio.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import radicchio.bindings.abi.HostRef;

/** Builds the WorkerCode value (wasm-guest/README.md) of an app's main worker, env included. */
final class WorkerCodes {
    private WorkerCodes() {}

    static Map<String, Object> forApp(AppConfig config) {
        Map<String, Object> env = new LinkedHashMap<>();
        config.vars().forEach(env::put);
        // Sorted: the code id hashes this value, and Map.copyOf's order is not stable.
        for (String binding : new TreeMap<>(config.durableObjects()).keySet()) {
            env.put(binding, new HostRef("namespace", binding));
        }
        for (String binding : config.workerLoaders()) {
            env.put(binding, new HostRef("loader", binding));
        }
        Map<String, Object> code = new LinkedHashMap<>();
        code.put("mainModule", config.mainModule());
        code.put("modules", new TreeMap<>(config.modules()));
        code.put("env", env);
        if (config.compatibilityDate() != null) {
            code.put("compatibilityDate", config.compatibilityDate());
        }
        code.put("compatibilityFlags", config.compatibilityFlags());
        return code;
    }
}
