package dev.qrexec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import dev.qrexec.testdata.Vectors;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request of every conformance vector: the replies in the three flag modes
 * byte for byte, the interactive run with the scripted agent (prompt and
 * notifications), and the decision as {@code describe} records it.
 */
class ConformanceEvalTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path scratch;

    static Stream<Named<JsonNode>> cases() {
        return Vectors.cases("vectors-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void repliesMatchReference(JsonNode vector) throws Exception {
        Path root = scratch.toRealPath();
        Vectors.writeTree(vector.get("files"), root);
        LoadResult loaded = PolicyLoader.load(LoadOptions.defaults()
                .withDirectories(List.of(root.resolve("run"), root.resolve("etc")))
                .withLegacyDirectory(root.resolve("legacy")));
        Evaluator evaluator = new Evaluator(CompiledPolicy.compile(loaded));
        Evaluator oracle = new Evaluator(loaded.ok()
                ? CompiledPolicy.linear(loaded.tree().rules())
                : CompiledPolicy.compile(loaded));
        SystemInfo info = SystemInfo.parse(JSON.writeValueAsString(vector.get("system_info")));
        int n = 0;
        for (JsonNode r : vector.get("requests")) {
            String label = "request " + (n++) + ": " + r.get("source").asText() + " -> "
                    + r.get("target").asText() + " : " + r.get("service_and_arg").asText()
                    + (r.has("requested_source") ? " (requested_source " + r.get("requested_source").asText() + ")"
                    : "");
            Request request = Request.of(r.get("source").asText(), r.get("target").asText(),
                    r.get("service_and_arg").asText(),
                    r.has("requested_source") ? r.get("requested_source").asText() : "");
            Evaluation evaluation = evaluator.evaluate(request, info);
            assertEquals(r.get("just_evaluate").asText(),
                    Responder.respond(evaluation, info, Mode.JUST_EVALUATE, Interaction.NONE).text(),
                    label + " just_evaluate; " + evaluation);
            assertEquals(r.get("assume_yes_for_ask").asText(),
                    Responder.respond(evaluation, info, Mode.ASSUME_YES_FOR_ASK, Interaction.NONE).text(),
                    label + " assume_yes_for_ask; " + evaluation);
            assertEquals(r.get("both").asText(),
                    Responder.respond(evaluation, info, Mode.BOTH, Interaction.NONE).text(),
                    label + " both; " + evaluation);
            Evaluation linear = oracle.evaluate(request, info);
            assertEquals(evaluation.decision(), linear.decision(), label + " index and linear scan disagree");

            JsonNode interactive = r.get("interactive");
            ScriptedAgent agent = new ScriptedAgent(interactive.path("agent_reply").asText(null));
            Response response = Responder.respond(evaluation, info, Mode.INTERACTIVE, agent);
            assertEquals(interactive.get("result").asText(), response.text(), label + " interactive; " + evaluation);
            assertEquals(interactive.get("ask_call"), agent.askCall, label + " ask call");
            assertEquals(interactive.get("notify"), agent.notifications, label + " notifications");

            if (r.has("describe")) {
                assertDescribe(r.get("describe"), evaluation.decision(), root, label);
            }
        }
    }

    private static void assertDescribe(JsonNode describe, Decision decision, Path root, String label) {
        assertEquals(describe.get("decision").asText(), decision.action(), label + " decision; " + decision);
        String rule = decision.decidingRule().map(r -> ruleName(r, root)).orElse(null);
        String expectedRule = describe.get("rule").isNull() ? null : describe.get("rule").asText();
        assertEquals(expectedRule, rule, label + " rule; " + decision);
        switch (decision) {
            case Decision.AskUser ask -> {
                assertEquals(describe.get("targets_for_ask"), JSON.valueToTree(ask.targets()), label + " targets");
                assertEquals(describe.get("default_target").isNull() ? null : describe.get("default_target").asText(),
                        ask.defaultTarget().orElse(null), label + " default_target");
                assertEquals(describe.get("user").isNull() ? null : describe.get("user").asText(),
                        ask.user().orElse(null), label + " user");
                assertEquals(describe.get("autostart").asBoolean(), ask.autostart(), label + " autostart");
            }
            case Decision.Allowed allowed -> {
                assertEquals(describe.get("target").asText(), allowed.target().text(), label + " target");
                assertEquals(describe.get("user").isNull() ? null : describe.get("user").asText(),
                        allowed.user().orElse(null), label + " user");
                assertEquals(describe.get("autostart").asBoolean(), allowed.autostart(), label + " autostart");
            }
            case Decision.Denied denied -> {
                String stage = describe.path("stage").asText(null);
                switch (denied.stage()) {
                    case REQUEST -> assertEquals("request", stage, label + " stage; " + denied);
                    case MATCH -> assertEquals("match", stage, label + " stage; " + denied);
                    case RULE -> assertEquals(describe.get("notify").asBoolean(), denied.notifyUser(),
                            label + " notify; " + denied);
                    case EVALUATION -> {
                        assertEquals("denied", describe.path("evaluation").asText(null), label + " evaluation");
                        if (describe.has("notify")) {
                            assertEquals(describe.get("notify").asBoolean(), denied.notifyUser(),
                                    label + " notify; " + denied);
                        }
                    }
                    default -> throw new AssertionError(label + " unexpected stage " + denied);
                }
                assertEquals(describe.has("reference_crash"), denied.crash().isPresent(),
                        label + " reference crash; " + denied);
            }
        }
    }

    static String ruleName(Rule rule, Path root) {
        Path file = Path.of(rule.position().file());
        String name = file.isAbsolute() && file.startsWith(root) ? root.relativize(file).toString() : file.toString();
        return name + ":" + rule.position().lineText();
    }

    /** The GUI qube's agent of the vectors: answers with the recorded reply and records every call. */
    static final class ScriptedAgent implements Interaction {
        private final String reply;
        JsonNode askCall = JSON.nullNode();
        final ArrayNode notifications = JSON.createArrayNode();

        ScriptedAgent(String reply) {
            this.reply = reply;
        }

        @Override
        public String ask(String guivm, AskParameters parameters) throws Exception {
            ObjectNode call = JSON.createObjectNode();
            call.put("argument", parameters.argument());
            call.put("default_target", parameters.defaultTarget());
            call.put("guivm", guivm);
            call.put("service", parameters.service());
            call.put("source", parameters.source());
            List<String> targets = new ArrayList<>(parameters.targets());
            targets.sort(null);
            call.set("targets", JSON.valueToTree(targets));
            askCall = call;
            assertTrue(reply != null, "the vector has no agent reply for this prompt");
            return reply;
        }

        @Override
        public void notify(String guivm, Notification notification) {
            ObjectNode call = JSON.createObjectNode();
            call.put("argument", notification.argument());
            call.put("guivm", guivm);
            call.put("resolution", notification.resolution());
            call.put("service", notification.service());
            call.put("source", notification.source());
            call.put("target", notification.target());
            notifications.add(call);
        }
    }
}
