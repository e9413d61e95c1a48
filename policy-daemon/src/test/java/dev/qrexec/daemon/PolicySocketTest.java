package dev.qrexec.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.daemon.testing.TestSystem;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** policy.sock: the framing, every malformed request of the spec, slow clients and many clients. */
@Timeout(60)
class PolicySocketTest extends DaemonTestBase {
    private static final String GOOD = "source=work\nintended_target=personal\nservice_and_arg=test.Allow\n";

    private List<String> requestLog() {
        return daemon.log.stream().filter(line -> line.startsWith("error parsing policy request")).toList();
    }

    @Test
    void answersWithTheAllowLinesWithoutTrailingNewline() throws IOException {
        assertEquals(TestSystem.ALLOW_WORK_PERSONAL, daemon.ask(GOOD + "\n"));
        assertEquals(List.of("qrexec: test.Allow+: work -> personal: allowed to personal"),
                daemon.log.stream().filter(l -> l.startsWith("qrexec:")).toList());
    }

    @Test
    void theEmptyLineIsOptionalAtTheEndOfTheStream() throws IOException {
        byte[] reply = Sockets.exchange(daemon.policySocket(), GOOD.getBytes(StandardCharsets.US_ASCII), true);
        assertEquals(TestSystem.ALLOW_WORK_PERSONAL, new String(reply, StandardCharsets.US_ASCII));
        byte[] noNewline = (GOOD.strip()).getBytes(StandardCharsets.US_ASCII);
        assertEquals(TestSystem.ALLOW_WORK_PERSONAL,
                new String(Sockets.exchange(daemon.policySocket(), noNewline, true), StandardCharsets.US_ASCII));
    }

    @Test
    void whatFollowsTheEmptyLineIsNotRead() throws IOException {
        assertEquals(TestSystem.ALLOW_WORK_PERSONAL, daemon.ask(GOOD + "\nsource=vault\nnonsense\n"));
    }

    @Test
    void flagsSelectTheMode() throws IOException {
        assertEquals("result=allow", daemon.ask(GOOD + "just_evaluate=yes\n\n"));
        assertEquals("result=allow", daemon.ask(GOOD + "just_evaluate=yes\nassume_yes_for_ask=no\n\n"));
        assertEquals("result=deny", daemon.ask(
                "source=work\nintended_target=vault\nservice_and_arg=test.Ask+x\njust_evaluate=yes\n\n"));
        assertEquals("result=allow", daemon.ask("source=work\nintended_target=personal\nservice_and_arg=test.Ask+x\n"
                + "just_evaluate=yes\nassume_yes_for_ask=yes\n\n"));
    }

    @Test
    void anEmptyRequestedSourceIsNone() throws IOException {
        assertEquals(TestSystem.ALLOW_WORK_PERSONAL, daemon.ask(GOOD + "requested_source=\n\n"));
    }

    private void assertRefused(String request, String logLine) throws IOException {
        assertRefused(request.getBytes(StandardCharsets.ISO_8859_1), logLine);
    }

    private void assertRefused(byte[] request, String logLine) throws IOException {
        assertEquals("", new String(Sockets.exchange(daemon.policySocket(), request, true),
                StandardCharsets.ISO_8859_1));
        assertEquals(List.of(logLine), requestLog());
        daemon.log.clear();
        assertEquals(TestSystem.ALLOW_WORK_PERSONAL, daemon.ask(GOOD + "\n"), "the daemon still serves");
    }

    @Test
    void duplicateKeysAreRefused() throws IOException {
        assertRefused(GOOD + "source=vault\n\n", "error parsing policy request: duplicate argument source");
    }

    @Test
    void unknownKeysAreRefusedIncludingTheUpstreamDocumentsOnes() throws IOException {
        assertRefused(GOOD + "domain_id=3\n\n", "error parsing policy request: unknown argument domain_id");
        assertRefused(GOOD + "process_ident=3\n\n", "error parsing policy request: unknown argument process_ident");
        assertRefused("Source=work\n\n", "error parsing policy request: unknown argument Source");
    }

    @Test
    void flagsMustBeYesOrNo() throws IOException {
        assertRefused(GOOD + "just_evaluate=Yes\n\n",
                "error parsing policy request: invalid bool value Yes for argument just_evaluate");
        assertRefused(GOOD + "assume_yes_for_ask=\n\n",
                "error parsing policy request: invalid bool value  for argument assume_yes_for_ask");
    }

    @Test
    void requiredKeysMustBePresent() throws IOException {
        assertRefused("source=work\nservice_and_arg=test.Allow\n\n",
                "error parsing policy request: required argument missing");
        assertRefused("\n", "error parsing policy request: required argument missing");
        assertRefused("", "error parsing policy request: required argument missing");
    }

    @Test
    void aLineWithoutEqualsSignIsRefused() throws IOException {
        assertRefused(GOOD + "garbage\n\n", "error parsing policy request: line without '='");
    }

    @Test
    void nonAsciiIsRefused() throws IOException {
        assertRefused("source=w\u00e9rk\nintended_target=personal\nservice_and_arg=test.Allow\n\n",
                "error parsing policy request: non-ASCII data");
    }

    @Test
    void linesUpTo64KiBAreAccepted() throws IOException {
        String longService = "service_and_arg=" + "x".repeat(65536 - "service_and_arg=".length());
        assertEquals("result=deny",
                daemon.ask("source=work\nintended_target=personal\n" + longService + "\njust_evaluate=yes\n\n"));
    }

    @Test
    void longerLinesAreRefused() throws IOException {
        String tooLong = "service_and_arg=" + "x".repeat(65537 - "service_and_arg=".length());
        assertRefused("source=work\nintended_target=personal\n" + tooLong + "\n\n",
                "error parsing policy request: line too long (more than 65536 bytes before the delimiter)");
        assertRefused("source=" + "x".repeat(200_000),
                "error parsing policy request: line too long (more than 65536 bytes without a delimiter)");
    }

    @Test
    void aCarriageReturnStaysInTheValue() throws IOException {
        assertEquals("result=deny", daemon.ask("source=work\r\nintended_target=personal\n"
                + "service_and_arg=test.Allow\njust_evaluate=yes\n\n"));
    }

    @Test
    void aSilentClientIsDroppedWithoutHoldingOthers() throws Exception {
        daemon.close();
        daemon = new DaemonFixture(scratch.toRealPath(), TestSystem.systemInfo(), Duration.ofMillis(300),
                Duration.ofSeconds(10));
        String dropped = "error parsing policy request: no complete request within 300 ms";
        try (SocketChannel silent = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            silent.connect(UnixDomainSocketAddress.of(daemon.policySocket()));
            silent.write(ByteBuffer.wrap("source=work\n".getBytes(StandardCharsets.US_ASCII)));
            // others are served meanwhile: on a busy machine a client may itself miss the short
            // deadline (then it is dropped too, and asks again), but none waits for the silent one
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!daemon.ask(GOOD + "\n").equals(TestSystem.ALLOW_WORK_PERSONAL)) {
                assertTrue(System.nanoTime() < deadline, "no other client is served");
            }
            ByteBuffer in = ByteBuffer.allocate(16);
            assertEquals(-1, silent.read(in), "the daemon closes the silent connection without a reply");
        }
        assertTrue(daemon.awaitLog(dropped), daemon.log.toString());
        assertEquals(List.of(dropped), requestLog().stream().distinct().toList());
    }

    @Test
    void manyClientsAtOnceGetTheirOwnAnswers() throws Exception {
        int clients = 64;
        int each = 25;
        List<Callable<List<String>>> tasks = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            boolean allow = c % 2 == 0;
            tasks.add(() -> {
                List<String> replies = new ArrayList<>();
                for (int i = 0; i < each; i++) {
                    replies.add(daemon.ask(allow ? GOOD + "\n"
                            : "source=vault\nintended_target=personal\nservice_and_arg=test.Allow\n\n"));
                }
                return replies;
            });
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(clients)) {
            List<Future<List<String>>> results = pool.invokeAll(tasks);
            for (int c = 0; c < clients; c++) {
                String expected = c % 2 == 0 ? TestSystem.ALLOW_WORK_PERSONAL : "result=deny";
                for (String reply : results.get(c).get()) {
                    assertEquals(expected, reply);
                }
            }
        }
        assertTrue(requestLog().isEmpty(), requestLog().toString());
    }
}
