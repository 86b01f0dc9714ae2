package radicchio.engine.http;

import io.undertow.Undertow;
import io.undertow.UndertowOptions;
import io.undertow.connector.ByteBufferPool;
import io.undertow.server.DefaultByteBufferPool;
import io.undertow.server.HttpHandler;
import io.undertow.server.protocol.http.HttpOpenListener;
import org.xnio.ChannelListener;
import org.xnio.ChannelListeners;
import org.xnio.IoUtils;
import org.xnio.OptionMap;
import org.xnio.Options;
import org.xnio.StreamConnection;
import org.xnio.Xnio;
import org.xnio.XnioWorker;
import org.xnio.channels.AcceptingChannel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;

/**
 * An HTTP/1.1 listener assembled from Undertow's parts rather than its {@code Undertow} builder,
 * because a graceful shutdown needs to close the accepting socket while the accepted connections
 * finish their requests — the builder's only ways to stop accepting also close every connection.
 */
final class HttpListener {
    private final XnioWorker worker;
    private final HttpOpenListener openListener;
    private final AcceptingChannel<StreamConnection> acceptor;
    private final int port;

    /**
     * @param maxEntityBytes Undertow's own cut-off for a request body (the connection is dropped
     *                       beyond it); set above the handler's cap, which answers 413 first
     */
    HttpListener(String host, int port, HttpHandler handler, long maxEntityBytes) {
        int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
        Xnio xnio = Xnio.getInstance(Undertow.class.getClassLoader());
        try {
            this.worker = xnio.createWorker(OptionMap.builder()
                    .set(Options.WORKER_IO_THREADS, ioThreads)
                    // Undertow's own blocking tasks only: the app runs on the server's HTTP pool.
                    .set(Options.WORKER_TASK_CORE_THREADS, 2)
                    .set(Options.WORKER_TASK_MAX_THREADS, 4)
                    .set(Options.TCP_NODELAY, true)
                    .getMap());
            ByteBufferPool buffers = new DefaultByteBufferPool(true, 16 * 1024 - 20, -1, 4);
            this.openListener = new HttpOpenListener(buffers, OptionMap.builder()
                    // A client that connects and sends nothing, or dribbles its headers, is cut off.
                    .set(UndertowOptions.REQUEST_PARSE_TIMEOUT, 30_000)
                    .set(UndertowOptions.NO_REQUEST_TIMEOUT, 120_000)
                    .set(UndertowOptions.MAX_ENTITY_SIZE, maxEntityBytes)
                    .getMap());
            openListener.setRootHandler(handler);
            ChannelListener<AcceptingChannel<StreamConnection>> accept = ChannelListeners.openListenerAdapter(openListener);
            this.acceptor = worker.createStreamConnectionServer(new InetSocketAddress(host, port), accept,
                    OptionMap.builder()
                            .set(Options.REUSE_ADDRESSES, true)
                            .set(Options.TCP_NODELAY, true)
                            .set(Options.BACKLOG, 1000)
                            .getMap());
        } catch (IOException e) {
            shutdownQuietly();
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
        }
        this.port = ((InetSocketAddress) acceptor.getLocalAddress()).getPort();
        acceptor.resumeAccepts();
    }

    int port() {
        return port;
    }

    /** Closes the listening socket; accepted connections keep working. */
    void stopAccepting() {
        IoUtils.safeClose(acceptor);
    }

    /** Closes every connection and stops the IO threads. */
    void close() {
        stopAccepting();
        openListener.closeConnections();
        shutdownQuietly();
    }

    private void shutdownQuietly() {
        if (worker != null) {
            worker.shutdownNow();
        }
    }
}
