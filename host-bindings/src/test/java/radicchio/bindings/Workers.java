package radicchio.bindings;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import radicchio.bindings.abi.Header;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;

/** Builders for the values tests send into isolates: WorkerCode, fetch and call messages. */
final class Workers {
    private Workers() {}

    /** WorkerCode with the main module first among {@code nameThenSource} pairs. */
    static Map<String, Object> code(String... nameThenSource) {
        Map<String, Object> modules = new LinkedHashMap<>();
        for (int i = 0; i < nameThenSource.length; i += 2) {
            modules.put(nameThenSource[i], nameThenSource[i + 1]);
        }
        return codeWithModules(nameThenSource[0], modules);
    }

    static Map<String, Object> codeWithModules(String main, Map<String, Object> modules) {
        Map<String, Object> code = new LinkedHashMap<>();
        code.put("mainModule", main);
        code.put("modules", modules);
        code.put("env", new LinkedHashMap<>());
        return code;
    }

    static Map<String, Object> fetch(String method, String url, byte[] body, String... headerPairs) {
        List<Header> headers = new ArrayList<>();
        for (int i = 0; i < headerPairs.length; i += 2) {
            headers.add(new Header(headerPairs[i], headerPairs[i + 1]));
        }
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", "fetch");
        call.put("request", new WireRequest(method, url, headers, body));
        return call;
    }

    static Map<String, Object> call(String export, Object... args) {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("type", "call");
        call.put("entrypoint", export);
        call.put("args", List.of(args));
        return call;
    }

    static String text(Object response) {
        byte[] body = ((WireResponse) response).body();
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }

    /** Host services that record console lines. */
    static final class RecordingHost implements HostServices {
        final List<String> lines = new ArrayList<>();

        @Override
        public synchronized void log(int level, String message) {
            lines.add(level + ":" + message);
        }
    }
}
