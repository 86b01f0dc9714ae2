package radicchio.storage;

import java.util.regex.Pattern;

/**
 * Names one Durable Object's storage: its namespace and its id in lowercase hex. Both become
 * folder names under the data directory, so both are validated strictly here (no path
 * separators, no dots, bounded length): an {@code ObjectKey} can never point outside its folder.
 */
public record ObjectKey(String namespace, String objectIdHex) {
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-]{1,128}");
  private static final Pattern ID_HEX = Pattern.compile("[0-9a-f]{1,128}");

  public ObjectKey {
    if (namespace == null || !NAMESPACE.matcher(namespace).matches()) {
      throw new IllegalArgumentException("namespace must match [A-Za-z0-9_-]{1,128}");
    }
    if (objectIdHex == null || !ID_HEX.matcher(objectIdHex).matches()) {
      throw new IllegalArgumentException("object id must be 1-128 lowercase hex digits");
    }
  }

  static boolean isValidNamespace(String namespace) {
    return NAMESPACE.matcher(namespace).matches();
  }

  static boolean isValidObjectId(String objectIdHex) {
    return ID_HEX.matcher(objectIdHex).matches();
  }

  public static ObjectKey of(String namespace, String objectIdHex) {
    return new ObjectKey(namespace, objectIdHex);
  }

  @Override
  public String toString() {
    return namespace + "/" + objectIdHex;
  }
}
