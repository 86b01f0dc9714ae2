package radicchio.engine;

import java.time.Duration;
import radicchio.bindings.Limits;
import radicchio.bindings.abi.JsObject;
import radicchio.bindings.abi.Undefined;
import radicchio.engine.supervisor.ExportOptions;

/**
 * The {@code limits: {cpuMs?, subRequests?}} a worker asks for: a WorkerCode's, or the options of
 * {@code getEntrypoint()} / {@code getDurableObjectClass()}. They can only lower what applies
 * already (the engine's limits, the code's): the lower value wins, as on the platform.
 *
 * @param cpuMs CPU milliseconds per event, or null for no lowering
 * @param subRequests subrequests per event, or null for no lowering
 */
record CodeLimits(Long cpuMs, Integer subRequests) {
    static final CodeLimits NONE = new CodeLimits(null, null);

    /** Checks a guest's {@code limits} value (hostile input); undefined or null is {@link #NONE}. */
    static CodeLimits of(Object value) {
        if (value == null || value == Undefined.INSTANCE) {
            return NONE;
        }
        if (!(value instanceof JsObject limits)) {
            throw GuestRequest.typeError("limits must be an object {cpuMs?, subRequests?}.");
        }
        return new CodeLimits(cpuMsOf(limits.get("cpuMs")), subRequestsOf(limits.get("subRequests")));
    }

    private static Long cpuMsOf(Object value) {
        if (value == null || value == Undefined.INSTANCE) {
            return null;
        }
        if (!(value instanceof Number n) || !(n.doubleValue() >= 1)) { // NaN too
            throw GuestRequest.typeError("limits.cpuMs must be a number of milliseconds, at least 1.");
        }
        return (long) Math.min(n.doubleValue(), Long.MAX_VALUE);
    }

    private static Integer subRequestsOf(Object value) {
        if (value == null || value == Undefined.INSTANCE) {
            return null;
        }
        if (!(value instanceof Number n) || !(n.doubleValue() >= 0)) { // NaN too
            throw GuestRequest.typeError("limits.subRequests must be a number, at least 0.");
        }
        double count = Math.floor(n.doubleValue());
        return count >= IsolateFactory.UNLIMITED ? IsolateFactory.UNLIMITED : (int) count;
    }

    /** The limits of a Java supervisor's options (checked when they were set). */
    static CodeLimits of(ExportOptions options) {
        return new CodeLimits(options.cpuMs(), options.subRequests());
    }

    /** {@code limits} with its CPU time per call lowered to {@link #cpuMs} when that is lower. */
    Limits lower(Limits limits) {
        if (cpuMs != null && cpuMs < limits.cpuPerCall().toMillis()) {
            return limits.withCpuPerCall(Duration.ofMillis(cpuMs));
        }
        return limits;
    }

    /** {@code subrequestLimit} lowered to {@link #subRequests} when that is lower. */
    int lower(int subrequestLimit) {
        return subRequests != null ? Math.min(subRequests, subrequestLimit) : subrequestLimit;
    }
}
