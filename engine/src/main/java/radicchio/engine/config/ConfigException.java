package radicchio.engine.config;

import java.nio.file.Path;

/**
 * A config or code error a user must fix, located in a file: the message reads
 * {@code wrangler.jsonc:7: durable_objects.bindings[0].class_name: must be a string}, the shape
 * compilers use, so editors and terminals can jump to it.
 */
public final class ConfigException extends Exception {
    private final Path file;
    private final int line;
    private final String field;
    private final String problem;

    /**
     * @param file    the file at fault (shown by its name relative to nothing: as given)
     * @param line    1-based line, or 0 when unknown
     * @param field   the config field path ({@code a.b[0].c}), or null for a whole-file problem
     * @param problem what is wrong, e.g. {@code must be a string}
     */
    public ConfigException(Path file, int line, String field, String problem) {
        this(file, line, field, problem, null);
    }

    public ConfigException(Path file, int line, String field, String problem, Throwable cause) {
        super(format(file, line, field, problem), cause);
        this.file = file;
        this.line = line;
        this.field = field;
        this.problem = problem;
    }

    private static String format(Path file, int line, String field, String problem) {
        StringBuilder s = new StringBuilder(String.valueOf(file));
        if (line > 0) {
            s.append(':').append(line);
        }
        s.append(": ");
        if (field != null && !field.isEmpty()) {
            s.append(field).append(": ");
        }
        return s.append(problem).toString();
    }

    public Path file() {
        return file;
    }

    /** 1-based line, 0 when unknown. */
    public int line() {
        return line;
    }

    /** The field path, or null. */
    public String field() {
        return field;
    }

    /** The problem without the location. */
    public String problem() {
        return problem;
    }
}
