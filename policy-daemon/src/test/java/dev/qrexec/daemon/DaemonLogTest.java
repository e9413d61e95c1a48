package dev.qrexec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The daemon's log: every message one line, in order, all written by close. */
class DaemonLogTest {
    @Test
    void writesEveryMessageAsOneLineInOrder() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DaemonLog log = new DaemonLog(out);
        for (int i = 0; i < 100_000; i++) {
            log.log("line " + i);
        }
        log.log("denied: target personal\nqrexec: forged line\r");
        log.close();
        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(100_001, lines.size());
        assertEquals("line 0", lines.get(0));
        assertEquals("line 99999", lines.get(99_999));
        assertEquals("denied: target personal\\nqrexec: forged line\\r", lines.get(100_000));
    }
}
