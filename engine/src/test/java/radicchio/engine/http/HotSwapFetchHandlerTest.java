package radicchio.engine.http;

import org.junit.jupiter.api.Test;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;
import radicchio.engine.App;
import radicchio.engine.AppConfig;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The swap logic alone (the real engine's reload is in DevSessionTest). */
class HotSwapFetchHandlerTest {
    /** An app answering its name, optionally blocking until released; records whether it was closed. */
    private static final class NamedApp implements App {
        final String name;
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release;
        final AtomicBoolean closed = new AtomicBoolean();

        NamedApp(String name, boolean blocking) {
            this.name = name;
            this.release = new CountDownLatch(blocking ? 1 : 0);
        }

        @Override
        public AppConfig config() {
            throw new UnsupportedOperationException();
        }

        @Override
        public WireResponse fetch(WireRequest request) throws Exception {
            if (closed.get()) {
                throw new IllegalStateException(name + " is closed");
            }
            entered.countDown();
            assertTrue(release.await(10, TimeUnit.SECONDS));
            return new WireResponse(200, "", List.of(), name.getBytes());
        }

        @Override
        public void close() {
            closed.set(true);
        }
    }

    private static final WireRequest GET = new WireRequest("GET", "http://x/", List.of(), null);

    @Test
    void theOldAppFinishesItsRequestsAndClosesAfterwards() throws Exception {
        NamedApp v1 = new NamedApp("v1", true);
        NamedApp v2 = new NamedApp("v2", false);
        HotSwapFetchHandler handler = new HotSwapFetchHandler(v1);
        CompletableFuture<WireResponse> inFlight = CompletableFuture.supplyAsync(() -> {
            try {
                return handler.fetch(GET);
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(v1.entered.await(10, TimeUnit.SECONDS));

        handler.swap(v2);
        assertEquals("v2", new String(handler.fetch(GET).body()), "new requests go to the new app");
        assertFalse(v1.closed.get(), "closed while a request was still inside");

        v1.release.countDown();
        assertEquals("v1", new String(inFlight.get(10, TimeUnit.SECONDS).body()));
        assertTrue(v1.closed.get(), "the old app closes when its last request is done");
        assertFalse(v2.closed.get());

        handler.close();
        assertTrue(v2.closed.get());
    }

    @Test
    void anIdleOldAppClosesAtOnce() {
        NamedApp v1 = new NamedApp("v1", false);
        HotSwapFetchHandler handler = new HotSwapFetchHandler(v1);
        handler.swap(new NamedApp("v2", false));
        assertTrue(v1.closed.get());
    }
}
