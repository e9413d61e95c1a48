package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client over both transports: in-process, and a stand-in for qrexec-client-vm that records what it got. */
class PolicyClientTest {
    @TempDir
    Path scratch;

    @Test
    void inProcessTheClientDrivesTheServices() throws Exception {
        PolicyDirectory dir = new PolicyDirectory(scratch);
        PolicyClient client = new PolicyClient(new LocalTransport(dir.admin(), "dom0"));
        assertEquals(List.of(), client.list(Scope.MAIN));
        client.replace(Scope.MAIN, "30-user", "qubes.Gpg * work vault allow\n".getBytes(StandardCharsets.UTF_8), "new");
        client.replace(Scope.INCLUDE, "inc", new byte[0], "new");
        assertEquals(List.of("30-user"), client.list(Scope.MAIN));
        assertEquals(List.of("inc"), client.list(Scope.INCLUDE));
        Fetched fetched = client.get(Scope.MAIN, "30-user");
        assertEquals("qubes.Gpg * work vault allow\n", new String(fetched.content(), StandardCharsets.UTF_8));
        assertEquals(ContentHash.of(fetched.content()), fetched.token());
        assertEquals(List.of("30-user"), client.filesFor("qubes.Gpg"));
        client.replace(Scope.MAIN, "30-user", new byte[0], fetched.token());
        AdminCallException stale = assertThrows(AdminCallException.class,
                () -> client.remove(Scope.MAIN, "30-user", fetched.token()));
        assertEquals(Optional.of(new Refusal(RefusalKind.TOKEN, "Token mismatch")), stale.refusal());
        assertEquals("Token mismatch", stale.getMessage());
        client.remove(Scope.MAIN, "30-user", "any");
        assertEquals(List.of(), client.list(Scope.MAIN));
    }

    @Test
    void throughQrexecTheClientSendsTheCallAndPayloadAndReadsTheReply() throws Exception {
        Path program = standIn();
        PolicyClient client = client(program, 0, "sha256:abc\ncontent\nlines\n", "");
        Fetched fetched = client.get(Scope.INCLUDE, "inc");
        assertEquals("sha256:abc", fetched.token());
        assertEquals("content\nlines\n", new String(fetched.content(), StandardCharsets.UTF_8));
        assertEquals("--\ndom0\npolicy.include.Get+inc\n", Files.readString(scratch.resolve("args")));
        assertEquals("", Files.readString(scratch.resolve("stdin")));

        client(program, 0, "", "").replace(Scope.MAIN, "30-user", "x\n".getBytes(StandardCharsets.UTF_8), "new");
        assertEquals("--\ndom0\npolicy.Replace+30-user\n", Files.readString(scratch.resolve("args")));
        assertEquals("new\nx\n", Files.readString(scratch.resolve("stdin")));

        assertEquals(List.of("a", "b"), client(program, 0, "a\nb\n", "").list(Scope.MAIN));
        assertEquals("--\ndom0\npolicy.List\n", Files.readString(scratch.resolve("args")));
    }

    @Test
    void refusalsAndOtherFailuresAreTold() throws Exception {
        Path program = standIn();
        AdminCallException refused = assertThrows(AdminCallException.class, () -> client(program, 1, "",
                "PolicyAdminFileNotFoundException Not found: /etc/qubes/policy.d/x.policy").remove(Scope.MAIN, "x", "any"));
        assertEquals(Optional.of(new Refusal(RefusalKind.FILE_NOT_FOUND, "Not found: /etc/qubes/policy.d/x.policy")),
                refused.refusal());
        assertEquals("any", Files.readString(scratch.resolve("stdin")));
        AdminCallException failed = assertThrows(AdminCallException.class,
                () -> client(program, 126, "", "Request refused\n").get(Scope.MAIN, "x"));
        assertEquals(Optional.empty(), failed.refusal());
        assertEquals("policy.Get+x failed with exit status 126: Request refused", failed.getMessage());
        assertEquals(126, failed.exchange().exitCode());
        IOException missing = assertThrows(IOException.class, () -> new PolicyClient(
                new QrexecTransport(scratch.resolve("no-such-program"), Map.of())).list(Scope.MAIN));
        assertTrue(missing.getMessage().contains("no-such-program"), missing.getMessage());
    }

    @Test
    void aMalformedGetReplyIsAnError() throws Exception {
        IOException malformed = assertThrows(IOException.class,
                () -> client(standIn(), 0, "no token line", "").get(Scope.MAIN, "x"));
        assertEquals("malformed reply of policy.Get: no token line", malformed.getMessage());
    }

    @Test
    void aHugePayloadIsRefusedInProcessToo() throws Exception {
        PolicyDirectory dir = new PolicyDirectory(scratch);
        PolicyClient client = new PolicyClient(new LocalTransport(dir.admin(), "dom0"));
        AdminCallException refused = assertThrows(AdminCallException.class, () -> client.replace(Scope.MAIN, "big",
                new byte[AdminRequest.MAX_PAYLOAD_BYTES], "new"));
        assertEquals(Optional.of(new Refusal(RefusalKind.PROTOCOL, "Payload too large: the limit is 4194304 bytes")),
                refused.refusal());
        assertArrayEquals(new byte[0], refused.exchange().stdout());
    }

    private PolicyClient client(Path program, int exit, String stdout, String stderr) {
        return new PolicyClient(new QrexecTransport(program, Map.of("RECORD", scratch.toString(),
                "REPLY_EXIT", Integer.toString(exit), "REPLY_OUT", stdout, "REPLY_ERR", stderr)));
    }

    /** A stand-in for qrexec-client-vm: records its arguments and stdin, answers as told by its environment. */
    private Path standIn() throws IOException {
        Path program = scratch.resolve("qrexec-client-vm");
        Files.writeString(program, """
                #!/bin/sh
                printf '%s\\n' "$@" > "$RECORD/args"
                cat > "$RECORD/stdin"
                printf '%s' "$REPLY_OUT"
                printf '%s' "$REPLY_ERR" >&2
                exit "$REPLY_EXIT"
                """);
        Files.setPosixFilePermissions(program, PosixFilePermissions.fromString("rwx------"));
        return program;
    }
}
