package dev.qrexec.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.qrexec.eval.Request;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Requests as JSON lines, one object per line:
 * {@code {"source", "target", "service_and_arg", "requested_source"?}}.
 */
final class RequestLines {
    /** A line that is not a valid request. */
    static final class BadRequestLine extends Exception {
        private static final long serialVersionUID = 1L;

        BadRequestLine(int line, String message) {
            super("line " + line + ": " + message);
        }
    }

    private RequestLines() {}

    /** Reads {@code file}, or standard input when it is {@code -}. */
    static List<Request> read(String file, InputStream stdin) throws IOException, BadRequestLine {
        InputStream in = file.equals("-") ? stdin : Files.newInputStream(Path.of(file));
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<Request> requests = new ArrayList<>();
            String text;
            int number = 0;
            while ((text = reader.readLine()) != null) {
                number++;
                if (!text.isBlank()) {
                    requests.add(parse(text, number));
                }
            }
            return requests;
        }
    }

    static Request parse(String text, int number) throws BadRequestLine {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(text);
        } catch (IOException e) {
            throw new BadRequestLine(number, "not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new BadRequestLine(number, "not a JSON object");
        }
        return Request.of(field(node, "source", number), field(node, "target", number),
                field(node, "service_and_arg", number),
                node.hasNonNull("requested_source") ? node.get("requested_source").asText() : "");
    }

    private static String field(JsonNode node, String name, int number) throws BadRequestLine {
        JsonNode value = node.get(name);
        if (value == null || !value.isTextual()) {
            throw new BadRequestLine(number, "\"" + name + "\" must be a string");
        }
        return value.asText();
    }
}
