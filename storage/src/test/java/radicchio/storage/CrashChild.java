package radicchio.storage;

import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * Child process of {@link CrashTest}: increments a KV counter forever, one durable event per
 * increment, and prints each value only after {@link ObjectStore#commitEvent()} returned, i.e.
 * after the storage layer acknowledged it as durable. The parent kills it with SIGKILL.
 */
public final class CrashChild {
  static final ObjectKey KEY = ObjectKey.of("Crash", "c0ffee");
  static final String COUNTER = "counter";

  private CrashChild() {}

  static long decode(byte[] value) {
    return value == null ? 0 : ByteBuffer.wrap(value).getLong();
  }

  public static void main(String[] args) {
    ObjectStore store = ObjectStore.open(Path.of(args[0]), KEY);
    while (true) {
      long acknowledged = store.runEvent(() -> {
        long next = decode(store.kv().get(COUNTER)) + 1;
        store.kv().put(COUNTER, ByteBuffer.allocate(8).putLong(next).array());
        return next;
      });
      System.out.println(acknowledged);
      System.out.flush();
    }
  }
}
