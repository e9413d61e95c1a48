package dev.qrexec.daemon;

import dev.qrexec.daemon.testing.TestSystem;
import dev.qrexec.parser.load.LoadOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A daemon in this JVM on real sockets in a scratch directory: policy in
 * {@code run/} and {@code etc/}, legacy directory {@code legacy/}, system
 * information from an in-process qubesd stand-in, the scripted agent, and its log
 * collected in a list.
 */
final class DaemonFixture implements AutoCloseable {
    final Path root;
    final QubesdStandin qubesd;
    final ScriptedAgent agent;
    final PolicyDaemon daemon;
    final List<String> log = new CopyOnWriteArrayList<>();

    /** A daemon on the test system and policy. */
    static DaemonFixture onTestSystem(Path root) throws IOException {
        TestSystem.replace(root.resolve("etc/30-test.policy"), TestSystem.POLICY);
        return new DaemonFixture(root, TestSystem.systemInfo());
    }

    DaemonFixture(Path root, byte[] systemInfo) throws IOException {
        this(root, systemInfo, Duration.ofSeconds(10), Duration.ofSeconds(10));
    }

    DaemonFixture(Path root, byte[] systemInfo, Duration requestTimeout, Duration qubesdTimeout) throws IOException {
        this.root = root;
        for (String dir : List.of("etc", "run", "legacy", "agent")) {
            Files.createDirectories(root.resolve(dir));
        }
        qubesd = QubesdStandin.start(root.resolve("qubesd.sock"), systemInfo, QubesdStandin.Failure.NONE,
                Duration.ZERO, Optional.empty(), log::add);
        agent = new ScriptedAgent(root.resolve("agent"));
        DaemonSettings settings = new DaemonSettings(
                LoadOptions.defaults().withDirectories(List.of(root.resolve("run"), root.resolve("etc")))
                        .withLegacyDirectory(root.resolve("legacy")),
                policySocket(), root.resolve("policy.EvalSimple"), root.resolve("policy.EvalGUI"),
                Optional.empty(), root.resolve("qubesd.sock"),
                new DaemonSettings.AgentSettings(agent.socketDirectory(), agent.qrexecClient(),
                        Duration.ofSeconds(10), Duration.ofSeconds(10)),
                requestTimeout, qubesdTimeout);
        daemon = PolicyDaemon.start(settings, log::add);
    }

    Path policySocket() {
        return root.resolve("policy.sock");
    }

    Path evalSocket() {
        return root.resolve("policy.EvalSimple");
    }

    Path guiSocket() {
        return root.resolve("policy.EvalGUI");
    }

    String ask(String request) throws IOException {
        return Sockets.exchange(policySocket(), request);
    }

    /** Waits (at most ten seconds) until {@code line} has been logged; true when it has. */
    boolean awaitLog(String line) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!log.contains(line)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(5);
        }
        return true;
    }

    @Override
    public void close() {
        daemon.close();
        agent.close();
        qubesd.close();
    }
}
