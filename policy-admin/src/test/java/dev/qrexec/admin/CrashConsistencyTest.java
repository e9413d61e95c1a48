package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.load.LoadResult;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills processes that keep replacing a policy file with SIGKILL at random moments:
 * afterwards the file is always wholly the old or wholly the new version, the policy
 * always loads, and nothing but hidden temporary files (which the loader skips and the
 * next write removes) is ever left behind. Every other kill comes at a random moment;
 * the others come as soon as a write's temporary file appears, and at least a quarter
 * of all kills must leave one behind (cut a write short), so that the test does prove
 * its point. {@code -Dqrexec.crashTrials=N} sets the number of kills (default 200).
 */
class CrashConsistencyTest {
    private static final int TRIALS = Integer.getInteger("qrexec.crashTrials", 200);
    private static final int LANES = 3;
    private static final int MAX_DELAY_MICROS = 40_000;

    @TempDir
    Path scratch;

    @Test
    void aKilledReplaceLeavesTheOldOrTheNewFileAndALoadablePolicy() throws Exception {
        long seed = System.nanoTime();
        WorkerJvm jvm = WorkerJvm.withAotCache(Files.createDirectories(scratch.resolve("jvm")));
        AtomicInteger leftovers = new AtomicInteger();
        List<CompletableFuture<Void>> lanes = new ArrayList<>();
        for (int lane = 0; lane < LANES; lane++) {
            Path root = Files.createDirectories(scratch.resolve("lane" + lane));
            Random random = new Random(seed + lane);
            int trials = TRIALS / LANES + (lane < TRIALS % LANES ? 1 : 0);
            lanes.add(CompletableFuture.runAsync(() -> {
                try {
                    runLane(jvm, root, random, trials, leftovers);
                } catch (Exception e) {
                    throw new IllegalStateException("seed " + seed + ": " + e.getMessage(), e);
                }
            }));
        }
        CompletableFuture.allOf(lanes.toArray(CompletableFuture[]::new)).get(15, TimeUnit.MINUTES);
        System.out.println("crash consistency: " + TRIALS + " kills, " + leftovers + " left a hidden temporary file");
        // half the kills aim at a write in progress: most of those must have hit one, or the
        // test would prove nothing about a write cut short
        assertTrue(leftovers.get() >= TRIALS / 4, "only " + leftovers + " of " + TRIALS + " kills landed mid-write");
    }

    /** Returns once a temporary file of a write exists in {@code directory} (or after two seconds). */
    private static void awaitWriteInProgress(Path directory) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (System.nanoTime() < deadline) {
            try (DirectoryStream<Path> temporary = Files.newDirectoryStream(directory, AtomicWriter.TEMP_PREFIX + "*")) {
                if (temporary.iterator().hasNext()) {
                    return;
                }
            }
        }
    }

    private static void runLane(WorkerJvm jvm, Path root, Random random, int trials, AtomicInteger leftovers)
            throws Exception {
        PolicyDirectory dir = new PolicyDirectory(root);
        byte[] a = version("a");
        byte[] b = version("b");
        Files.write(root.resolve("a"), a);
        Files.write(root.resolve("b"), b);
        dir.write("10-base.policy", "!include include/common\n").write("include/common", "* * @anyvm dom0 deny\n");
        Files.write(dir.main.resolve("30-user.policy"), a);
        for (int trial = 0; trial < trials; trial++) {
            Process worker = new ProcessBuilder(jvm.command(dir.main, "replace-forever",
                    root.resolve("a").toString(), root.resolve("b").toString())).redirectErrorStream(true).start();
            try {
                BufferedReader output = new BufferedReader(new InputStreamReader(worker.getInputStream(),
                        StandardCharsets.UTF_8));
                String first = CompletableFuture.supplyAsync(() -> readLine(output)).get(2, TimeUnit.MINUTES);
                assertEquals("ready", first);
                if (trial % 2 == 0) {
                    LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(random.nextInt(MAX_DELAY_MICROS)));
                } else {
                    awaitWriteInProgress(dir.main);
                }
            } finally {
                worker.destroyForcibly();
            }
            assertEquals(137, worker.waitFor(), "the worker must die of SIGKILL, not by itself");
            byte[] now = Files.readAllBytes(dir.main.resolve("30-user.policy"));
            assertTrue(Arrays.equals(a, now) || Arrays.equals(b, now), "trial " + trial + ": a torn file");
            LoadResult load = PolicyLoader.load(new LoadOptions(List.of(dir.main), root.resolve("legacy"), false,
                    FileView.real()));
            assertTrue(load.ok(), () -> "the policy does not load: " + load.diagnostics());
            for (String name : names(dir.main)) {
                if (name.startsWith(AtomicWriter.TEMP_PREFIX)) {
                    leftovers.incrementAndGet();
                } else {
                    assertTrue(List.of("10-base.policy", "30-user.policy", "include").contains(name), name);
                }
            }
        }
        assertEquals(0, dir.call("policy.Replace+30-user", "any\n# done\n").exitCode());
        assertEquals(List.of("10-base.policy", "30-user.policy", "include"), names(dir.main));
    }

    /** A large valid policy file, so that a kill often lands while it is being written. */
    private static byte[] version(String name) {
        StringBuilder text = new StringBuilder("# version " + name + "\n");
        for (int i = 0; i < 100; i++) {
            text.append("test.").append(name).append(i).append(" * @anyvm @anyvm deny\n");
        }
        return text.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
