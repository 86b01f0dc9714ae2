package radicchio.bindings;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import radicchio.bindings.abi.JsObject;

/**
 * Runs the JS fixtures in src/test/resources/js/ inside real isolates: each {@code <feature>-test.js}
 * is loaded as a worker (with {@code assert.js} beside it) and every exported {@code test*}
 * function becomes one test. A fixture test fails by throwing (or rejecting).
 */
class WebApiFixturesTest {
    private static final List<String> FIXTURES = List.of("url-test.js", "encoding-test.js", "fetch-api-test.js", "misc-test.js");

    @TestFactory
    Stream<DynamicContainer> fixtures() {
        Snapshot base = GuestModule.get().baseSnapshot();
        return FIXTURES.stream().map(fixture -> {
            Map<String, Object> modules = new LinkedHashMap<>();
            modules.put(fixture, read(fixture));
            modules.put("assert.js", read("assert.js"));
            Workers.RecordingHost host = new Workers.RecordingHost();
            Isolate isolate = Isolate.builder(base).withServices(host).build();
            JsObject description = (JsObject) isolate.load(Workers.codeWithModules(fixture, modules));
            JsObject exports = (JsObject) description.get("exports");
            List<DynamicTest> tests = new ArrayList<>();
            for (String name : exports.keys()) {
                if (name.startsWith("test")) {
                    tests.add(DynamicTest.dynamicTest(name, () -> {
                        try {
                            isolate.dispatch(Workers.call(name));
                        } catch (JsException e) {
                            throw new AssertionError(fixture + " " + name + ": " + e.getMessage() + "\nconsole: " + host.lines, e);
                        }
                    }));
                }
            }
            if (tests.isEmpty()) {
                throw new AssertionError(fixture + " exports no test functions");
            }
            return DynamicContainer.dynamicContainer(fixture, tests);
        });
    }

    private static String read(String name) {
        try (InputStream in = WebApiFixturesTest.class.getResourceAsStream("/js/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
