package radicchio.engine.cli;

import radicchio.bindings.JsException;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Formats a worker's load error the way config errors read, {@code path/to/file.js:4: SyntaxError:
 * message}, from the JS error's first stack frame that names one of the app's modules (module
 * names are paths relative to the main module's folder). The full engine message, with the
 * stack, follows on the next lines.
 */
final class CodeErrors {
    /** "at fn (name.js:4:5)" or "at name.js:4:5": the module name and line. */
    private static final Pattern FRAME = Pattern.compile("at (?:[^\\n(]*\\()?([^\\s():]+\\.m?js):(\\d+)");

    private CodeErrors() {}

    static String format(RuntimeException failure, Path baseDir) {
        JsException js = find(failure);
        String message = failure.getMessage() == null ? failure.toString() : failure.getMessage().strip();
        if (js == null || js.jsStack() == null) {
            return message;
        }
        Matcher frame = FRAME.matcher(js.jsStack());
        if (!frame.find()) {
            return message;
        }
        String file = baseDir == null ? frame.group(1) : baseDir.resolve(frame.group(1)).normalize().toString();
        return file + ":" + frame.group(2) + ": " + js.name() + ": " + js.jsMessage() + "\n" + message;
    }

    private static JsException find(Throwable t) {
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof JsException js) {
                return js;
            }
        }
        return null;
    }
}
