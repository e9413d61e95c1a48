package dev.qrexec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.daemon.testing.TestSystem;
import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads that would take the daemon away from its requests: an include diamond is
 * refused quickly while other requests are answered, a load that a newer change
 * supersedes is abandoned, and the watcher ends quietly when it is closed mid-reload.
 */
@Timeout(120)
class LoadBoundTest {
    private static final String REQUEST = "source=work\nintended_target=personal\nservice_and_arg=test.Allow\n\n";

    @TempDir
    Path scratch;

    @Test
    void anIncludeDiamondIsRefusedWhileTheDaemonKeepsAnswering() throws Exception {
        Path root = scratch.toRealPath();
        try (DaemonFixture daemon = DaemonFixture.onTestSystem(root)) {
            assertEquals(TestSystem.ALLOW_WORK_PERSONAL, daemon.ask(REQUEST));
            for (int i = 0; i < 40; i++) {
                TestSystem.replace(root.resolve("etc/include/d" + i),
                        "!include include/d" + (i + 1) + "\n!include include/d" + (i + 1) + "\n");
            }
            TestSystem.replace(root.resolve("etc/include/d40"), "test.Other * @anyvm @anyvm deny\n");
            AtomicBoolean asking = new AtomicBoolean(true);
            AtomicInteger answered = new AtomicInteger();
            List<String> unexpected = new CopyOnWriteArrayList<>();
            Thread client = Thread.ofPlatform().start(() -> {
                while (asking.get()) {
                    try {
                        String reply = daemon.ask(REQUEST);
                        if (reply.equals(TestSystem.ALLOW_WORK_PERSONAL) || reply.equals("result=deny")) {
                            answered.incrementAndGet();
                        } else {
                            unexpected.add(reply);
                        }
                    } catch (IOException e) {
                        unexpected.add(e.toString());
                    }
                }
            });
            long start = System.nanoTime();
            TestSystem.replace(root.resolve("etc/10-diamond.policy"), "!include include/d0\n");
            while (!daemon.ask(REQUEST).equals("result=deny")) {
                Thread.sleep(1);
            }
            long refused = System.nanoTime() - start;
            int before = answered.get();
            while (answered.get() < before + 20) {
                Thread.sleep(1);
            }
            asking.set(false);
            client.join();
            System.out.printf("include diamond 2^40: denied after %.1f ms, %d requests answered meanwhile%n",
                    refused / 1e6, answered.get());
            assertEquals(List.of(), unexpected);
            assertTrue(daemon.awaitLog("error loading policy: " + root.resolve("etc/include/d38")
                    + ":1:1: error: too many included files: more than " + PolicyLoader.MAX_INCLUDED_FILES
                    + " in one load"), daemon.log.toString());
            Files.delete(root.resolve("etc/10-diamond.policy"));
            while (!daemon.ask(REQUEST).equals(TestSystem.ALLOW_WORK_PERSONAL)) {
                Thread.sleep(1);
            }
        }
    }

    @Test
    void aLoadThatANewerChangeSupersedesIsAbandoned() throws Exception {
        Path root = scratch.toRealPath();
        int files = 60;
        for (int i = 0; i < files; i++) {
            TestSystem.replace(root.resolve("etc/" + (10 + i) + "-f.policy"), "test.F" + i + " * @anyvm @anyvm deny\n");
        }
        AtomicInteger reads = new AtomicInteger();
        PolicyCache[] cache = new PolicyCache[1];
        FileView slow = new FileView() {
            @Override
            public Kind kind(Path path) {
                return FileView.real().kind(path);
            }

            @Override
            public List<String> list(Path directory) throws IOException {
                return FileView.real().list(directory);
            }

            @Override
            public byte[] read(Path file) throws IOException {
                if (reads.incrementAndGet() == 5) {
                    cache[0].changed(); // a change lands while the load is under way
                }
                try {
                    Thread.sleep(20);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return FileView.real().read(file);
            }
        };
        Files.createDirectories(root.resolve("run"));
        LoadOptions options = LoadOptions.defaults().withDirectories(List.of(root.resolve("run"), root.resolve("etc")))
                .withLegacyDirectory(root.resolve("legacy")).withView(slow);
        cache[0] = new PolicyCache(options, line -> { });
        cache[0].changed();
        assertTrue(cache[0].reload());
        assertTrue(cache[0].lastResult().ok(), cache[0].lastResult().diagnostics().toString());
        assertEquals(files, cache[0].lastResult().tree().rules().size());
        // the first load stopped soon after the change instead of reading every file twice
        assertTrue(reads.get() < files + 15, "files read: " + reads.get());
    }

    @Test
    void aSecondDaemonOnTheSameSocketsNeverWatches() throws Exception {
        Path root = scratch.toRealPath();
        try (DaemonFixture daemon = DaemonFixture.onTestSystem(root)) {
            long watchers = watcherThreads();
            Path second = root.resolve("second");
            Files.createDirectories(second);
            try {
                new DaemonFixture(root, TestSystem.systemInfo()).close();
                throw new AssertionError("a second daemon started");
            } catch (IOException refused) {
                assertTrue(refused.getMessage().startsWith("another process is already serving"), refused.getMessage());
            }
            assertEquals(watchers, watcherThreads());
            assertEquals(TestSystem.ALLOW_WORK_PERSONAL, daemon.ask(REQUEST));
        }
    }

    @Test
    void closingTheWatcherDuringAReloadIsANormalEnd() throws Exception {
        Path root = scratch.toRealPath();
        TestSystem.replace(root.resolve("etc/30-test.policy"), TestSystem.POLICY);
        CountDownLatch reading = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean block = new AtomicBoolean();
        FileView blocking = new FileView() {
            @Override
            public Kind kind(Path path) {
                return FileView.real().kind(path);
            }

            @Override
            public List<String> list(Path directory) throws IOException {
                return FileView.real().list(directory);
            }

            @Override
            public byte[] read(Path file) throws IOException {
                if (block.get()) {
                    reading.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                return FileView.real().read(file);
            }
        };
        LoadOptions options = LoadOptions.defaults().withDirectories(List.of(root.resolve("etc")))
                .withLegacyDirectory(root.resolve("legacy")).withView(blocking);
        List<String> log = new CopyOnWriteArrayList<>();
        PolicyCache cache = new PolicyCache(options, log::add);
        cache.changed();
        cache.reload();
        PolicyWatcher watcher = new PolicyWatcher(cache, log::add);
        watcher.start();
        block.set(true);
        TestSystem.replace(root.resolve("etc/30-test.policy"), TestSystem.POLICY + "# changed\n");
        assertTrue(reading.await(20, TimeUnit.SECONDS), "the watcher reloads");
        watcher.close();
        release.countDown();
        watcher.thread().join(Duration.ofSeconds(20));
        assertFalse(watcher.thread().isAlive());
        assertEquals(List.of(), log);
    }

    private static long watcherThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("qrexec-policy-watcher") && t.isAlive()).count();
    }
}
