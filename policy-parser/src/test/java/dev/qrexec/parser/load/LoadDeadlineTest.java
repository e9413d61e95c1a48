package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.testing.BlockingView;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A read that never returns (a file system that stops answering, a file swapped for a
 * FIFO after it was checked) must not hang the load: after the deadline the load ends
 * as one {@link Code#LOAD_TIMED_OUT} error naming the file being read, whether the
 * file is read by the loader, by a prefetch helper, or reached through an include.
 */
class LoadDeadlineTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);

    @TempDir
    Path scratch;

    private final CountDownLatch release = new CountDownLatch(1);
    private Path policy;

    @BeforeEach
    void tree() throws IOException {
        policy = Files.createDirectories(scratch.toRealPath().resolve("policy.d"));
        Files.createDirectories(policy.resolve("include"));
        Files.writeString(policy.resolve("10-a.policy"), "qubes.A * @anyvm @anyvm deny\n");
        Files.writeString(policy.resolve("20-b.policy"), "qubes.B * @anyvm @anyvm allow\n!include include/c\n");
        Files.writeString(policy.resolve("include/c"), "qubes.C * @anyvm @anyvm ask\n");
        Files.writeString(policy.resolve("30-d.policy"), "qubes.D * @anyvm @anyvm deny\n");
    }

    @AfterEach
    void unblock() {
        release.countDown();
    }

    @ParameterizedTest(name = "{0} blocks, {1} threads")
    @CsvSource({"10-a.policy, 3", "30-d.policy, 3", "include/c, 1", "include/c, 3"})
    void aReadThatNeverReturnsEndsAsALoadError(String blocked, int threads) {
        // warm: the deadline must only ever be missed by the blocked read, not by a cold start
        assertEquals(4, PolicyLoader.load(new LoadOptions(List.of(policy), policy.resolve("legacy"), false,
                FileView.real()), threads).tree().rules().size());
        Path file = policy.resolve(blocked);
        LoadOptions options = new LoadOptions(List.of(policy), policy.resolve("legacy"), false,
                new BlockingView(file, release), DEADLINE);
        LoadResult result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> PolicyLoader.load(options, threads));
        assertEquals(List.of(Diagnostic.error(Code.LOAD_TIMED_OUT, Position.of(file.toString()),
                "loading the policy did not finish within 5000 ms (reading " + file + "); the policy is not loaded")),
                result.diagnostics());
        assertEquals(List.of(), result.tree().rules());
    }

    @ParameterizedTest(name = "collect all: {0}")
    @CsvSource({"false", "true"})
    void aSlowButFinishedReadIsNoError(boolean all) throws Exception {
        release.countDown();
        LoadOptions options = new LoadOptions(List.of(policy), policy.resolve("legacy"), all,
                new BlockingView(policy.resolve("include/c"), release), LoadOptions.DEFAULT_DEADLINE);
        LoadResult result = PolicyLoader.load(options, 3);
        assertEquals(List.of(), result.diagnostics());
        assertEquals(4, result.tree().rules().size());
    }
}
