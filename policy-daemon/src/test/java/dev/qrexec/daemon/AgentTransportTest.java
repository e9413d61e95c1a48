package dev.qrexec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.eval.AskParameters;
import dev.qrexec.eval.Notification;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The policy agents' transports: the exact bytes and arguments of a call, the
 * answers, and the deadlines that end a call to an agent that does not answer.
 */
@Timeout(60)
class AgentTransportTest {
    private static final AskParameters ASK = new AskParameters("work", "test.Ask", "+", List.of("personal", "vault"),
            "personal", Map.of("work", "appvm-blue"));
    private static final Notification NOTIFY = new Notification("deny", "test.Ask", "+", "work", "vault");

    @TempDir
    Path scratch;

    private Watchdog watchdog;
    private ScriptedAgent agent;

    @BeforeEach
    void start() throws IOException {
        watchdog = new Watchdog();
        agent = new ScriptedAgent(scratch.toRealPath());
    }

    @AfterEach
    void stop() {
        agent.close();
        watchdog.close();
    }

    /** A transport with deadlines that an answering agent meets however busy the machine is. */
    private AgentTransport transport(Path socketDirectory, Path program) {
        return new AgentTransport(socketDirectory, program, Duration.ofSeconds(60), Duration.ofSeconds(60), watchdog);
    }

    /** A transport with short deadlines, only for agents that never answer. */
    private AgentTransport impatient(Path socketDirectory, Path program) {
        return new AgentTransport(socketDirectory, program, Duration.ofMillis(400), Duration.ofMillis(400), watchdog);
    }

    @Test
    void dom0IsReachedThroughTheSocketService() throws Exception {
        agent.reply("allow:personal");
        AgentTransport transport = transport(agent.socketDirectory(), agent.qrexecClient());
        assertEquals("allow:personal", transport.ask("dom0", ASK));
        transport.notify("dom0", NOTIFY);
        List<ScriptedAgent.Call> calls = agent.calls();
        assertEquals("socket policy.Ask dom0 name dom0", calls.get(0).header());
        assertEquals(ASK.toJson(), calls.get(0).parameters().toString().replace(",", ", ").replace(":", ": "));
        assertEquals("socket policy.Notify dom0 name dom0", calls.get(1).header());
        assertEquals(2, calls.size());
    }

    @Test
    void otherQubesAreReachedThroughQrexecClient() throws Exception {
        agent.reply("deny");
        AgentTransport transport = transport(agent.socketDirectory(), agent.qrexecClient());
        assertEquals("deny", transport.ask("sys-gui", ASK));
        transport.notify("sys-gui", NOTIFY);
        List<ScriptedAgent.Call> calls = agent.calls();
        assertEquals("process -d sys-gui DEFAULT:QUBESRPC policy.Ask dom0", calls.get(0).header());
        assertEquals("process -d sys-gui DEFAULT:QUBESRPC policy.Notify dom0", calls.get(1).header());
        assertEquals("deny", calls.get(1).parameters().get("resolution").asText());
    }

    @Test
    void aFailingProgramFailsTheCall() throws Exception {
        Path failing = script("failing", "cat >/dev/null; echo allow:personal; exit 3");
        IOException e = assertThrows(IOException.class, () -> transport(scratch, failing).ask("sys-gui", ASK));
        assertEquals(failing + " for sys-gui: exited with status 3", e.getMessage());
    }

    @Test
    void aHungAgentIsGivenUpAfterItsDeadline() throws Exception {
        Path hanging = script("hanging", "exec sleep 60");
        IOException e = assertThrows(IOException.class, () -> impatient(scratch, hanging).ask("sys-gui", ASK));
        assertEquals(hanging + " for sys-gui did not answer within 400 ms", e.getMessage());

        Path silent = scratch.resolve("silent");
        Files.createDirectories(silent);
        try (Listener listener = Listener.open(silent.resolve("policy.Ask"), channel -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException ignored) {
                Thread.currentThread().interrupt();
            }
        }, line -> { })) {
            IOException timeout = assertThrows(IOException.class,
                    () -> impatient(silent, hanging).ask("dom0", ASK));
            assertEquals("the policy agent at " + listener.path() + " did not answer within 400 ms",
                    timeout.getMessage());
        }
    }

    @Test
    void aMissingSocketFailsTheCall() {
        IOException e = assertThrows(IOException.class,
                () -> transport(scratch.resolve("nowhere"), agent.qrexecClient()).notify("dom0", NOTIFY));
        assertTrue(e.getMessage().startsWith("the policy agent at " + scratch.resolve("nowhere/policy.Notify")),
                e.getMessage());
    }

    private Path script(String name, String body) throws IOException {
        Path script = scratch.resolve(name);
        Files.writeString(script, "#!/bin/sh\n" + body + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }
}
