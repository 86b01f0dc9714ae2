package radicchio.engine.supervisor;

/**
 * What a worker (or all of a tenant's) used, counted since the tenant started.
 *
 * @param events              events run: requests, RPC calls, facet calls
 * @param cpuNanos            thread CPU time of those events, in nanoseconds
 * @param storageReads        storage requests that read (KV get, getMany, list; SQL reads)
 * @param storageWrites       storage requests that wrote (KV put, delete; SQL that wrote rows)
 * @param storageBytesRead    bytes of the replies of reads
 * @param storageBytesWritten bytes of the writes' requests (keys, values, SQL text and bindings)
 * @param outboundRequests    global {@code fetch()} calls sent to the outbound
 */
public record Usage(long events, long cpuNanos, long storageReads, long storageWrites, long storageBytesRead,
        long storageBytesWritten, long outboundRequests) {
    public static final Usage ZERO = new Usage(0, 0, 0, 0, 0, 0, 0);

    /** The sum of this and {@code other}. */
    public Usage plus(Usage other) {
        return new Usage(events + other.events, cpuNanos + other.cpuNanos, storageReads + other.storageReads,
                storageWrites + other.storageWrites, storageBytesRead + other.storageBytesRead,
                storageBytesWritten + other.storageBytesWritten, outboundRequests + other.outboundRequests);
    }
}
