package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Eight processes append to one file, each round Get then Replace with the token,
 * retrying when the token is stale. No update may be lost: the successful Replaces
 * form one chain from the first content to the last (every one based on the content
 * the previous one wrote, so a stale token never got through), and the final file
 * holds every line exactly once.
 */
class ConcurrentEditTest {
    private static final int WORKERS = 8;
    private static final int ROUNDS = 40;

    @TempDir
    Path scratch;

    @Test
    void getThenReplaceWithTokensLosesNoUpdate() throws Exception {
        PolicyDirectory dir = new PolicyDirectory(scratch).write("10-base.policy", "* * @anyvm dom0 deny\n")
                .write("30-user.policy", "# start\n");
        WorkerJvm jvm = WorkerJvm.plain();
        List<Process> workers = new ArrayList<>();
        List<CompletableFuture<String>> outputs = new ArrayList<>();
        for (int w = 0; w < WORKERS; w++) {
            Process worker = new ProcessBuilder(jvm.command(dir.main, "rounds", "w" + w,
                    Integer.toString(ROUNDS))).redirectErrorStream(true).start();
            workers.add(worker);
            outputs.add(CompletableFuture.supplyAsync(() -> read(worker)));
        }
        Map<String, String> chain = new HashMap<>();
        int stale = 0;
        try {
            for (int w = 0; w < WORKERS; w++) {
                String output = outputs.get(w).get(5, TimeUnit.MINUTES);
                assertEquals(0, workers.get(w).waitFor(), output);
                for (String line : output.lines().toList()) {
                    String[] fields = line.split(" ");
                    switch (fields[0]) {
                        case "OK" -> assertEquals(null, chain.put(fields[1], fields[2]),
                                "two Replaces succeeded with the same token " + fields[1]);
                        case "STALE" -> stale++;
                        default -> throw new AssertionError(line);
                    }
                }
            }
        } finally {
            workers.forEach(Process::destroyForcibly);
        }
        assertEquals(WORKERS * ROUNDS, chain.size());
        String token = ContentHash.of("# start\n".getBytes(StandardCharsets.UTF_8));
        Set<String> seen = new HashSet<>();
        while (chain.containsKey(token)) {
            assertTrue(seen.add(token));
            token = chain.get(token);
        }
        assertEquals(WORKERS * ROUNDS, seen.size(), "the successful Replaces do not form one chain");
        byte[] last = Files.readAllBytes(dir.main.resolve("30-user.policy"));
        assertEquals(token, ContentHash.of(last));
        List<String> lines = new String(last, StandardCharsets.UTF_8).lines().toList();
        assertEquals(1 + WORKERS * ROUNDS, lines.size());
        assertEquals(lines.size(), new HashSet<>(lines).size());
        for (int w = 0; w < WORKERS; w++) {
            for (int r = 0; r < ROUNDS; r++) {
                assertTrue(lines.contains("# w" + w + " round " + r), "w" + w + " round " + r);
            }
        }
        System.out.println("concurrent edits: " + chain.size() + " replaces, " + stale + " stale tokens refused");
    }

    private static String read(Process process) {
        try {
            return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
