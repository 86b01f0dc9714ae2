package radicchio.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JS sources the benchmarks run, as worker code for Radicchio and as scripts for quickjs4j. */
final class Workloads {
    static final List<String> NAMES = List.of("fib", "stringBuild", "json", "regex", "objectAlloc");

    /** The shared workload functions (workloads.js). */
    static final String FUNCTIONS = resource("workloads.js");

    /** A worker module exporting each workload, plus a fetch handler answering "hello". */
    static final String WORKER_MODULE = FUNCTIONS + "\nexport { fib, stringBuild, json, regex, objectAlloc };\n"
            + "export default { async fetch(request, env, ctx) {\n"
            + "  const url = new URL(request.url);\n"
            + "  return new Response('hello ' + url.searchParams.get('name'), { headers: { 'content-type': 'text/plain' } });\n"
            + "} };\n";

    private Workloads() {}

    /** WorkerCode for {@link #WORKER_MODULE}. */
    static Map<String, Object> workerCode() {
        Map<String, Object> modules = new LinkedHashMap<>();
        modules.put("worker.js", WORKER_MODULE);
        Map<String, Object> code = new LinkedHashMap<>();
        code.put("mainModule", "worker.js");
        code.put("modules", modules);
        code.put("env", new LinkedHashMap<>());
        return code;
    }

    /** A call value invoking workload {@code name} with {@code args}. */
    static Map<String, Object> call(String name, Object... args) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", "call");
        call.put("entrypoint", name);
        call.put("args", List.of(args));
        return call;
    }

    /** A quickjs4j script that defines the workloads and runs one. */
    static String script(String invocation) {
        return FUNCTIONS + "\n" + invocation + ";\n";
    }

    private static String resource(String name) {
        try (InputStream in = Workloads.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
