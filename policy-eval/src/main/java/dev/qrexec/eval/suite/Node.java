package dev.qrexec.eval.suite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML or JSON value with the line it starts on: what a test file is read into, so
 * that every test and every mistake can be named by its line.
 */
sealed interface Node {
    int line();

    /** A mapping, keys in file order. */
    record Mapping(Map<String, Node> entries, int line) implements Node {}

    /** A sequence. */
    record Sequence(List<Node> items, int line) implements Node {}

    /** A scalar as text, with its JSON kind. */
    record Scalar(String text, Kind type, int line) implements Node {
        boolean isNull() {
            return type == Kind.NULL;
        }
    }

    /** The JSON kinds of scalars. */
    enum Kind { STRING, NUMBER, BOOLEAN, NULL }

    /** The value as JSON text. */
    default String json() {
        StringBuilder out = new StringBuilder();
        switch (this) {
            case Mapping m -> {
                out.append('{');
                boolean first = true;
                for (Map.Entry<String, Node> e : m.entries().entrySet()) {
                    out.append(first ? "" : ",").append(quote(e.getKey())).append(':').append(e.getValue().json());
                    first = false;
                }
                out.append('}');
            }
            case Sequence s -> {
                out.append('[');
                for (int i = 0; i < s.items().size(); i++) {
                    out.append(i == 0 ? "" : ",").append(s.items().get(i).json());
                }
                out.append(']');
            }
            case Scalar s -> out.append(switch (s.type()) {
                case STRING -> quote(s.text());
                case NUMBER, BOOLEAN, NULL -> s.text();
            });
        }
        return out.toString();
    }

    private static String quote(String text) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** What kind of value this is, for messages. */
    default String kind() {
        return switch (this) {
            case Mapping m -> "a mapping";
            case Sequence s -> "a list";
            case Scalar s -> s.isNull() ? "null" : "a scalar";
        };
    }

    /** Reads a whole document: YAML (JSON is YAML too) unless {@code json}. */
    static Node read(String text, boolean json) throws IOException, TestFileException {
        JsonFactory factory = json ? new JsonFactory() : new YAMLFactory();
        try (JsonParser parser = factory.createParser(text)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                return new Mapping(Map.of(), 1);
            }
            Node node = value(parser);
            if (parser.nextToken() != null) {
                throw new TestFileException(line(parser), "more than one document");
            }
            return node;
        }
    }

    private static int line(JsonParser parser) {
        return Math.max(1, parser.currentTokenLocation().getLineNr());
    }

    private static Node value(JsonParser parser) throws IOException, TestFileException {
        int line = line(parser);
        JsonToken token = parser.currentToken();
        switch (token) {
            case START_OBJECT -> {
                Map<String, Node> entries = new LinkedHashMap<>();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    String key = parser.currentName();
                    int keyLine = line(parser);
                    parser.nextToken();
                    if (entries.put(key, value(parser)) != null) {
                        throw new TestFileException(keyLine, "key " + key + " given twice");
                    }
                }
                return new Mapping(entries, line);
            }
            case START_ARRAY -> {
                List<Node> items = new ArrayList<>();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    items.add(value(parser));
                }
                return new Sequence(items, line);
            }
            case VALUE_NULL -> {
                return new Scalar("null", Kind.NULL, line);
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return new Scalar(parser.getText(), Kind.BOOLEAN, line);
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return new Scalar(parser.getText(), Kind.NUMBER, line);
            }
            default -> {
                return new Scalar(parser.getText(), Kind.STRING, line);
            }
        }
    }
}
