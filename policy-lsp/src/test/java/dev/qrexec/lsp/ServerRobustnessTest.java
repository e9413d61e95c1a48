package dev.qrexec.lsp;

import static dev.qrexec.lsp.Json.array;
import static dev.qrexec.lsp.Json.document;
import static dev.qrexec.lsp.Json.object;
import static dev.qrexec.lsp.Json.position;
import static dev.qrexec.lsp.Json.range;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server never dies: not on malformed messages (bad JSON, missing headers,
 * wrong parameter types, unknown methods, documents it does not know, ranges
 * outside the text), not on broken trees (cycles, missing and unreadable files,
 * undecodable bytes, random text typed anywhere). After each, it still answers.
 */
class ServerRobustnessTest {
    @TempDir
    Path dir;

    private PolicyFixture fixture;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new PolicyFixture(dir);
    }

    private static LspTestClient started(ServerOptions options) throws Exception {
        LspTestClient client = LspTestClient.start(options);
        client.call("initialize", object("processId", null, "rootUri", null, "capabilities", object()));
        client.notify("initialized", object());
        return client;
    }

    /** The server answers a request: it is alive and reading. */
    private static void assertAnswers(LspTestClient client) throws Exception {
        JsonObject response = client.request("workspace/executeCommand", object("command", "no.such.command"));
        assertEquals("\"unknown command no.such.command\"", response.get("result").toString());
    }

    @Test
    void malformedMessagesAreAnsweredOrSkipped() throws Exception {
        try (LspTestClient client = started(fixture.options())) {
            client.sendRaw("Content-Length: 5\r\n\r\n{{{{{".getBytes(StandardCharsets.UTF_8));
            assertAnswers(client);
            client.sendRaw("X-Nothing: here\r\n\r\n".getBytes(StandardCharsets.UTF_8));
            assertAnswers(client);
            client.sendRaw("Content-Length: 2\r\n\r\n[]".getBytes(StandardCharsets.UTF_8));
            assertAnswers(client);
            client.send(object("jsonrpc", "2.0", "id", 500, "method", "textDocument/hover",
                    "params", object("textDocument", 5, "position", "x")));
            assertEquals(-32700, client.awaitResponse(500).getAsJsonObject("error").get("code").getAsInt());
            client.send(object("jsonrpc", "2.0", "id", 501, "method", "no/such", "params", object()));
            assertEquals(-32601, client.awaitResponse(501).getAsJsonObject("error").get("code").getAsInt());
            client.send(object("jsonrpc", "2.0", "id", 502, "method", "textDocument/hover",
                    "params", object("textDocument", document("file:///not/open"), "position", position(0, 0))));
            assertEquals("null", client.awaitResponse(502).get("result").toString());
            client.notify("textDocument/didOpen", object("textDocument", object("uri", "not a uri at all",
                    "languageId", "x", "version", 1, "text", "garbage\u0000 \r\n!include /\n!include-dir ../../..\n")));
            assertAnswers(client);
            client.notify("textDocument/didChange", object("textDocument", object("uri", "not a uri at all",
                    "version", 2), "contentChanges", array(object("range", range(99, 5, -3, 2), "text", "x"))));
            client.notify("textDocument/didChange", object("textDocument", object("uri", "file:///never/opened",
                    "version", 2), "contentChanges", array(object("text", "x"))));
            assertAnswers(client);
            for (String method : new String[] {"textDocument/hover", "textDocument/completion",
                    "textDocument/definition"}) {
                for (int line = -1; line < 5; line++) {
                    JsonObject response = client.request(method, object("textDocument",
                            document("not a uri at all"), "position", position(line, line * 7)));
                    assertFalse(response.has("error"), method + " " + line + ": " + response);
                }
            }
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void randomBytesInFramedMessagesNeverStopTheServer() throws Exception {
        Random random = new Random(12);
        try (LspTestClient client = started(fixture.options())) {
            for (int round = 0; round < 200; round++) {
                byte[] body = new byte[random.nextInt(64)];
                random.nextBytes(body);
                if (round % 3 == 0 && body.length > 0) {
                    body[0] = '{';
                }
                client.sendRaw(("Content-Length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                client.sendRaw(body);
                if (round % 20 == 19) {
                    assertAnswers(client);
                }
            }
            assertAnswers(client);
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void brokenTreesAreDiagnosedNotFatal() throws Exception {
        Path include = fixture.policy.resolve("include");
        PolicyFixture.write(include.resolve("loop"), "!include include/loop\n");
        Files.write(include.resolve("binary"), new byte[] {'a', ' ', (byte) 0xff, (byte) 0xfe, '\n'});
        Files.createSymbolicLink(include.resolve("self"), include.resolve("self"));
        String userUri = PolicyFixture.uri(fixture.user);
        try (LspTestClient client = started(fixture.options())) {
            client.notify("textDocument/didOpen", object("textDocument", object("uri", userUri,
                    "languageId", "qrexecpolicy", "version", 1,
                    "text", "!include include/loop\n!include include/binary\n!include include/self\n"
                            + "!include include/missing\n!include-service x * include/loop\n!compat-4.0\n")));
            JsonObject published = client.awaitNotification("textDocument/publishDiagnostics", userUri);
            String codes = published.getAsJsonArray("diagnostics").asList().stream()
                    .map(d -> d.getAsJsonObject().get("range").getAsJsonObject().getAsJsonObject("start")
                            .get("line").getAsInt() + ":" + d.getAsJsonObject().get("code").getAsString())
                    .toList().toString();
            assertEquals("[0:policy-denies-all, 0:included-file-errors, 1:included-file-errors, 2:not-a-file, "
                    + "3:not-a-file, 4:included-file-errors, 5:compat-transitional, 5:load-failed]", codes);
            assertAnswers(client);

            // random text typed at random places, with requests in between
            Random random = new Random(7);
            String alphabet = "qubes.Filecopy *@anyvm@tag:@type:@dispvm:allow deny ask target= notify=yes !include"
                    + "-dir -service # \n\r\t,+=\u00e9\u2028\ud83d\ude00";
            for (int round = 0; round < 150; round++) {
                StringBuilder text = new StringBuilder();
                for (int i = random.nextInt(40); i > 0; i--) {
                    text.append(alphabet.charAt(random.nextInt(alphabet.length())));
                }
                int line = random.nextInt(8);
                int character = random.nextInt(30);
                client.notify("textDocument/didChange", object("textDocument", object("uri", userUri,
                        "version", round + 2), "contentChanges", array(object("range",
                        range(line, character, line + random.nextInt(2), random.nextInt(30)), "text",
                        text.toString()))));
                String method = switch (round % 5) {
                    case 0 -> "textDocument/hover";
                    case 1 -> "textDocument/completion";
                    case 2 -> "textDocument/definition";
                    case 3 -> "textDocument/codeAction";
                    default -> "textDocument/formatting";
                };
                JsonObject params = object("textDocument", document(userUri), "position",
                        position(random.nextInt(10), random.nextInt(40)));
                if (method.endsWith("codeAction")) {
                    params = object("textDocument", document(userUri), "range", range(0, 0, 20, 0),
                            "context", object("diagnostics", array()));
                } else if (method.endsWith("formatting")) {
                    params = object("textDocument", document(userUri), "options",
                            object("tabSize", 4, "insertSpaces", true));
                }
                JsonObject response = client.request(method, params);
                assertFalse(response.has("error"), method + " after round " + round + ": " + response);
            }
            JsonObject lens = client.request("textDocument/codeLens", object("textDocument", document(userUri)));
            assertFalse(lens.has("error"));
            assertTrue(client.running());
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void theInputClosingEndsTheServerWithStatusOne() throws Exception {
        try (LspTestClient client = started(fixture.options())) {
            client.closeInput();
            assertEquals(1, client.exitStatus());
        }
    }
}
