package radicchio.engine.supervisor;

/**
 * One console line of a tenant's worker.
 *
 * @param worker  the worker, object or facet that wrote it, e.g. {@code acme/AppRunner:1f2e3d4c5b6a7988/app}
 * @param level   0 debug, 1 log/info, 2 warn, 3 error (the guest's levels)
 * @param message the line, cut at 16 KiB characters
 */
public record LogLine(String worker, int level, String message) {}
