package radicchio.engine;

/**
 * A running app: its main worker answers {@link #fetch}; its Durable Objects live in the engine's
 * data folder. Closing it finishes in-flight events, commits and closes its objects' databases.
 */
public interface App extends FetchHandler, AutoCloseable {
    AppConfig config();

    @Override
    void close();
}
