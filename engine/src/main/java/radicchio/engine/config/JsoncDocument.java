package radicchio.engine.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A JSONC file (JSON with comments and trailing commas, as wrangler reads it) parsed into a
 * Jackson tree, plus the line each field starts on, so that a config error can say
 * {@code wrangler.jsonc:7: durable_objects.bindings[0].class_name: ...}. Jackson's trees do not
 * keep locations, hence the tree is built here from the token stream.
 *
 * <p>Field paths are written {@code a.b[0].c}; the root is the empty path.
 */
final class JsoncDocument {
    private static final JsonFactory JSONC = new JsonFactoryBuilder()
            .enable(JsonReadFeature.ALLOW_JAVA_COMMENTS)
            .enable(JsonReadFeature.ALLOW_TRAILING_COMMA)
            // A config file is small; these bounds keep a hostile one from costing much.
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxStringLength(1 << 20)
                    .maxNumberLength(100)
                    .build())
            .build();

    private final Path file;
    private final JsonNode root;
    private final Map<String, Integer> lines;

    private JsoncDocument(Path file, JsonNode root, Map<String, Integer> lines) {
        this.file = file;
        this.root = root;
        this.lines = lines;
    }

    /** Parses {@code text}, read from {@code file} (named in errors). */
    static JsoncDocument parse(Path file, String text) throws ConfigException {
        Map<String, Integer> lines = new HashMap<>();
        try (JsonParser parser = JSONC.createParser(text)) {
            if (parser.nextToken() == null) {
                throw new ConfigException(file, 1, null, "the file is empty; expected a JSON object");
            }
            JsonNode root = new TreeBuilder(file, parser, lines).value("");
            if (parser.nextToken() != null) {
                throw new ConfigException(file, line(parser.currentTokenLocation()), null,
                        "unexpected content after the top-level value");
            }
            return new JsoncDocument(file, root, lines);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new ConfigException(file, where == null ? 0 : line(where), null,
                    "invalid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(file, 0, null, "cannot read: " + e.getMessage(), e);
        }
    }

    Path file() {
        return file;
    }

    JsonNode root() {
        return root;
    }

    /** The line where {@code path} (or its closest ancestor that has a line) starts. */
    int lineOf(String path) {
        String p = path;
        while (true) {
            Integer line = lines.get(p);
            if (line != null) {
                return line;
            }
            if (p.isEmpty()) {
                return 0;
            }
            p = parent(p);
        }
    }

    /** An error located at {@code path}. */
    ConfigException error(String path, String problem) {
        return new ConfigException(file, lineOf(path), path, problem);
    }

    static String child(String path, String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    static String element(String path, int index) {
        return path + "[" + index + "]";
    }

    private static String parent(String path) {
        int cut = Math.max(path.lastIndexOf('.'), path.lastIndexOf('['));
        return cut < 0 ? "" : path.substring(0, cut);
    }

    private static int line(JsonLocation location) {
        return Math.max(location.getLineNr(), 0);
    }

    /** Builds the tree from the parser's tokens, recording each value's line by path. */
    private static final class TreeBuilder {
        private final Path file;
        private final JsonParser parser;
        private final Map<String, Integer> lines;
        private final JsonNodeFactory nodes = JsonNodeFactory.instance;

        TreeBuilder(Path file, JsonParser parser, Map<String, Integer> lines) {
            this.file = file;
            this.parser = parser;
            this.lines = lines;
        }

        /** Reads the value at the current token. */
        JsonNode value(String path) throws IOException, ConfigException {
            lines.putIfAbsent(path, line(parser.currentTokenLocation()));
            JsonToken token = parser.currentToken();
            switch (token) {
                case START_OBJECT: {
                    ObjectNode object = nodes.objectNode();
                    while (parser.nextToken() == JsonToken.FIELD_NAME) {
                        String name = parser.currentName();
                        String fieldPath = child(path, name);
                        int fieldLine = line(parser.currentTokenLocation());
                        if (object.has(name)) {
                            throw new ConfigException(file, fieldLine, fieldPath, "duplicate field");
                        }
                        // The field's own line, not its value's (they differ for "a":\n {...}).
                        lines.put(fieldPath, fieldLine);
                        parser.nextToken();
                        object.set(name, value(fieldPath));
                    }
                    return object;
                }
                case START_ARRAY: {
                    ArrayNode array = nodes.arrayNode();
                    int index = 0;
                    while (parser.nextToken() != JsonToken.END_ARRAY) {
                        array.add(value(element(path, index++)));
                    }
                    return array;
                }
                case VALUE_STRING:
                    return nodes.textNode(parser.getText());
                case VALUE_NUMBER_INT:
                    return nodes.numberNode(parser.getBigIntegerValue());
                case VALUE_NUMBER_FLOAT:
                    return nodes.numberNode(parser.getDecimalValue());
                case VALUE_TRUE:
                    return nodes.booleanNode(true);
                case VALUE_FALSE:
                    return nodes.booleanNode(false);
                case VALUE_NULL:
                    return nodes.nullNode();
                default:
                    throw new ConfigException(file, line(parser.currentTokenLocation()), path,
                            "unexpected " + token);
            }
        }
    }
}
