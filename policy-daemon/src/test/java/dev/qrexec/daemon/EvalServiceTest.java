package dev.qrexec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** policy.EvalSimple and policy.EvalGUI: qrexec's framing, the checks on names and lengths, the GUI tag check. */
@Timeout(60)
class EvalServiceTest extends DaemonTestBase {
    private String call(Path socket, String bytes) throws IOException {
        return new String(Sockets.exchange(socket, bytes.getBytes(StandardCharsets.ISO_8859_1), true),
                StandardCharsets.ISO_8859_1);
    }

    /** The lines logged apart from evaluation lines. */
    private List<String> serviceLog() {
        return daemon.log.stream().filter(line -> !line.startsWith("qrexec:")).toList();
    }

    private void assertNoReply(Path socket, String bytes, String logLine) throws IOException {
        assertEquals("", call(socket, bytes));
        assertEquals(List.of(logLine), serviceLog());
        daemon.log.clear();
    }

    @Test
    void answersAsBothFlagsWouldWithANewline() throws IOException {
        assertEquals("result=allow\n", call(daemon.evalSocket(), "policy.EvalSimple+test.Allow vault keyword adminvm\0"
                + "work\0personal"));
        assertEquals("result=deny\n", call(daemon.evalSocket(), "policy.EvalSimple+test.Allow work keyword adminvm\0"
                + "vault\0personal"));
        assertEquals("result=allow\n", call(daemon.evalSocket(), "policy.EvalSimple+test.Ask+x vault\0"
                + "work\0personal"));
        assertEquals("result=deny\n", call(daemon.evalSocket(), "policy.EvalSimple+test.Ask+x vault\0"
                + "work\0@default"));
        assertEquals(List.of(), serviceLog());
        assertEquals(List.of(), daemon.agent.calls(), "no prompt, no notification");
    }

    @Test
    void theQueriedServiceMayCarryAnArgument() throws IOException {
        assertEquals("result=allow\n", call(daemon.evalSocket(), "policy.EvalSimple+test.Allow+arg d\0work\0personal"));
    }

    @Test
    void descriptorErrorsGetNoReply() throws IOException {
        Path socket = daemon.evalSocket();
        assertNoReply(socket, "policy.EvalSimple+ b c d\0e\0f",
                "policy.EvalSimple requires an argument (the service to query), butb did not provide one");
        assertNoReply(socket, "policy.EvalSimple++a b c d\0e\0f",
                "policy.EvalSimple requires an argument (the service to query), butb did not provide one");
        assertNoReply(socket, "policy.EvalSimple b c d\0e\0f",
                "policy.EvalSimple requires an argument (the service to query), butb did not provide one");
        assertNoReply(socket, "policy.EvalGUI+test.Allow work\0work\0personal",
                "policy.EvalSimple invoked with incorrect name policy.EvalGUI by work");
        assertNoReply(daemon.guiSocket(), "policy.EvalSimple+test.Allow dom0\0work\0personal",
                "policy.EvalGUI invoked with incorrect name policy.EvalSimple by dom0");
        assertNoReply(socket, "policy.EvalSimple+test.Allow", "policy.EvalSimple: incomplete service descriptor");
        assertNoReply(socket, "policy.EvalSimple+test.Allow work", "policy.EvalSimple: incomplete service descriptor");
        assertNoReply(socket, "x".repeat(70_000),
                "policy.EvalSimple: service descriptor too long (more than 65536 bytes without a delimiter)");
    }

    @Test
    void bodyErrorsGetNoReply() throws IOException {
        Path socket = daemon.evalSocket();
        String head = "policy.EvalSimple+a b c d\0";
        assertNoReply(socket, head + "e\0\n", "policy.EvalSimple: invalid data from qube b");
        assertNoReply(socket, head + "e\0e\0", "policy.EvalSimple: invalid data from qube b");
        assertNoReply(socket, head + "work", "policy.EvalSimple: invalid data from qube b");
        assertNoReply(socket, head + "e:f\0g", "policy.EvalSimple: invalid data from qube b");
        assertNoReply(socket, head + "e\0uuid:11111111-1111-1111-1111-111111111111",
                "policy.EvalSimple: invalid data from qube b");
        assertNoReply(socket, head + "e\0", "policy.EvalSimple: b sent a target of length 0, but the limit is 63");
        assertNoReply(socket, head + "e\0" + "t".repeat(64),
                "policy.EvalSimple: b sent a target of length 64, but the limit is 63");
        assertNoReply(socket, head + "\0t", "policy.EvalSimple: b sent a source of length 0, but the limit is 31");
        assertNoReply(socket, head + "s".repeat(32) + "\0t",
                "policy.EvalSimple: b sent a source of length 32, but the limit is 31");
        // only 96 bytes are read: the target is cut to 94 bytes, then refused for its length
        assertNoReply(socket, head + "s\0" + "t".repeat(200),
                "policy.EvalSimple: b sent a target of length 94, but the limit is 63");
    }

    @Test
    void theLongestValidBodyIsAccepted() throws IOException {
        assertEquals("result=deny\n", call(daemon.evalSocket(),
                "policy.EvalSimple+test.Allow b\0" + "s".repeat(31) + "\0" + "t".repeat(63)));
    }

    @Test
    void evalGuiAnswersOnlyTheGuiQubeOfBothQubes() throws IOException {
        Path socket = daemon.guiSocket();
        assertEquals("result=allow\n", call(socket, "policy.EvalGUI+test.Allow dom0 keyword adminvm\0work\0personal"));
        String refusal = "policy.EvalGUI can only be invoked by a domain that provides GUI to both the source and "
                + "target domains, not ";
        assertNoReply(socket, "policy.EvalGUI+test.Allow sys-gui keyword adminvm\0work\0personal", refusal + "sys-gui");
        assertNoReply(socket, "policy.EvalGUI+test.Allow dom0 keyword adminvm\0work\0vault", refusal + "dom0");
        assertNoReply(socket, "policy.EvalGUI+test.Allow dom0 keyword adminvm\0work\0nosuchvm", refusal + "dom0");
    }

    @Test
    void aQubesdFailureAfterTheFramingChecksIsADeny() throws IOException {
        daemon.qubesd.setFailure(QubesdStandin.Failure.EXCEPTION);
        assertEquals("result=deny\n", call(daemon.evalSocket(), "policy.EvalSimple+test.Allow b\0work\0personal"));
        assertEquals("result=deny\n", call(daemon.guiSocket(), "policy.EvalGUI+test.Allow dom0\0work\0personal"));
    }
}
