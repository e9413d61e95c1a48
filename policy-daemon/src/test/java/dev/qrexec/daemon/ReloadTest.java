package dev.qrexec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.daemon.testing.TestSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Live reload: a change is seen soon (bounded generously here; the latency is
 * printed), a request never sees a half-loaded tree, a broken policy denies
 * everything with its diagnostic logged once, and the watches cover include/,
 * the legacy directory and directories created later.
 */
@Timeout(120)
class ReloadTest {
    private static final String REQUEST = "source=work\nintended_target=personal\nservice_and_arg=test.Allow\n\n";
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path scratch;

    /** Asks until the reply is {@code expected}; returns how long that took, or fails after the bound. */
    private static long awaitReply(DaemonFixture daemon, String request, String expected) throws Exception {
        long start = System.nanoTime();
        while (!daemon.ask(request).equals(expected)) {
            if (System.nanoTime() - start > BOUND.toNanos()) {
                throw new AssertionError("the daemon did not answer " + expected + " within " + BOUND);
            }
            Thread.sleep(1);
        }
        return System.nanoTime() - start;
    }

    @Test
    void aChangeIsSeenByTheNextRequests() throws Exception {
        Path root = scratch.toRealPath();
        try (DaemonFixture daemon = DaemonFixture.onTestSystem(root)) {
            assertEquals(TestSystem.ALLOW_WORK_PERSONAL, daemon.ask(REQUEST));
            long worst = 0;
            for (int i = 0; i < 10; i++) {
                TestSystem.replace(root.resolve("etc/20-first.policy"), "test.Allow * work personal deny\n");
                worst = Math.max(worst, awaitReply(daemon, REQUEST, "result=deny"));
                Files.delete(root.resolve("etc/20-first.policy"));
                worst = Math.max(worst, awaitReply(daemon, REQUEST, TestSystem.ALLOW_WORK_PERSONAL));
            }
            System.out.printf("reload latency: worst %.1f ms over 20 changes%n", worst / 1e6);
        }
    }

    @Test
    void noRequestSeesAHalfLoadedTree() throws Exception {
        Path root = scratch.toRealPath();
        // the deciding rule is the last of a long file: a request on a partly loaded tree would find no rule
        StringBuilder filler = new StringBuilder();
        for (int i = 0; i < 2000; i++) {
            filler.append("filler.Service").append(i).append(" * @anyvm @anyvm deny\n");
        }
        String versionA = filler + "test.Version * work personal allow target=personal\n";
        String versionB = filler + "test.Version * work personal allow target=dom0\n";
        String request = "source=work\nintended_target=personal\nservice_and_arg=test.Version\n\n";
        try (DaemonFixture daemon = DaemonFixture.onTestSystem(root)) {
            TestSystem.replace(root.resolve("etc/10-version.policy"), versionA);
            String replyA = TestSystem.ALLOW_WORK_PERSONAL;
            String replyB = "user=DEFAULT\nresult=allow\ntarget=dom0\nautostart=True\nrequested_target=personal";
            awaitReply(daemon, request, replyA);
            AtomicBoolean writing = new AtomicBoolean(true);
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger requests = new AtomicInteger();
            List<Thread> clients = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                clients.add(Thread.ofPlatform().start(() -> {
                    while (writing.get()) {
                        try {
                            seen.add(daemon.ask(request));
                            requests.incrementAndGet();
                        } catch (IOException e) {
                            seen.add("error: " + e);
                        }
                    }
                }));
            }
            for (int i = 0; i < 30; i++) {
                TestSystem.replace(root.resolve("etc/10-version.policy"), i % 2 == 0 ? versionB : versionA);
                Thread.sleep(20);
            }
            TestSystem.replace(root.resolve("etc/10-version.policy"), versionB);
            awaitReply(daemon, request, replyB);
            writing.set(false);
            for (Thread client : clients) {
                client.join();
            }
            assertTrue(requests.get() > 0);
            assertEquals(Set.of(replyA, replyB), seen, "every reply comes from a whole version");
        }
    }

    @Test
    void aBrokenPolicyDeniesEverythingAndIsLoggedOnce() throws Exception {
        Path root = scratch.toRealPath();
        try (DaemonFixture daemon = DaemonFixture.onTestSystem(root)) {
            Path broken = root.resolve("etc/20-broken.policy");
            TestSystem.replace(broken, "test.Allow * work personal allow\ntest.Allow * work\n");
            awaitReply(daemon, REQUEST, "result=deny");
            for (int i = 0; i < 5; i++) {
                assertEquals("result=deny", daemon.ask(REQUEST));
            }
            List<String> loadErrors = daemon.log.stream().filter(l -> l.startsWith("error loading policy: ")).toList();
            assertEquals(1, loadErrors.size(), daemon.log.toString());
            assertTrue(loadErrors.get(0).startsWith("error loading policy: " + broken + ":2:"), loadErrors.get(0));
            assertTrue(daemon.log.contains("qrexec: test.Allow+: work -> personal: error loading policy: " + broken
                    + ":2: wrong number of fields"), daemon.log.toString());
            Files.delete(broken);
            awaitReply(daemon, REQUEST, TestSystem.ALLOW_WORK_PERSONAL);
            assertTrue(daemon.awaitLog("policy loaded again: 5 rules"), daemon.log.toString());
        }
    }

    @Test
    void aDaemonStartsWithABrokenPolicyAndDeniesUntilItIsFixed() throws Exception {
        Path root = scratch.toRealPath();
        TestSystem.replace(root.resolve("etc/30-test.policy"), "test.Allow * work personal allow sometimes\n");
        try (DaemonFixture daemon = new DaemonFixture(root, TestSystem.systemInfo())) {
            assertEquals("result=deny", daemon.ask(REQUEST));
            TestSystem.replace(root.resolve("etc/30-test.policy"), TestSystem.POLICY);
            awaitReply(daemon, REQUEST, TestSystem.ALLOW_WORK_PERSONAL);
        }
    }

    @Test
    void includeFilesTheLegacyDirectoryAndLaterDirectoriesAreWatched() throws Exception {
        Path root = scratch.toRealPath();
        TestSystem.replace(root.resolve("etc/include/rules"), "test.Allow * work personal allow\n");
        TestSystem.replace(root.resolve("etc/30-test.policy"), "!include include/rules\n");
        try (DaemonFixture daemon = new DaemonFixture(root, TestSystem.systemInfo())) {
            assertEquals(TestSystem.ALLOW_WORK_PERSONAL, daemon.ask(REQUEST));
            TestSystem.replace(root.resolve("etc/include/rules"), "test.Allow * work personal deny\n");
            awaitReply(daemon, REQUEST, "result=deny");

            TestSystem.replace(root.resolve("etc/30-test.policy"), "!compat-4.0\n");
            TestSystem.replace(root.resolve("legacy/test.Allow"), "work personal allow\n");
            awaitReply(daemon, REQUEST, TestSystem.ALLOW_WORK_PERSONAL);
            TestSystem.replace(root.resolve("legacy/test.Allow"), "work personal deny\n");
            awaitReply(daemon, REQUEST, "result=deny");

            // the runtime directory is deleted and made again: still watched
            deleteTree(root.resolve("run"));
            TestSystem.replace(root.resolve("etc/30-test.policy"), "");
            Files.createDirectories(root.resolve("run/deeper"));
            TestSystem.replace(root.resolve("run/10-runtime.policy"), "!include-dir deeper\n");
            TestSystem.replace(root.resolve("run/deeper/rules.policy"), "test.Allow * work personal allow\n");
            awaitReply(daemon, REQUEST, TestSystem.ALLOW_WORK_PERSONAL);
            TestSystem.replace(root.resolve("run/deeper/rules.policy"), "test.Allow * work personal deny\n");
            awaitReply(daemon, REQUEST, "result=deny");
        }
    }

    @Test
    void aSecondDaemonOnTheSameSocketIsRefused() throws Exception {
        Path root = scratch.toRealPath();
        try (DaemonFixture daemon = DaemonFixture.onTestSystem(root)) {
            IOException refused = assertThrows(IOException.class, () -> Listener.open(daemon.policySocket(),
                    channel -> { }, line -> { }));
            assertEquals("another process is already serving " + daemon.policySocket()
                    + "; not starting a second daemon", refused.getMessage());
            assertEquals(TestSystem.ALLOW_WORK_PERSONAL, daemon.ask(REQUEST), "the first one still serves");
        }
        Files.writeString(root.resolve("stale.sock"), "");
        try (Listener stale = Listener.open(root.resolve("stale.sock"), channel -> { }, line -> { })) {
            assertTrue(Files.exists(stale.path()), "a stale file is replaced");
        }
        assertEquals(false, Files.exists(root.resolve("stale.sock")), "closing removes the socket");
    }

    private static void deleteTree(Path directory) throws IOException {
        try (Stream<Path> entries = Files.walk(directory)) {
            for (Path entry : entries.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }
}
