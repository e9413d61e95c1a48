package dev.qrexec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.qrexec.testdata.Vectors;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every request of every conformance vector through a real {@code policy.sock}, in
 * the three flag modes and interactively: system information from the qubesd
 * stand-in over its socket, prompts and notifications through the real transports
 * to the scripted agent (dom0's socket service, the qrexec-client stand-in for the
 * other GUI qubes), compared byte for byte and call for call with the reference.
 */
class ConformanceDaemonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path scratch;

    /** One daemon for all cases (starting one costs more than the requests of a case): each case rewrites its tree. */
    private static DaemonFixture daemon;

    @BeforeAll
    static void startDaemon() throws Exception {
        daemon = new DaemonFixture(scratch.toRealPath(), "{\"domains\": {}}".getBytes(StandardCharsets.US_ASCII));
    }

    @AfterAll
    static void stopDaemon() {
        daemon.close();
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> entries = Files.walk(directory)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }

    static Stream<Named<JsonNode>> cases() {
        return Vectors.cases("vectors-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void repliesOnTheSocketMatchReference(JsonNode vector) throws Exception {
        Path root = daemon.root;
        for (String dir : List.of("etc", "run", "legacy")) {
            deleteTree(root.resolve(dir));
        }
        Vectors.writeTree(vector.get("files"), root);
        daemon.qubesd.setSystemInfo(JSON.writeValueAsBytes(vector.get("system_info")));
        daemon.daemon.reloadNow();
        daemon.agent.clear();
        {
            int n = 0;
            for (JsonNode r : vector.get("requests")) {
                String source = r.get("source").asText();
                String requestedSource = r.has("requested_source") ? r.get("requested_source").asText() : null;
                String target = r.get("target").asText();
                String service = r.get("service_and_arg").asText();
                String label = "request " + (n++) + ": " + source + " -> " + target + " : " + service
                        + (requestedSource == null ? "" : " (requested_source " + requestedSource + ")");
                assertEquals(r.get("just_evaluate").asText(),
                        daemon.ask(Sockets.policyRequest(source, requestedSource, target, service, true, false)),
                        label + " just_evaluate");
                assertEquals(r.get("both").asText(),
                        daemon.ask(Sockets.policyRequest(source, requestedSource, target, service, true, true)),
                        label + " both");
                assertEquals(List.of(), daemon.agent.calls(), label + ": no agent calls when just evaluating");
                assertEquals(r.get("assume_yes_for_ask").asText(),
                        daemon.ask(Sockets.policyRequest(source, requestedSource, target, service, false, true)),
                        label + " assume_yes_for_ask");
                daemon.agent.clear();

                JsonNode interactive = r.get("interactive");
                daemon.agent.reply(interactive.path("agent_reply").asText(""));
                assertEquals(interactive.get("result").asText(),
                        daemon.ask(Sockets.policyRequest(source, requestedSource, target, service, false, false)),
                        label + " interactive");
                JsonNode askCall = NullNode.getInstance();
                ArrayNode notifications = JSON.createArrayNode();
                for (ScriptedAgent.Call call : daemon.agent.calls()) {
                    switch (call.service()) {
                        case "policy.Ask" -> {
                            assertEquals(NullNode.getInstance(), askCall, label + ": a second prompt");
                            askCall = ScriptedAgent.asVectorEntry(call);
                        }
                        case "policy.Notify" -> notifications.add(ScriptedAgent.asVectorEntry(call));
                        default -> throw new AssertionError(label + ": unexpected call " + call);
                    }
                }
                daemon.agent.clear();
                assertEquals(interactive.get("ask_call"), askCall, label + " ask call");
                assertEquals(interactive.get("notify"), notifications, label + " notifications");
            }
        }
    }
}
