package dev.qrexec.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.parser.Diagnostic;

/** JSON output shared by the commands. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /** A diagnostic as {@code {"file","line","column","severity","code","message"}}. */
    public static ObjectNode diagnostic(Diagnostic d) {
        ObjectNode node = MAPPER.createObjectNode();
        node.put("file", d.position().file());
        node.put("line", d.position().line());
        node.put("column", d.position().column());
        node.put("severity", d.severity().word());
        node.put("code", d.code().id());
        node.put("message", d.message());
        return node;
    }
}
