package dev.qrexec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.qrexec.daemon.testing.TestSystem;
import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.load.LoadOptions;
import dev.qrexec.parser.testing.BlockingView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The daemon's policy when a policy file's read never returns: once the load deadline
 * passes, the policy denies everything and the error is logged; the next change loads
 * the policy again.
 */
class BlockedLoadTest {
    @TempDir
    Path scratch;

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void unblock() {
        release.countDown();
    }

    @Test
    void aBlockedLoadDeniesEverythingUntilTheNextChangeLoads() throws Exception {
        Path etc = Files.createDirectories(scratch.toRealPath().resolve("etc"));
        Files.writeString(etc.resolve("30-test.policy"), TestSystem.POLICY);
        // the blocked file is the first one read, so no other read has to be done before the deadline
        Path slow = etc.resolve("10-slow.policy");
        Files.writeString(slow, "test.Slow * @anyvm @anyvm deny\n");
        SystemInfo info = SystemInfo.parse(TestSystem.systemInfo());
        Request request = Request.of("work", "personal", "test.Allow");
        List<String> log = new CopyOnWriteArrayList<>();
        LoadOptions options = new LoadOptions(List.of(etc), scratch.resolve("legacy"), false,
                new BlockingView(slow, release), Duration.ofSeconds(5));
        // warm: the deadline must only ever be missed by the blocked read, not by a cold start
        new PolicyCache(options.withView(FileView.real()), line -> { }).current();
        PolicyCache cache = new PolicyCache(options, log::add);

        Evaluator blocked = assertTimeoutPreemptively(Duration.ofSeconds(20), cache::current);

        assertInstanceOf(Decision.Denied.class, blocked.evaluate(request, info).decision());
        assertEquals(List.of("error loading policy: " + slow + ":0:0: error: loading the policy did not finish within "
                + "5000 ms (reading " + slow + "); the policy is not loaded"), log);
        release.countDown();
        cache.changed();
        Evaluator loaded = assertTimeoutPreemptively(Duration.ofSeconds(20), cache::current);
        assertInstanceOf(Decision.Allowed.class, loaded.evaluate(request, info).decision());
        assertEquals("policy loaded again: 6 rules", log.get(log.size() - 1));
    }
}
