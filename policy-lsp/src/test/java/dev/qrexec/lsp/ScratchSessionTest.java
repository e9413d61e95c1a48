package dev.qrexec.lsp;

import static dev.qrexec.lsp.Json.*;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScratchSessionTest {
    @Test
    void scratch(@TempDir Path dir) throws Exception {
        PolicyFixture f = new PolicyFixture(dir);
        try (LspTestClient c = LspTestClient.start(f.options())) {
            System.out.println(c.call("initialize", object("processId", null, "rootUri", null, "capabilities", object())));
            c.notify("initialized", object());
            String uri = PolicyFixture.uri(f.user);
            c.notify("textDocument/didOpen", object("textDocument", object("uri", uri, "languageId", "qrexecpolicy", "version", 1, "text", PolicyFixture.USER)));
            System.out.println(c.awaitNotification("textDocument/publishDiagnostics", uri));
            for (int[] p : new int[][] {{1, 0}, {1, 20}, {1, 30}, {2, 30}, {3, 30}, {5, 3}, {6, 5}}) {
                System.out.println("HOVER " + p[0] + ":" + p[1] + " " + c.call("textDocument/hover", object("textDocument", document(uri), "position", position(p[0], p[1]))));
            }
            System.out.println("DEF " + c.call("textDocument/definition", object("textDocument", document(uri), "position", position(5, 12))));
            System.out.println("SYM " + c.call("textDocument/documentSymbol", object("textDocument", document(uri))));
            System.out.println("FMT " + c.call("textDocument/formatting", object("textDocument", document(uri), "options", object("tabSize", 4, "insertSpaces", true))));
            System.out.println("CA " + c.call("textDocument/codeAction", object("textDocument", document(uri), "range", range(3, 0, 4, 0), "context", object("diagnostics", array()))));
            System.out.println("LENS " + c.call("textDocument/codeLens", object("textDocument", document(uri))));
            System.out.println("EXEC " + c.call("workspace/executeCommand", object("command", "qrexec-policy.explain", "arguments", array("work", "personal", "qubes.Filecopy"))));
            c.notify("textDocument/didChange", object("textDocument", object("uri", uri, "version", 2), "contentChanges", array(object("range", range(7, 0, 7, 0), "text", "qubes.Gpg * @tag:"))));
            System.out.println("DIAG2 " + c.awaitNotification("textDocument/publishDiagnostics", uri));
            System.out.println("COMP " + c.call("textDocument/completion", object("textDocument", document(uri), "position", position(7, 17))));
            System.out.println("EXIT " + c.shutdown());
        }
    }
}
