package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.qrexec.parser.testing.BlockingView;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edit whose validation load cannot finish (a policy file whose read never
 * returns) is refused once the load deadline passes: the directory stays as it was
 * and the directory lock is released, so the next call is served.
 */
class BlockedReadTest {
    @TempDir
    Path scratch;

    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void unblock() {
        release.countDown();
    }

    @Test
    void aBlockedValidationIsRefusedAndReleasesTheLock() throws IOException {
        PolicyDirectory dir = new PolicyDirectory(scratch)
                .write("10-a.policy", "qubes.A * @anyvm @anyvm deny\n")
                .write("include/slow", "qubes.S * @anyvm @anyvm deny\n")
                .write("20-b.policy", "!include include/slow\n");
        Map<String, String> before = dir.snapshot();
        Path slow = dir.main.resolve("include/slow");
        // warm: the deadline must only ever be missed by the blocked read, not by a cold start
        assertEquals("10-a\n20-b\n", PolicyDirectory.out(dir.call("policy.List", "")));
        assertInstanceOf(Reply.Refused.class, dir.call("policy.Replace+30-c", "new\nbad\n"));
        PolicyAdmin blocked = new PolicyAdmin(dir.config, new AdminLog(dir.log, PolicyDirectory.CLOCK),
                new BlockingView(slow, release), Duration.ofSeconds(5));

        Reply reply = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> blocked.handle(
                AdminRequest.of("policy.Replace+30-c", "new\nqubes.C * @anyvm @anyvm allow\n".getBytes(), "mgmt")));

        Reply.Refused refused = assertInstanceOf(Reply.Refused.class, reply);
        assertEquals("Policy change validation failed: loading the policy did not finish within 5000 ms (reading "
                + slow + "); the policy is not loaded", refused.refusal().message());
        assertEquals(before, dir.snapshot());
        // the lock is free again: a call through the real file system is served at once
        Reply list = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> dir.call("policy.List", ""));
        assertEquals("10-a\n20-b\n", PolicyDirectory.out(list));
    }
}
