package dev.qrexec.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.DiagnosticFormat;

/** JSON output shared by the commands. */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /**
     * A diagnostic as {@code {"file","line","column","severity","code","message"}}, as
     * {@link DiagnosticFormat#JSON} writes it, to be placed in a larger document.
     */
    public static ObjectNode diagnostic(Diagnostic d) {
        try {
            return (ObjectNode) MAPPER.readTree(DiagnosticFormat.JSON.format(d));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the diagnostic printer wrote invalid JSON", e);
        }
    }
}
