package radicchio.engine;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;

/** Small builders shared by the engine tests. */
final class TestApps {
    private TestApps() {}

    static AppConfig app(String name, String mainJs, Map<String, String> durableObjects) {
        return new AppConfig(name, null, "main.js", Map.of("main.js", mainJs), "2025-01-01", List.of(),
                durableObjects, List.copyOf(durableObjects.values()), List.of(), Map.of());
    }

    static AppConfig app(String name, String mainJs) {
        return app(name, mainJs, Map.of());
    }

    static WireRequest get(String url) {
        return new WireRequest("GET", url, List.of(), null);
    }

    static String text(WireResponse response) {
        byte[] body = response.body();
        return body == null ? "" : new String(body, StandardCharsets.UTF_8);
    }
}
