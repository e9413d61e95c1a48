package dev.qrexec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.daemon.testing.TestSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** qubesd misbehaving: every failure is a logged deny, and the daemon goes on serving. */
@Timeout(60)
class QubesdFailureTest {
    private static final String REQUEST = "source=work\nintended_target=personal\nservice_and_arg=test.Allow\n\n";
    private static final String PREFIX = "qrexec: test.Allow+: work -> personal: error getting system info: ";

    @TempDir
    Path scratch;

    private DaemonFixture daemon;

    @BeforeEach
    void start() throws IOException {
        Path root = scratch.toRealPath();
        TestSystem.replace(root.resolve("etc/30-test.policy"), TestSystem.POLICY);
        daemon = new DaemonFixture(root, TestSystem.systemInfo(), Duration.ofSeconds(60), Duration.ofSeconds(60));
    }

    @AfterEach
    void stop() {
        daemon.close();
    }

    private void assertDenied(QubesdStandin.Failure failure, String logLine) throws IOException {
        daemon.qubesd.setFailure(failure);
        assertEquals("result=deny", daemon.ask(REQUEST));
        assertEquals(List.of(logLine), daemon.log);
        daemon.log.clear();
        daemon.qubesd.setFailure(QubesdStandin.Failure.NONE);
        assertEquals(TestSystem.ALLOW_WORK_PERSONAL, daemon.ask(REQUEST));
        daemon.log.clear();
    }

    @Test
    void anExceptionReplyIsADenyNamingTheException() throws IOException {
        assertDenied(QubesdStandin.Failure.EXCEPTION, PREFIX + "qubesd raised QubesException: stand-in failure");
    }

    @Test
    void garbageIsADeny() throws IOException {
        assertDenied(QubesdStandin.Failure.GARBAGE,
                PREFIX + "invalid qubesd response (18 bytes, starting with this is not qube)");
    }

    @Test
    void aClosedConnectionIsADeny() throws IOException {
        assertDenied(QubesdStandin.Failure.CLOSE, PREFIX + "invalid qubesd response (0 bytes)");
    }

    /**
     * Only here a short qubesd timeout: qubesd never answers, so the deny does not depend
     * on the machine's speed; afterwards a working qubesd is asked until it is in time.
     */
    @Test
    void aHangingQubesdIsADenyAfterTheTimeout() throws Exception {
        daemon.close();
        daemon = new DaemonFixture(scratch.toRealPath(), TestSystem.systemInfo(), Duration.ofSeconds(60),
                Duration.ofMillis(300));
        daemon.qubesd.setFailure(QubesdStandin.Failure.HANG);
        assertEquals("result=deny", daemon.ask(REQUEST));
        assertEquals(List.of(PREFIX + "qubesd at " + daemon.root.resolve("qubesd.sock")
                + " did not answer within 300 ms"), daemon.log);
        daemon.qubesd.setFailure(QubesdStandin.Failure.NONE);
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!daemon.ask(REQUEST).equals(TestSystem.ALLOW_WORK_PERSONAL)) {
            assertTrue(System.nanoTime() < deadline, "a working qubesd is never in time");
            Thread.sleep(10);
        }
    }

    @Test
    void aMissingQubesdIsADeny() throws IOException {
        daemon.qubesd.close();
        assertEquals("result=deny", daemon.ask(REQUEST));
        assertEquals(1, daemon.log.size());
        assertEquals(true, daemon.log.get(0).startsWith(PREFIX + "cannot talk to qubesd at "), daemon.log.get(0));
    }

    @Test
    void invalidSystemInformationIsADeny() throws IOException {
        daemon.qubesd.setSystemInfo("{\"domains\": []}".getBytes());
        assertEquals("result=deny", daemon.ask(REQUEST));
        assertEquals(List.of(PREFIX + "invalid system information: no \"domains\" object"), daemon.log);
    }
}
