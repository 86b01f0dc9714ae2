package radicchio.engine.http;

import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.handlers.HttpContinueReadHandler;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import io.undertow.util.Methods;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import radicchio.bindings.abi.WireRequest;
import radicchio.bindings.abi.WireResponse;
import radicchio.engine.FetchHandler;
import radicchio.engine.RequestTrace;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An Undertow handler that serves HTTP with a {@link FetchHandler} (an app's main worker).
 * Public so that embedders can mount it in their own Undertow server.
 *
 * <p>Per request: on the IO thread, admission (at most {@code maxInFlight} requests at once, else
 * 503) and the body cap (a Content-Length over {@code maxBodyBytes} is a 413 before anything is
 * read; a chunked body is counted as it streams in and becomes a 413 when it passes the cap, the
 * app never called); the body is read without blocking. Then the request goes to {@code executor}
 * (never the IO threads: the app runs JS and SQLite) where the app is called, and its response
 * goes back to the connection's IO thread to be written. Written from the app's thread, Undertow
 * would finish the exchange there and re-arm the connection's reads from a foreign thread, while
 * the IO thread, woken by the client's next request, spins until that thread is done: on 2 cores
 * that spin was a fifth of the server's CPU under load (benchmarks/README.md, session 14).
 * Failures of the app become 500/503 with a request id ({@link FailureResponse}), the JS stack
 * logged under that id.
 */
public final class FetchHttpHandler implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(FetchHttpHandler.class);
    /** A body over the cap is still drained up to this much more, so the client reads our 413. */
    static final long DRAIN_ALLOWANCE = 1L << 20;
    private static final HttpString REQUEST_ID = HttpString.tryFromString("x-request-id");

    private final FetchHandler app;
    private final Executor executor;
    private final long maxBodyBytes;
    private final int maxInFlight;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final HttpHandler receiveWithContinue = new HttpContinueReadHandler(this::receive);

    /**
     * @param app          answers the requests; may block
     * @param executor     runs the app calls; may reject only when overloaded (Undertow answers
     *                     503); admission is done here
     * @param maxBodyBytes request bodies larger than this get 413
     * @param maxInFlight  requests admitted at once; more get 503
     */
    public FetchHttpHandler(FetchHandler app, Executor executor, long maxBodyBytes, int maxInFlight) {
        this.app = Objects.requireNonNull(app, "app");
        this.executor = Objects.requireNonNull(executor, "executor");
        if (maxBodyBytes < 0 || maxBodyBytes > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("maxBodyBytes out of range: " + maxBodyBytes);
        }
        this.maxBodyBytes = maxBodyBytes;
        this.maxInFlight = maxInFlight;
    }

    /** Requests admitted and not yet answered. */
    public int inFlight() {
        return inFlight.get();
    }

    @Override
    public void handleRequest(HttpServerExchange exchange) throws Exception {
        String requestId = RequestInfo.of(exchange).requestId();
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            sendFailure(exchange, FailureResponse.busy(requestId), requestId);
            return;
        }
        exchange.addExchangeCompleteListener((ex, next) -> {
            inFlight.decrementAndGet();
            next.proceed();
        });

        long declared = exchange.getRequestContentLength();
        if (declared > maxBodyBytes) {
            // Nothing read yet; closing is cheaper than draining a body we refuse.
            exchange.setPersistent(false);
            sendTooLarge(exchange, requestId);
            return;
        }
        if (declared == 0 || (declared < 0 && !isChunked(exchange))) {
            dispatch(exchange, requestId, null);
            return;
        }
        // Sends "100 Continue" to a client that asked for it, when the body is first read: only
        // once the request passed the checks above (a refused one gets its 413 instead).
        receiveWithContinue.handleRequest(exchange);
    }

    /** Reads the body on the IO thread without blocking, then dispatches; over the cap, a 413. */
    private void receive(HttpServerExchange exchange) {
        String requestId = RequestInfo.of(exchange).requestId();
        BodyCollector body = new BodyCollector(exchange.getRequestContentLength(), maxBodyBytes);
        exchange.getRequestReceiver().receivePartialBytes((ex, chunk, last) -> {
            if (body.refused) {
                return; // answered already; the connection is closing
            }
            body.add(chunk);
            if (body.size() > maxBodyBytes + DRAIN_ALLOWANCE) {
                body.refused = true;
                ex.setPersistent(false);
                sendTooLarge(ex, requestId);
                return;
            }
            if (last) {
                if (body.size() > maxBodyBytes) {
                    sendTooLarge(ex, requestId);
                } else {
                    dispatch(ex, requestId, body.bytes());
                }
            }
        }, (ex, error) -> {
            LOG.debug("request {}: reading the body failed: {}", requestId, error.toString());
            ex.setPersistent(false);
            ex.setStatusCode(400);
            ex.endExchange();
        });
    }

    private static boolean isChunked(HttpServerExchange exchange) {
        return exchange.getRequestHeaders().contains(Headers.TRANSFER_ENCODING);
    }

    private void dispatch(HttpServerExchange exchange, String requestId, byte[] body) {
        exchange.dispatch(executor, () -> respond(exchange, requestId, body));
    }

    /** On an executor thread: calls the app and writes its answer. */
    private void respond(HttpServerExchange exchange, String requestId, byte[] body) {
        WireRequest request;
        try {
            request = WireRequestBuilder.build(exchange, body);
        } catch (WireRequestBuilder.BadRequest e) {
            exchange.setPersistent(false);
            sendText(exchange, 400, e.getMessage() + "\n", requestId);
            return;
        }
        WireResponse response;
        RequestTrace trace = RequestTrace.start();
        RequestInfo.of(exchange).trace(trace);
        try {
            response = app.fetch(request);
            if (response == null) {
                throw new WireResponseWriter.InvalidResponse("the app returned no response");
            }
            WireResponseWriter.validate(response);
        } catch (Throwable failure) {
            if (failure instanceof VirtualMachineError && !(failure instanceof StackOverflowError)) {
                throw (VirtualMachineError) failure;
            }
            logFailure(exchange, requestId, failure);
            sendFailure(exchange, FailureResponse.of(failure, requestId), requestId);
            return;
        } finally {
            trace.finish();
        }
        // Undertow runs this on the IO thread once respond() returns (see the class comment).
        exchange.dispatch(exchange.getIoThread(), () -> write(exchange, response, requestId));
    }

    private static void write(HttpServerExchange exchange, WireResponse response, String requestId) {
        try {
            WireResponseWriter.write(exchange, response, requestId);
        } catch (RuntimeException e) {
            LOG.warn("request {}: writing the response failed: {}", requestId, e.toString());
            exchange.setPersistent(false);
            exchange.endExchange();
        }
    }

    private static void logFailure(HttpServerExchange exchange, String requestId, Throwable failure) {
        String what = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        if (FailureResponse.isHostProblem(failure)) {
            LOG.error("request {}: {} failed: {}", requestId, what, FailureResponse.describe(failure), failure);
        } else {
            LOG.error("request {}: {} failed: {}", requestId, what, FailureResponse.describe(failure));
        }
    }

    private void sendTooLarge(HttpServerExchange exchange, String requestId) {
        sendText(exchange, 413, "The request body is larger than " + maxBodyBytes + " bytes.\nRequest id: "
                + requestId + "\n", requestId);
    }

    private static void sendFailure(HttpServerExchange exchange, FailureResponse failure, String requestId) {
        sendText(exchange, failure.status(), failure.body(), requestId, failure.retryLater());
    }

    private static void sendText(HttpServerExchange exchange, int status, String text, String requestId) {
        sendText(exchange, status, text, requestId, false);
    }

    private static void sendText(HttpServerExchange exchange, int status, String text, String requestId,
                                 boolean retryLater) {
        if (exchange.isResponseStarted()) {
            exchange.setPersistent(false);
            exchange.endExchange();
            return;
        }
        exchange.getResponseHeaders().clear();
        exchange.setStatusCode(status);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, "text/plain; charset=utf-8");
        exchange.getResponseHeaders().put(REQUEST_ID, requestId);
        if (retryLater) {
            exchange.getResponseHeaders().put(Headers.RETRY_AFTER, "1");
        }
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        exchange.setResponseContentLength(bytes.length);
        if (exchange.getRequestMethod().equals(Methods.HEAD)) {
            exchange.endExchange();
        } else {
            exchange.getResponseSender().send(ByteBuffer.wrap(bytes));
        }
    }

    /** Accumulates a streamed body; sized up front when the length is declared. */
    private static final class BodyCollector {
        private final ByteArrayOutputStream out;
        private final long cap;
        private long size;
        /** Set once the 413 went out mid-body. */
        boolean refused;

        BodyCollector(long declared, long cap) {
            this.cap = cap;
            out = new ByteArrayOutputStream((int) Math.min(Math.max(declared, 256), 1 << 20));
        }

        /** Keeps the chunk while the total is within the cap; past it only counts (the body is refused). */
        void add(byte[] chunk) {
            size += chunk.length;
            if (size <= cap) {
                out.write(chunk, 0, chunk.length);
            }
        }

        long size() {
            return size;
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }
}
