package radicchio.engine.storage;

import radicchio.bindings.JsException;
import radicchio.bindings.abi.JsError;
import radicchio.storage.StorageException;

/**
  * Turns what the storage layer throws into the JS error the worker sees, with the platform's
  * error names: sizes and counts over a limit are {@code RangeError}s, other bad arguments
  * {@code TypeError}s, SQLite and storage failures plain {@code Error}s. Messages of the storage
  * module are safe to show (they never name files); anything unexpected is reported without its
  * details, which stay in the host's log.
  */
final class StorageErrors {
    /** Message starts of the storage module's argument errors that the platform raises as RangeError. */
    private static final String[] RANGE_ERROR_PREFIXES = {
        "Keys cannot be larger than",
        "Key \"",
        "Values cannot be larger than",
        "Value for key \"",
        "Maximum number of keys is",
    };

    private StorageErrors() {}

    static JsException typeError(String message) {
        return error("TypeError", message);
    }

    static JsException rangeError(String message) {
        return error("RangeError", message);
    }

    static JsException error(String name, String message) {
        return new JsException(name, message, null, new JsError(name, message));
    }

    /** The JS error for {@code e}; null if {@code e} is not an error the worker should see as is. */
    static JsException translate(RuntimeException e) {
        if (e instanceof IllegalArgumentException) {
            String message = String.valueOf(e.getMessage());
            for (String prefix : RANGE_ERROR_PREFIXES) {
                if (message.startsWith(prefix)) {
                    return rangeError(message);
                }
            }
            return typeError(message);
        }
        if (e instanceof StorageException || e instanceof IllegalStateException) {
            return error("Error", String.valueOf(e.getMessage()));
        }
        return null;
    }
}
