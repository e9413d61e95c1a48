package dev.qrexec.lsp;

import static dev.qrexec.lsp.Json.array;
import static dev.qrexec.lsp.Json.document;
import static dev.qrexec.lsp.Json.object;
import static dev.qrexec.lsp.Json.position;
import static dev.qrexec.lsp.Json.range;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A whole session, as an editor drives it over pipes: initialize, open, type,
 * diagnostics of the whole tree, hover, completion, definition, formatting, code
 * actions, code lenses, the explain command, outline, shutdown and exit; each answer
 * checked exactly, with its positions.
 */
class LanguageServerSessionTest {
    @TempDir
    Path dir;

    private PolicyFixture fixture;
    private String root;
    private String userUri;

    @BeforeEach
    void setUp() throws Exception {
        fixture = new PolicyFixture(dir);
        root = fixture.root.toString();
        userUri = PolicyFixture.uri(fixture.user);
    }

    /** The JSON with the fixture's directory written as $ROOT. */
    private String text(JsonElement json) {
        return json.toString().replace(root, "$ROOT");
    }

    private LspTestClient started() throws Exception {
        LspTestClient client = LspTestClient.start(fixture.options());
        client.call("initialize", object("processId", null, "rootUri", null, "capabilities", object()));
        client.notify("initialized", object());
        return client;
    }

    private void open(LspTestClient client, String uri, String text) throws Exception {
        client.notify("textDocument/didOpen", object("textDocument",
                object("uri", uri, "languageId", "qrexecpolicy", "version", 1, "text", text)));
    }

    private JsonElement at(LspTestClient client, String method, int line, int character) throws Exception {
        return client.call(method, object("textDocument", document(userUri), "position", position(line, character)));
    }

    private String hover(LspTestClient client, int line, int character) throws Exception {
        JsonElement result = at(client, "textDocument/hover", line, character);
        return result.isJsonNull() ? "null"
                : result.getAsJsonObject().getAsJsonObject("contents").get("value").getAsString().replace(root, "$ROOT");
    }

    private List<String> labels(JsonElement items) {
        List<String> out = new ArrayList<>();
        items.getAsJsonArray().forEach(i -> out.add(i.getAsJsonObject().get("label").getAsString()));
        return out;
    }

    private static final String SHADOWED = "{\"range\":{\"start\":{\"line\":3,\"character\":0},\"end\":{\"line\":3,"
            + "\"character\":35}},\"severity\":2,\"code\":\"shadowed-rule\",\"source\":\"qrexec-policy\",\"message\":"
            + "\"rule never matches: the rule at $ROOT/policy.d/30-user.policy:2 (qubes.Filecopy * work personal "
            + "allow) always matches first (it may still add to or take from the targets that an ask without "
            + "target= offers)\"}";
    private static final String ADMIN = "{\"range\":{\"start\":{\"line\":4,\"character\":0},\"end\":{\"line\":4,"
            + "\"character\":32}},\"severity\":2,\"code\":\"admin-without-dom0-target\",\"source\":\"qrexec-policy\","
            + "\"message\":\"admin.vm.List allow without target=dom0: the call goes to vault instead of dom0 "
            + "(add target=dom0)\"}";

    @Test
    void initializeAnnouncesEveryFeature() throws Exception {
        try (LspTestClient client = LspTestClient.start(fixture.options())) {
            JsonElement result = client.call("initialize",
                    object("processId", null, "rootUri", null, "capabilities", object()));
            assertEquals("{\"textDocumentSync\":{\"openClose\":true,\"change\":2,\"save\":{\"includeText\":false}},"
                    + "\"hoverProvider\":true,\"completionProvider\":{\"resolveProvider\":false,\"triggerCharacters\":"
                    + "[\":\",\"=\",\"@\",\"/\",\"+\"]},\"definitionProvider\":true,\"documentSymbolProvider\":true,"
                    + "\"codeActionProvider\":{\"codeActionKinds\":[\"quickfix\"]},\"codeLensProvider\":"
                    + "{\"resolveProvider\":false},\"documentFormattingProvider\":true,\"executeCommandProvider\":"
                    + "{\"commands\":[\"qrexec-policy.explain\"]}}",
                    result.getAsJsonObject().get("capabilities").toString());
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void diagnosticsOfTheWholeTreeAsYouType() throws Exception {
        try (LspTestClient client = started()) {
            open(client, userUri, PolicyFixture.USER);
            assertEquals("{\"uri\":\"" + userUri.replace(root, "$ROOT") + "\",\"diagnostics\":[" + SHADOWED + ","
                    + ADMIN + "],\"version\":1}",
                    text(client.awaitNotification("textDocument/publishDiagnostics", userUri)));

            // a keystroke: a rule with too few fields on a new line 8 (index 7)
            client.notify("textDocument/didChange", object("textDocument", object("uri", userUri, "version", 2),
                    "contentChanges", array(object("range", range(7, 0, 7, 0), "text", "qubes.Gpg * work"))));
            assertEquals("{\"uri\":\"" + userUri.replace(root, "$ROOT") + "\",\"diagnostics\":[" + SHADOWED + ","
                    + ADMIN + ",{\"range\":{\"start\":{\"line\":7,\"character\":0},\"end\":{\"line\":7,\"character\":16}},"
                    + "\"severity\":1,\"code\":\"wrong-field-count\",\"source\":\"qrexec-policy\",\"message\":"
                    + "\"wrong number of fields\\nthe policy does not load: the daemon denies every call until this is "
                    + "fixed\"}],\"version\":2}",
                    text(client.awaitNotification("textDocument/publishDiagnostics", userUri)));

            // fixed again; then the included file, opened, gets a bad token: it shows there and on the include line
            client.notify("textDocument/didChange", object("textDocument", object("uri", userUri, "version", 3),
                    "contentChanges", array(object("range", range(7, 0, 7, 16), "text", ""))));
            client.awaitNotification("textDocument/publishDiagnostics", userUri);
            String extraUri = PolicyFixture.uri(fixture.extra);
            open(client, extraUri, "qubes.Gpg * @tag:work vault allow target=@anyvm\n");
            assertEquals("{\"uri\":\"$ROOT/policy.d/include/extra\",\"diagnostics\":[{\"range\":{\"start\":{\"line\":0,"
                    + "\"character\":34},\"end\":{\"line\":0,\"character\":47}},\"severity\":1,\"code\":\"invalid-token\","
                    + "\"source\":\"qrexec-policy\",\"message\":\"invalid redirect token: '@anyvm'\\nthe policy does not "
                    + "load: the daemon denies every call until this is fixed\"}],\"version\":1}",
                    text(client.awaitNotification("textDocument/publishDiagnostics", extraUri))
                            .replace("file://$ROOT", "$ROOT"));
            assertEquals("{\"uri\":\"" + userUri.replace(root, "$ROOT") + "\",\"diagnostics\":[{\"range\":{\"start\":"
                    + "{\"line\":0,\"character\":0},\"end\":{\"line\":0,\"character\":0}},\"severity\":1,\"code\":"
                    + "\"policy-denies-all\",\"source\":\"qrexec-policy\",\"message\":\"the policy does not load, so the "
                    + "daemon denies every call: $ROOT/policy.d/include/extra:1:35: error: invalid redirect token: "
                    + "'@anyvm'\"}," + SHADOWED + "," + ADMIN + ",{\"range\":{\"start\":{\"line\":5,\"character\":0},"
                    + "\"end\":{\"line\":5,\"character\":22}},\"severity\":1,\"code\":\"included-file-errors\",\"source\":"
                    + "\"qrexec-policy\",\"message\":\"1 error in what this reads: $ROOT/policy.d/include/extra:1:35: "
                    + "invalid redirect token: '@anyvm'\"}],\"version\":3}",
                    text(client.awaitNotification("textDocument/publishDiagnostics", userUri)));

            // closing the broken buffer: the disk's version counts again and the notes go
            client.notify("textDocument/didClose", object("textDocument", document(extraUri)));
            assertEquals("{\"uri\":\"" + extraUri.replace(root, "$ROOT") + "\",\"diagnostics\":[]}",
                    text(client.awaitNotification("textDocument/publishDiagnostics", extraUri)));
            assertEquals("{\"uri\":\"" + userUri.replace(root, "$ROOT") + "\",\"diagnostics\":[" + SHADOWED + ","
                    + ADMIN + "],\"version\":3}",
                    text(client.awaitNotification("textDocument/publishDiagnostics", userUri)));

            // a file nobody has open breaks on disk: its diagnostics are published under its own URI
            PolicyFixture.write(fixture.defaults, "* * @anyvm @anyvm deny\n!include-dir nowhere\n");
            client.notify("workspace/didChangeWatchedFiles", object("changes",
                    array(object("uri", PolicyFixture.uri(fixture.defaults), "type", 2))));
            assertEquals("{\"uri\":\"$ROOT/policy.d/90-default.policy\",\"diagnostics\":[{\"range\":{\"start\":"
                    + "{\"line\":1,\"character\":0},\"end\":{\"line\":1,\"character\":20}},\"severity\":1,\"code\":"
                    + "\"not-a-directory\",\"source\":\"qrexec-policy\",\"message\":\"not a directory: "
                    + "$ROOT/policy.d/nowhere\\nthe policy does not load: the daemon denies every call until this is "
                    + "fixed\"}]}",
                    text(client.awaitNotification("textDocument/publishDiagnostics",
                            PolicyFixture.uri(fixture.defaults))).replace("file://$ROOT", "$ROOT"));
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void hoverExplainsRulesTokensIncludesAndServices() throws Exception {
        try (LspTestClient client = started()) {
            open(client, userUri, PolicyFixture.USER);
            assertEquals("**rule** `qubes.Filecopy * work personal allow`\n\nDecides 1 call:\n\n"
                    + "- `work` → personal: allow\n", hover(client, 1, 33));
            assertEquals("**rule** `qubes.Filecopy * work personal deny`\n\nDecides no call between the qubes of the "
                    + "system information: rule never matches: the rule at $ROOT/policy.d/30-user.policy:2 "
                    + "(qubes.Filecopy * work personal allow) always matches first\n", hover(client, 3, 33));
            assertEquals("`@anyvm`: any qube except dom0\n\nAs a target it stands for 4 qubes: `work`, `personal`, "
                    + "`vault`, `default-dvm`; and the targets `@dispvm:default-dvm`, `@dispvm`, `@default`",
                    hover(client, 2, 26));
            assertEquals("`work`: the qube work\n\nAs a source it stands for 1 qube: `work`\n\n`work`: AppVM, Running, "
                    + "tags work, default disposable template default-dvm", hover(client, 1, 18));
            assertEquals("Reads `$ROOT/policy.d/include/extra` (current syntax): 1 rule", hover(client, 5, 3));
            assertEquals("**qubes.Filecopy**: copies files from the calling qube into the target's "
                    + "~/QubesIncoming/SOURCE\n\n3 rules name it", hover(client, 1, 4));
            assertEquals("**admin.vm.List**: Admin API: lists qubes with their class and state (one qube when it is "
                    + "the target)\n\nScope: the whole system with target dom0, or one qube named in the target "
                    + "column (the rule needs target=dom0)\n\n1 rule names it", hover(client, 4, 2));
            assertEquals("null", hover(client, 0, 3).replace("\n", ""),
                    "a plain comment has no hover");
            JsonElement range = at(client, "textDocument/hover", 1, 33).getAsJsonObject().get("range");
            assertEquals("{\"start\":{\"line\":1,\"character\":31},\"end\":{\"line\":1,\"character\":36}}",
                    range.toString());
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void completionByField() throws Exception {
        try (LspTestClient client = started()) {
            open(client, userUri, PolicyFixture.USER + "qubes.Gpg * @tag:\nqubes.Fi\nqubes.Gpg * work vault allow no\n"
                    + "!include incl\nqubes.Gpg * work vault ask default_target=@d\n");
            JsonElement tags = at(client, "textDocument/completion", 7, 17);
            assertEquals(List.of("@tag:secrets", "@tag:work"), labels(tags));
            assertEquals("{\"label\":\"@tag:work\",\"kind\":20,\"detail\":\"the qubes tagged work\",\"sortText\":"
                    + "\"00001\",\"textEdit\":{\"range\":{\"start\":{\"line\":7,\"character\":12},\"end\":{\"line\":7,"
                    + "\"character\":17}},\"newText\":\"@tag:work\"}}",
                    tags.getAsJsonArray().get(1).toString());
            assertEquals(List.of("qubes.Filecopy"), labels(at(client, "textDocument/completion", 8, 8)));
            assertEquals(List.of("notify="), labels(at(client, "textDocument/completion", 9, 31)));
            assertEquals(List.of("include/"), labels(at(client, "textDocument/completion", 10, 13)));
            assertEquals(List.of("default_target=@dispvm", "default_target=@dispvm:default-dvm"),
                    labels(at(client, "textDocument/completion", 11, 44)));
            assertEquals(List.of("allow", "deny", "ask"), labels(at(client, "textDocument/completion", 1, 31)));
            List<String> sources = labels(at(client, "textDocument/completion", 1, 17));
            assertEquals(List.of("@anyvm", "*", "@adminvm", "dom0", "work", "personal", "vault", "default-dvm",
                    "@tag:secrets", "@tag:work", "@type:AdminVM", "@type:AppVM", "@dispvm:default-dvm",
                    "@dispvm:@tag:secrets", "@dispvm:@tag:work"), sources);
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void definitionOfAnInclude() throws Exception {
        try (LspTestClient client = started()) {
            open(client, userUri, PolicyFixture.USER);
            assertEquals("[{\"uri\":\"file://$ROOT/policy.d/include/extra\",\"range\":{\"start\":{\"line\":0,"
                    + "\"character\":0},\"end\":{\"line\":0,\"character\":0}}}]",
                    text(at(client, "textDocument/definition", 5, 12)));
            assertEquals("[]", text(at(client, "textDocument/definition", 1, 3)));
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void formattingByFmt() throws Exception {
        try (LspTestClient client = started()) {
            open(client, userUri, "qubes.Filecopy   *  work\tpersonal   allow\n\n# kept   as is\n");
            assertEquals("[{\"range\":{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":3,\"character\":0}},"
                    + "\"newText\":\"qubes.Filecopy  *  work  personal  allow\\n\\n# kept   as is\\n\"}]",
                    text(client.call("textDocument/formatting", object("textDocument", document(userUri),
                            "options", object("tabSize", 4, "insertSpaces", true)))));
            open(client, userUri, "qubes.Filecopy  *  work  personal  allow\n");
            assertEquals("[]", text(client.call("textDocument/formatting", object("textDocument",
                    document(userUri), "options", object("tabSize", 4, "insertSpaces", true)))));
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void codeActionsFixWhatTheWarningsSay() throws Exception {
        try (LspTestClient client = started()) {
            open(client, userUri, PolicyFixture.USER);
            JsonElement actions = client.call("textDocument/codeAction", object("textDocument", document(userUri),
                    "range", range(3, 0, 4, 0), "context", object("diagnostics", array())));
            List<String> summary = new ArrayList<>();
            for (JsonElement action : actions.getAsJsonArray()) {
                JsonObject object = action.getAsJsonObject();
                summary.add(object.get("title").getAsString() + " => "
                        + object.getAsJsonObject("edit").getAsJsonObject("changes").get(userUri));
            }
            assertEquals(List.of(
                    "Move this rule above the rule at $ROOT/policy.d/30-user.policy:2 that hides it => [{\"range\":"
                            + "{\"start\":{\"line\":1,\"character\":0},\"end\":{\"line\":1,\"character\":0}},\"newText\":"
                            + "\"qubes.Filecopy * work personal deny\\n\"},{\"range\":{\"start\":{\"line\":3,\"character\""
                            + ":0},\"end\":{\"line\":4,\"character\":0}},\"newText\":\"\"}]",
                    "Suppress shadowed-rule on this line => [{\"range\":{\"start\":{\"line\":3,\"character\":0},"
                            + "\"end\":{\"line\":3,\"character\":0}},\"newText\":\"# qrexec-lint: ignore=shadowed-rule\\n\"}]",
                    "Add target=dom0 => [{\"range\":{\"start\":{\"line\":4,\"character\":32},\"end\":{\"line\":4,"
                            + "\"character\":32}},\"newText\":\" target=dom0\"}]",
                    "Suppress admin-without-dom0-target on this line => [{\"range\":{\"start\":{\"line\":4,"
                            + "\"character\":0},\"end\":{\"line\":4,\"character\":0}},\"newText\":\"# qrexec-lint: "
                            + "ignore=admin-without-dom0-target\\n\"}]"),
                    summary.stream().map(s -> s.replace(root, "$ROOT")).toList());
            JsonObject first = actions.getAsJsonArray().get(0).getAsJsonObject();
            assertEquals("quickfix", first.get("kind").getAsString());
            assertEquals("[" + SHADOWED + "]", text(first.get("diagnostics")));
            assertEquals("[]", text(client.call("textDocument/codeAction", object("textDocument",
                    document(userUri), "range", range(1, 0, 1, 0), "context", object("diagnostics", array())))));

            // the suppression comment of the second action, applied: that warning goes, the other stays
            client.notify("textDocument/didChange", object("textDocument", object("uri", userUri, "version", 2),
                    "contentChanges", array(object("range", range(3, 0, 3, 0), "text",
                            "# qrexec-lint: ignore=shadowed-rule\n"))));
            JsonObject published;
            do {
                published = client.awaitNotification("textDocument/publishDiagnostics", userUri);
            } while (published.get("version").getAsInt() != 2);
            assertEquals("[" + ADMIN.replace("\"line\":4", "\"line\":5") + "]",
                    text(published.get("diagnostics")));
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void explainAsCodeLensAndCommand() throws Exception {
        try (LspTestClient client = started()) {
            open(client, userUri, PolicyFixture.USER);
            assertEquals("[{\"range\":{\"start\":{\"line\":6,\"character\":0},\"end\":{\"line\":6,\"character\":39}},"
                    + "\"command\":{\"title\":\"explain: allow by $ROOT/policy.d/30-user.policy:2\",\"command\":"
                    + "\"qrexec-policy.explain\",\"arguments\":[\"work\",\"personal\",\"qubes.Filecopy\"]}},"
                    + "{\"range\":{\"start\":{\"line\":1,\"character\":0},\"end\":{\"line\":1,\"character\":36}},"
                    + "\"command\":{\"title\":\"work → personal qubes.Filecopy: allow (explain at line 7)\","
                    + "\"command\":\"qrexec-policy.explain\",\"arguments\":[\"work\",\"personal\",\"qubes.Filecopy\"]}}]",
                    text(client.call("textDocument/codeLens", object("textDocument", document(userUri)))));
            assertEquals("\"decision: deny\\nreason: no matching rule found\\nreply: result=deny\\ndeciding rule: none"
                    + "\\n  $ROOT/policy.d/30-user.policy:2:1: source: the source vault is not work\\n"
                    + "  $ROOT/policy.d/30-user.policy:3:1: target: the target is dom0, which @anyvm leaves out\\n"
                    + "  $ROOT/policy.d/30-user.policy:4:1: source: the source vault is not work\\n"
                    + "  $ROOT/policy.d/90-default.policy:1:1: target: the target is dom0, which @anyvm leaves out\\n\"",
                    text(client.call("workspace/executeCommand", object("command", "qrexec-policy.explain",
                            "arguments", array("vault", "dom0", "qubes.Filecopy")))));
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void outlineGroupsRulesByService() throws Exception {
        try (LspTestClient client = started()) {
            open(client, userUri, PolicyFixture.USER);
            JsonElement symbols = client.call("textDocument/documentSymbol", object("textDocument",
                    document(userUri)));
            List<String> outline = new ArrayList<>();
            for (JsonElement symbol : symbols.getAsJsonArray()) {
                JsonObject object = symbol.getAsJsonObject();
                StringBuilder line = new StringBuilder(object.get("name").getAsString() + " "
                        + object.getAsJsonObject("range").getAsJsonObject("start").get("line") + "-"
                        + object.getAsJsonObject("range").getAsJsonObject("end").get("line"));
                if (object.has("children")) {
                    object.getAsJsonArray("children").forEach(c -> line.append(" | ")
                            .append(c.getAsJsonObject().get("name").getAsString()));
                }
                outline.add(line.toString());
            }
            assertEquals(List.of(
                    "qubes.Filecopy 1-3 | qubes.Filecopy * work personal allow | qubes.Filecopy * @anyvm @anyvm ask"
                            + " | qubes.Filecopy * work personal deny",
                    "admin.vm.List 4-4 | admin.vm.List * work vault allow",
                    "!include include/extra 5-5"), outline);
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void includeServiceFilesGetTheLegacySyntaxAndUnreadFilesSaySo() throws Exception {
        Path legacy = PolicyFixture.write(fixture.policy.resolve("include/legacy"), "work vault allow\n");
        Path orphan = PolicyFixture.write(fixture.policy.resolve("include/orphan"), "work vault allow\n");
        try (LspTestClient client = started()) {
            open(client, userUri, "!include-service qubes.GetDate * include/legacy\n");
            client.awaitNotification("textDocument/publishDiagnostics", userUri);
            String legacyUri = PolicyFixture.uri(legacy);
            open(client, legacyUri, "work vault allow\n");
            assertEquals("{\"uri\":\"" + legacyUri.replace(root, "$ROOT") + "\",\"diagnostics\":[],\"version\":1}",
                    text(client.awaitNotification("textDocument/publishDiagnostics", legacyUri)));
            JsonElement hover = client.call("textDocument/hover", object("textDocument", document(legacyUri),
                    "position", position(0, 12)));
            assertEquals("**rule** `qubes.GetDate * work vault allow`\n\nDecides 1 call:\n\n- `work` → vault: allow\n",
                    hover.getAsJsonObject().getAsJsonObject("contents").get("value").getAsString());
            assertEquals("Reads `$ROOT/policy.d/include/legacy` (legacy syntax): 1 rule", hover(client, 0, 3));
            String orphanUri = PolicyFixture.uri(orphan);
            open(client, orphanUri, "work vault allow\n");
            assertEquals("{\"uri\":\"" + orphanUri.replace(root, "$ROOT") + "\",\"diagnostics\":[{\"range\":{\"start\":"
                    + "{\"line\":0,\"character\":0},\"end\":{\"line\":0,\"character\":0}},\"severity\":3,\"code\":"
                    + "\"not-in-policy\",\"source\":\"qrexec-policy\",\"message\":\"no policy file reads this file: "
                    + "the policy in $ROOT/policy.d does not contain it; it is checked on its own\"},{\"range\":"
                    + "{\"start\":{\"line\":0,\"character\":0},\"end\":{\"line\":0,\"character\":16}},\"severity\":1,"
                    + "\"code\":\"wrong-field-count\",\"source\":\"qrexec-policy\",\"message\":\"wrong number of "
                    + "fields\"}],\"version\":1}",
                    text(client.awaitNotification("textDocument/publishDiagnostics", orphanUri)));
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void systemInformationFromTheClient() throws Exception {
        try (LspTestClient client = LspTestClient.start(ServerOptions.of(java.util.List.of(fixture.policy),
                fixture.root.resolve("legacy")))) {
            client.call("initialize", object("processId", null, "rootUri", null, "capabilities", object()));
            open(client, userUri, PolicyFixture.USER);
            assertEquals("`work`: the qube work\n\n(which qubes: needs the system information)", hover(client, 1, 18));
            client.notify("workspace/didChangeConfiguration", object("settings", object("qrexecPolicy",
                    object("systemInfoFile", fixture.systemInfo.toString()))));
            assertEquals("`@anyvm`: any qube except dom0\n\nAs a source it stands for 4 qubes: `work`, `personal`, "
                    + "`vault`, `default-dvm`", hover(client, 2, 20));
            client.notify("workspace/didChangeConfiguration", object("settings", object("systemInfo",
                    com.google.gson.JsonParser.parseString("{\"domains\": {\"dom0\": {\"type\": \"AdminVM\", "
                            + "\"tags\": []}, \"work\": {\"type\": \"AppVM\", \"tags\": []}}}"))));
            assertEquals("`@anyvm`: any qube except dom0\n\nAs a source it stands for 1 qube: `work`",
                    hover(client, 2, 20));
            assertEquals(0, client.shutdown());
        }
        try (LspTestClient client = LspTestClient.start(ServerOptions.of(java.util.List.of(fixture.policy),
                fixture.root.resolve("legacy")))) {
            client.call("initialize", object("processId", null, "rootUri", null, "capabilities", object(),
                    "initializationOptions", object("systemInfoFile", fixture.systemInfo.toString())));
            open(client, userUri, PolicyFixture.USER);
            assertEquals("`@anyvm`: any qube except dom0\n\nAs a source it stands for 4 qubes: `work`, `personal`, "
                    + "`vault`, `default-dvm`", hover(client, 2, 20));
            assertEquals(0, client.shutdown());
        }
    }

    @Test
    void exitWithoutShutdownIsStatusOne() throws Exception {
        try (LspTestClient client = started()) {
            client.notify("exit", null);
            assertEquals(1, client.exitStatus());
        }
    }
}
