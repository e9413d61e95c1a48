package dev.qrexec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.daemon.testing.TestSystem;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A policy file that an editor truncates and rewrites in place: while the writer still
 * has it open, half written, the daemon keeps answering from the whole old file; once
 * the writer closes it, the whole new file is in force.
 */
@Timeout(120)
class HalfWrittenFileTest {
    private static final String REQUEST = "source=work\nintended_target=personal\nservice_and_arg=test.Allow\n\n";
    private static final String ALLOW_TO_DOM0 = "user=DEFAULT\nresult=allow\ntarget=dom0\nautostart=True\n"
            + "requested_target=personal";

    @TempDir
    Path scratch;

    @Test
    void aFileBeingRewrittenInPlaceIsReadOnceItsWriterClosesIt() throws Exception {
        Path root = scratch.toRealPath();
        Path file = root.resolve("etc/10-first.policy");
        TestSystem.replace(file, "test.Allow * work personal deny\n");
        try (DaemonFixture daemon = DaemonFixture.onTestSystem(root)) {
            assertEquals("result=deny", daemon.ask(REQUEST));
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) { // truncates
                writer.write("# being rewritten\n");
                writer.flush();
                // half a second with the file truncated and half written: the old whole file stays in force
                long end = System.nanoTime() + Duration.ofMillis(500).toNanos();
                while (System.nanoTime() < end) {
                    assertEquals("result=deny", daemon.ask(REQUEST), "a half-written file was loaded");
                    Thread.sleep(5);
                }
                writer.write("test.Allow * work personal allow target=dom0\n");
            }
            long start = System.nanoTime();
            while (!daemon.ask(REQUEST).equals(ALLOW_TO_DOM0)) {
                if (System.nanoTime() - start > Duration.ofSeconds(20).toNanos()) {
                    throw new AssertionError("the rewritten file was not loaded after its writer closed it");
                }
                Thread.sleep(1);
            }
        }
    }
}
