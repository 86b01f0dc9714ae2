package radicchio.bindings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import radicchio.bindings.abi.WireResponse;

/** Isolates started from snapshots: loading workers, requests, isolation, errors and limits. */
class IsolateTest {
    private static final Snapshot BASE = GuestModule.get().baseSnapshot();

    private static Isolate isolate() {
        return Isolate.builder(BASE).build();
    }

    @Test
    void twoModuleWorkerAnswersARequest() {
        Isolate isolate = isolate();
        isolate.load(Workers.code(
                "src/index.js", "import { greet } from './greet.js';\n"
                        + "export default { async fetch(request) {\n"
                        + "  const name = new URL(request.url).searchParams.get('name');\n"
                        + "  return new Response(greet(name), { status: 201, headers: { 'x-greeted': name } });\n"
                        + "} };",
                "src/greet.js", "export function greet(name) { return `Grüße, ${name}!`; }"));
        WireResponse response = (WireResponse) isolate.dispatch(Workers.fetch("GET", "https://example.com/?name=Zoë", null));
        assertEquals(201, response.status());
        assertEquals("Grüße, Zoë!", Workers.text(response));
        assertEquals("Zoë", response.header("x-greeted"));
    }

    @Test
    void requestBodyAndMethodReachTheHandler() {
        Isolate isolate = isolate();
        isolate.load(Workers.code("echo.js",
                "export default { async fetch(req) { const t = await req.text();"
                        + " return Response.json({ method: req.method, body: t, type: req.headers.get('content-type') }); } };"));
        Object response = isolate.dispatch(Workers.fetch("POST", "https://x.test/echo",
                "ünïcode ✓".getBytes(java.nio.charset.StandardCharsets.UTF_8), "content-type", "text/plain; charset=utf-8"));
        assertEquals("{\"method\":\"POST\",\"body\":\"ünïcode ✓\",\"type\":\"text/plain; charset=utf-8\"}", Workers.text(response));
    }

    @Test
    void consoleOutputIsCapturedPerWorker() {
        Workers.RecordingHost first = new Workers.RecordingHost();
        Workers.RecordingHost second = new Workers.RecordingHost();
        Isolate a = Isolate.builder(BASE).withServices(first).build();
        Isolate b = Isolate.builder(BASE).withServices(second).build();
        String source = "export function say(what) { console.log('saying', what); console.error('oops', { n: 1 }); return what; }";
        a.load(Workers.code("a.js", source));
        b.load(Workers.code("b.js", source));
        a.dispatch(Workers.call("say", "from a"));
        b.dispatch(Workers.call("say", "from b"));
        assertTrue(first.lines.contains("1:saying from a"), first.lines::toString);
        assertTrue(first.lines.stream().anyMatch(l -> l.startsWith("3:oops")), first.lines::toString);
        assertTrue(first.lines.stream().noneMatch(l -> l.contains("from b")), first.lines::toString);
        assertTrue(second.lines.contains("1:saying from b"), second.lines::toString);
    }

    @Test
    void aGlobalSetInOneIsolateIsInvisibleInAnotherFromTheSameSnapshot() {
        String source = "export function set(v) { globalThis.shared = v; Array.prototype.evil = 1; return v; }\n"
                + "export function get() { return [typeof globalThis.shared, typeof [].evil]; }";
        Isolate loaded = isolate();
        loaded.load(Workers.code("g.js", source));
        Snapshot code = loaded.snapshot();
        Isolate first = Isolate.builder(code).build();
        Isolate second = Isolate.builder(code).build();
        first.dispatch(Workers.call("set", "secret"));
        assertEquals(java.util.List.of("string", "number"), ((radicchio.bindings.abi.JsArray) first.dispatch(Workers.call("get"))).elements());
        assertEquals(java.util.List.of("undefined", "undefined"), ((radicchio.bindings.abi.JsArray) second.dispatch(Workers.call("get"))).elements());
    }

    @Test
    void isolatesFromACodeSnapshotNeedNoLoad() {
        Isolate loaded = isolate();
        loaded.load(Workers.code("counter.js", "let n = 0; export function next() { return ++n; }"));
        loaded.dispatch(Workers.call("next"));
        Snapshot code = loaded.snapshot();
        assertEquals(2, ((Number) Isolate.builder(code).build().dispatch(Workers.call("next"))).intValue());
        assertEquals(2, ((Number) Isolate.builder(code).build().dispatch(Workers.call("next"))).intValue());
        assertEquals(2, ((Number) loaded.dispatch(Workers.call("next"))).intValue());
    }

    @Test
    void syntaxErrorsNameTheFileAndLine() {
        Isolate isolate = isolate();
        JsException e = assertThrows(JsException.class, () -> isolate.load(Workers.code(
                "main.js", "import './broken.js';\nexport default {};",
                "broken.js", "const ok = 1;\nconst = 2;\n")));
        assertEquals("SyntaxError", e.name());
        assertTrue(e.jsStack() != null && e.jsStack().contains("broken.js:2"), e.getMessage());
    }

    @Test
    void topLevelExceptionsComeBackWithMessageFileAndLine() {
        Isolate isolate = isolate();
        JsException e = assertThrows(JsException.class, () -> isolate.load(Workers.code(
                "main.js", "export default {};\n\nthrow new TypeError('bad config: ' + 42);\n")));
        assertEquals("TypeError", e.name());
        assertEquals("bad config: 42", e.jsMessage());
        assertTrue(e.jsStack().contains("main.js:3"), e.jsStack());
        // A JS error leaves the isolate usable.
        assertEquals(3, ((Number) isolateWith("export function add(a, b) { return a + b; }").dispatch(Workers.call("add", 1, 2))).intValue());
    }

    @Test
    void missingModulesAreReportedByName() {
        JsException e = assertThrows(JsException.class, () -> isolate().load(Workers.code("main.js", "import './nope.js';")));
        assertTrue(e.getMessage().contains("nope.js"), e.getMessage());
    }

    @Test
    void exceptionsInHandlersKeepTheirNameMessageAndStack() {
        Isolate isolate = isolateWith("export function fail() {\n  throw new RangeError('too far');\n}");
        JsException e = assertThrows(JsException.class, () -> isolate.dispatch(Workers.call("fail")));
        assertEquals("RangeError", e.name());
        assertEquals("too far", e.jsMessage());
        assertTrue(e.jsStack().contains("w.js:2"), e.jsStack());
    }

    @Test
    void timersRunAndAwaitingThemWorks() {
        Isolate isolate = isolateWith("export async function wait() {\n"
                + "  const order = [];\n"
                + "  await new Promise(r => { setTimeout(() => { order.push('b'); r(); }, 20); setTimeout(() => order.push('a'), 5); });\n"
                + "  queueMicrotask(() => order.push('c'));\n"
                + "  await null;\n"
                + "  return order.join('');\n"
                + "}");
        assertEquals("abc", isolate.dispatch(Workers.call("wait")));
    }

    @Test
    void aPromiseThatCanNeverSettleIsAnError() {
        Isolate isolate = isolateWith("export function hang() { return new Promise(() => {}); }");
        JsException e = assertThrows(JsException.class, () -> isolate.dispatch(Workers.call("hang")));
        assertTrue(e.getMessage().contains("will never generate a response"), e.getMessage());
    }

    @Test
    void cpuBudgetStopsAnInfiniteLoopAndNewIsolatesKeepWorking() {
        Isolate isolate = Isolate.builder(BASE).withLimits(Limits.DEFAULT.withCpuPerCall(Duration.ofMillis(100))).build();
        isolate.load(Workers.code("loop.js", "export function spin() { for (;;) {} }"));
        long start = System.nanoTime();
        LimitExceededException e = assertThrows(LimitExceededException.class, () -> isolate.dispatch(Workers.call("spin")));
        assertEquals(LimitExceededException.Kind.CPU, e.kind());
        assertTrue(System.nanoTime() - start < 10_000_000_000L, "stopped within seconds");
        assertTrue(isolate.isDiscarded());
        assertThrows(IsolateDiscardedException.class, () -> isolate.dispatch(Workers.call("spin")));
        assertTrue(!Thread.currentThread().isInterrupted(), "the watchdog's interrupt does not leak to the caller");
        assertEquals(3, ((Number) isolateWith("export function add(a, b) { return a + b; }").dispatch(Workers.call("add", 1, 2))).intValue());
    }

    @Test
    void cpuBudgetStopsAMicrotaskStorm() {
        Isolate isolate = Isolate.builder(BASE).withLimits(Limits.DEFAULT.withCpuPerCall(Duration.ofMillis(100))).build();
        isolate.load(Workers.code("storm.js", "export function storm() { const f = () => Promise.resolve().then(f); f(); return new Promise(() => {}); }"));
        assertThrows(LimitExceededException.class, () -> isolate.dispatch(Workers.call("storm")));
    }

    @Test
    void memoryCapGivesOutOfMemoryAndNewIsolatesKeepWorking() {
        Isolate isolate = Isolate.builder(BASE).withLimits(Limits.DEFAULT.withMemoryBytes(32L << 20)).build();
        isolate.load(Workers.code("bomb.js", "export function bomb() { const a = []; for (;;) a.push('x'.repeat(1 << 20) + a.length); }"));
        GuestException e = assertThrows(GuestException.class, () -> isolate.dispatch(Workers.call("bomb")));
        assertTrue(e.getMessage().contains("out of memory") || e instanceof LimitExceededException, e.toString());
        assertEquals(3, ((Number) isolateWith("export function add(a, b) { return a + b; }").dispatch(Workers.call("add", 1, 2))).intValue());
    }

    @Test
    void runawayRecursionIsARangeError() {
        Isolate isolate = isolateWith("function down(n) { return down(n + 1) + 1; }\n"
                + "export function recurse() { return down(0); }\n"
                + "export function caught() { try { down(0); } catch (e) { return e.constructor.name + ': ' + e.message; } }");
        JsException e = assertThrows(JsException.class, () -> isolate.dispatch(Workers.call("recurse")));
        assertEquals("RangeError", e.name());
        assertEquals("RangeError: Maximum call stack size exceeded", isolate.dispatch(Workers.call("caught")));
        assertEquals(3, ((Number) isolateWith("export function add(a, b) { return a + b; }").dispatch(Workers.call("add", 1, 2))).intValue());
    }

    @Test
    void mathRandomDiffersBetweenIsolatesOfOneSnapshot() {
        Isolate loaded = isolateWith("export function r() { return Math.random(); }");
        Snapshot code = loaded.snapshot();
        Object first = Isolate.builder(code).build().dispatch(Workers.call("r"));
        Object second = Isolate.builder(code).build().dispatch(Workers.call("r"));
        assertTrue(!first.equals(second), first + " vs " + second);
    }

    private static Isolate isolateWith(String source) {
        Isolate isolate = isolate();
        isolate.load(Workers.code("w.js", source));
        return isolate;
    }
}
