package dev.qrexec.cli.lsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.cli.ProgramRun;
import dev.qrexec.testdata.Vectors;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code qrexec-policy lsp} as a program: a whole scripted session on its standard
 * input, its answers on standard output; the explain command gives exactly what
 * {@code qrexec-policy explain} prints for the same call.
 */
class LspCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DEMO = Vectors.directory().resolveSibling("demo");
    private static final String POLICY = DEMO.resolve("policy.d").toString();
    private static final String INFO = DEMO.resolve("system-info.json").toString();

    private static String frame(ObjectNode message) throws Exception {
        byte[] body = JSON.writeValueAsBytes(message);
        return "Content-Length: " + body.length + "\r\n\r\n" + new String(body, StandardCharsets.UTF_8);
    }

    private static ObjectNode message(Integer id, String method, JsonNode params) {
        ObjectNode message = JSON.createObjectNode().put("jsonrpc", "2.0");
        if (id != null) {
            message.put("id", id);
        }
        message.put("method", method);
        if (params != null) {
            message.set("params", params);
        }
        return message;
    }

    /** The messages of a framed output stream, in order. */
    private static List<JsonNode> messages(String out) throws Exception {
        List<JsonNode> messages = new ArrayList<>();
        byte[] bytes = out.getBytes(StandardCharsets.UTF_8);
        int i = 0;
        while (i < bytes.length) {
            int end = out.indexOf("\r\n\r\n", 0);
            String rest = new String(bytes, i, bytes.length - i, StandardCharsets.UTF_8);
            end = rest.indexOf("\r\n\r\n");
            int length = Integer.parseInt(rest.substring("Content-Length: ".length(), rest.indexOf("\r\n")));
            int start = i + rest.substring(0, end + 4).getBytes(StandardCharsets.UTF_8).length;
            messages.add(JSON.readTree(new String(bytes, start, length, StandardCharsets.UTF_8)));
            i = start + length;
        }
        return messages;
    }

    @Test
    void aScriptedSessionExplainsAsTheExplainCommandDoes() throws Exception {
        String uri = DEMO.resolve("policy.d/30-user.policy").toUri().toString();
        ArrayNode explain = JSON.createArrayNode().add("work").add("vault").add("qubes.Gpg");
        String input = frame(message(1, "initialize", JSON.createObjectNode().putNull("processId")
                        .set("capabilities", JSON.createObjectNode())))
                + frame(message(null, "initialized", JSON.createObjectNode()))
                + frame(message(2, "workspace/executeCommand", JSON.createObjectNode()
                        .put("command", "qrexec-policy.explain").set("arguments", explain)))
                + frame(message(3, "shutdown", null))
                + frame(message(null, "exit", null));
        ProgramRun run = ProgramRun.runWithInput(input, "qrexec-policy", "lsp", "--stdio", "--policy-dir", POLICY,
                "--system-info", INFO, "--qubesd-socket", "/nonexistent/qubesd.sock");
        assertEquals(0, run.status(), run.err());
        List<JsonNode> messages = messages(run.out());
        assertEquals(3, messages.size(), run.out());
        assertEquals("qrexec-policy", messages.get(0).at("/result/serverInfo/name").asText());
        ProgramRun explained = ProgramRun.qrexecPolicy("explain", "--policy-dir", POLICY, "--system-info", INFO,
                "work", "vault", "qubes.Gpg");
        assertEquals(0, explained.status(), explained.err());
        assertTrue(explained.out().contains("deciding rule: "), explained.out());
        assertEquals(explained.out(), messages.get(1).get("result").asText());
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":null}", messages.get(2).toString());
    }

    @Test
    void withoutShutdownTheStatusIsOne() throws Exception {
        ProgramRun run = ProgramRun.runWithInput(frame(message(null, "exit", null)), "qrexec-policy", "lsp",
                "--policy-dir", POLICY, "--qubesd-socket", "/nonexistent/qubesd.sock");
        assertEquals(1, run.status());
        assertEquals("", run.out());
    }
}
