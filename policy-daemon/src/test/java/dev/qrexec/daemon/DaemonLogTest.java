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

    /** Peer text with NUL bytes (source, intended target, an EvalSimple service name, an agent's answer). */
    @Test
    void nulBytesAreEscapedLikeLineBreaks() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DaemonLog log = new DaemonLog(out);
        log.log("qrexec: test.Allow+: wo\0rk -> pers\0onal: denied: no such qube");
        log.log("invalid request to policy.EvalSimple: service te\0st\r\n");
        log.close();
        assertEquals("qrexec: test.Allow+: wo\\x00rk -> pers\\x00onal: denied: no such qube\n"
                + "invalid request to policy.EvalSimple: service te\\x00st\\r\\n\n", out.toString(StandardCharsets.UTF_8));
    }
}
