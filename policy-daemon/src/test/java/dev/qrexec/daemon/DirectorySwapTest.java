package dev.qrexec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.daemon.testing.TestSystem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every configured directory (run/, etc/ and the legacy one) swapped for another
 * while the daemon runs: renamed away with another renamed in its place, or, where
 * the configured path is a symlink, the symlink replaced. The daemon follows the
 * path and answers from the new tree (and after further edits in it); the latency of
 * each swap is printed.
 */
@Timeout(300)
class DirectorySwapTest {
    private static final String REQUEST = "source=work\nintended_target=personal\nservice_and_arg=test.Allow\n\n";
    private static final Duration BOUND = Duration.ofSeconds(20);

    @TempDir
    Path scratch;

    private final List<String> latencies = new ArrayList<>();

    /** Asks until the reply is {@code expected}; fails after the bound. Records the time taken. */
    private void awaitReply(DaemonFixture daemon, String what, String expected) throws Exception {
        long start = System.nanoTime();
        while (!daemon.ask(REQUEST).equals(expected)) {
            if (System.nanoTime() - start > BOUND.toNanos()) {
                throw new AssertionError(what + ": the daemon did not answer " + expected + " within " + BOUND);
            }
            Thread.sleep(1);
        }
        latencies.add(String.format("%s %.1f ms", what, (System.nanoTime() - start) / 1e6));
    }

    /** The content of each configured directory in the allowing and the denying version. */
    private static void fill(Path root, String directory, Path into, boolean deny) throws IOException {
        Files.createDirectories(into);
        switch (directory) {
            case "run" -> {
                if (deny) {
                    TestSystem.replace(into.resolve("10-swap.policy"), "test.Allow * work personal deny\n");
                }
            }
            case "etc" -> {
                TestSystem.replace(into.resolve("30-test.policy"), deny
                        ? TestSystem.POLICY.replace("test.Allow * work personal allow", "test.Allow * work personal deny")
                        : TestSystem.POLICY);
                TestSystem.replace(into.resolve("05-compat.policy"), "!compat-4.0\n");
                Files.createDirectories(into.resolve("include"));
            }
            case "legacy" -> {
                if (deny) {
                    TestSystem.replace(into.resolve("test.Allow"), "work personal deny\n");
                }
            }
            default -> throw new IllegalArgumentException(directory);
        }
    }

    private static void rename(Path from, Path to) throws IOException {
        Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    @Test
    void renamingAnotherDirectoryInPlaceOfEachConfiguredOneIsFollowed() throws Exception {
        Path root = scratch.toRealPath();
        for (String directory : List.of("run", "etc", "legacy")) {
            fill(root, directory, root.resolve(directory), false);
        }
        try (DaemonFixture daemon = new DaemonFixture(root, TestSystem.systemInfo())) {
            assertEquals(TestSystem.ALLOW_WORK_PERSONAL, daemon.ask(REQUEST));
            int generation = 0;
            for (String directory : List.of("run", "etc", "legacy")) {
                for (boolean deny : List.of(true, false)) {
                    Path next = root.resolve(directory + ".new" + generation);
                    fill(root, directory, next, deny);
                    rename(root.resolve(directory), root.resolve(directory + ".old" + generation++));
                    rename(next, root.resolve(directory));
                    awaitReply(daemon, "rename swap of " + directory, deny ? "result=deny" : TestSystem.ALLOW_WORK_PERSONAL);
                }
            }
            // the new trees are watched: an edit in the swapped-in etc/ is seen
            TestSystem.replace(root.resolve("etc/20-edit.policy"), "test.Allow * work personal deny\n");
            awaitReply(daemon, "edit after the swaps", "result=deny");
        }
        System.out.println("directory swaps: " + latencies);
    }

    @Test
    void replacingASymlinkedConfiguredDirectoryIsFollowed() throws Exception {
        Path root = scratch.toRealPath();
        for (String directory : List.of("run", "etc", "legacy")) {
            fill(root, directory, root.resolve(directory + "-v0"), false);
            Files.createSymbolicLink(root.resolve(directory), Path.of(directory + "-v0"));
        }
        try (DaemonFixture daemon = new DaemonFixture(root, TestSystem.systemInfo())) {
            assertEquals(TestSystem.ALLOW_WORK_PERSONAL, daemon.ask(REQUEST));
            int generation = 1;
            for (String directory : List.of("run", "etc", "legacy")) {
                for (boolean deny : List.of(true, false)) {
                    String version = directory + "-v" + generation++;
                    fill(root, directory, root.resolve(version), deny);
                    // ln -s VERSION DIR.new; mv -T DIR.new DIR
                    Files.createSymbolicLink(root.resolve(directory + ".new"), Path.of(version));
                    rename(root.resolve(directory + ".new"), root.resolve(directory));
                    awaitReply(daemon, "symlink swap of " + directory, deny ? "result=deny" : TestSystem.ALLOW_WORK_PERSONAL);
                }
            }
            TestSystem.replace(root.resolve("etc/20-edit.policy"), "test.Allow * work personal deny\n");
            awaitReply(daemon, "edit after the swaps", "result=deny");
        }
        System.out.println("symlink swaps: " + latencies);
    }
}
