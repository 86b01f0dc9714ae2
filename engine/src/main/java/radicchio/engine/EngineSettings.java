package radicchio.engine;

import java.nio.file.Path;
import java.time.Duration;
import radicchio.bindings.Limits;

/** The engine's configuration, as built by {@link Engine.Builder}; {@code outbound} may be null (fetch() denied). */
record EngineSettings(Path dataDir, Limits limits, Duration hibernateAfter, int threads, OutboundFetcher outbound) {}
