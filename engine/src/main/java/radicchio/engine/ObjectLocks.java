package radicchio.engine;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Takes objects' event locks on behalf of {@link CallChain}s without deadlocking. An object's
 * lock is held for its whole event, including while the event waits for calls to other objects;
 * a cycle of calls (A → B → A within one chain, or chain 1 holding A waiting for B while chain 2
 * holds B waiting for A) would wait forever. Before and while waiting, the wait-for graph (owner
 * chain of the target → the object that chain waits for → its owner ...) is walked; reaching the
 * caller's own chain means a cycle, and the call fails with a clear error instead.
 */
final class ObjectLocks {
    /** How often a waiting caller re-checks the graph (owners change while it waits). */
    private static final long RECHECK_MILLIS = 20;

    private final Map<CallChain, LiveObject> waitingFor = new HashMap<>();

    /** Takes {@code target}'s lock for {@code chain}, or throws a JS error naming the cycle. */
    void acquire(LiveObject target, CallChain chain) throws InterruptedException {
        CallChain me = chain.root();
        if (target.owner == me) {
            throw cycle(target);
        }
        if (!target.lock.tryLock(0, TimeUnit.NANOSECONDS)) {
            synchronized (this) {
                checkNoCycle(me, target);
                waitingFor.put(me, target);
            }
            try {
                while (!target.lock.tryLock(RECHECK_MILLIS, TimeUnit.MILLISECONDS)) {
                    synchronized (this) {
                        checkNoCycle(me, target);
                    }
                }
            } finally {
                synchronized (this) {
                    waitingFor.remove(me);
                }
            }
        }
        target.owner = me;
    }

    void release(LiveObject target) {
        target.owner = null;
        target.lock.unlock();
    }

    private void checkNoCycle(CallChain me, LiveObject target) {
        CallChain c = target.owner;
        for (int hops = 0; c != null && hops < 100_000; hops++) {
            if (c == me) {
                throw cycle(target);
            }
            LiveObject next = waitingFor.get(c);
            if (next == null) {
                return;
            }
            c = next.owner;
        }
    }

    private static RuntimeException cycle(LiveObject target) {
        return GuestRequest.jsError("Error", "Deadlock: Durable Object " + target.address
                + " is busy with an event that is waiting, directly or through other objects, for this call"
                + " (a cycle of calls between Durable Objects cannot complete).");
    }
}
