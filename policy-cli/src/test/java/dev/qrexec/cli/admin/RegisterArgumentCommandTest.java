package dev.qrexec.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** {@code policy.RegisterArgument} as qrexec runs it: nothing printed, the exit status and the file tell. */
class RegisterArgumentCommandTest {
    @TempDir
    Path scratch;

    @Test
    void registersOnceAndSaysNothing() throws IOException {
        Path policy = Files.createDirectories(scratch.toRealPath().resolve("policy.d"));
        Map<String, String> env = new HashMap<>(Map.of("QREXEC_POLICY_DIR", policy.toString(),
                "QREXEC_POLICY_REGISTER_LOG", scratch.resolve("register.log").toString(),
                "QREXEC_SERVICE_ARGUMENT", "u2f.Authenticate", "QREXEC_REQUESTED_TARGET", "work",
                "QREXEC_REMOTE_DOMAIN", "sys-usb"));
        byte[] argument = "key-handle".getBytes(StandardCharsets.UTF_8);
        AdminRun first = AdminRun.of(env, argument, "policy.RegisterArgument");
        assertEquals(0, first.exit());
        assertEquals("", first.out() + first.err());
        AdminRun again = AdminRun.of(env, argument, "qrexec-policy", "register-argument");
        assertEquals(1, again.exit());
        assertEquals("", again.out() + again.err());
        env.remove("QREXEC_REQUESTED_TARGET");
        AdminRun keyword = AdminRun.of(env, "other".getBytes(StandardCharsets.UTF_8), "policy.RegisterArgument");
        assertEquals(1, keyword.exit());
        assertEquals("", keyword.out() + keyword.err());
        assertEquals("u2f.Authenticate +key-handle work sys-usb allow\n",
                Files.readString(policy.resolve("60-registered-arguments.policy")));
        assertTrue(Files.readString(scratch.resolve("register.log")).endsWith(
                " u2f.Authenticate:  \u2192 sys-usb request refused: invalid frontend qube\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "--version", "-h", "-V"})
    void aServiceArgumentThatLooksLikeAnOptionIsAServiceName(String argument) throws IOException {
        Path policy = Files.createDirectories(scratch.toRealPath().resolve("policy.d"));
        Map<String, String> env = new HashMap<>(Map.of("QREXEC_POLICY_DIR", policy.toString(),
                "QREXEC_POLICY_REGISTER_LOG", scratch.resolve("register.log").toString(),
                "QREXEC_SERVICE_ARGUMENT", argument, "QREXEC_REQUESTED_TARGET", "work",
                "QREXEC_REMOTE_DOMAIN", "sys-usb"));
        AdminRun run = AdminRun.of(env, "key-handle".getBytes(StandardCharsets.UTF_8), "policy.RegisterArgument",
                argument);
        // qrexec passes the service argument as the first argument too: it is the service's name, never an option
        assertEquals("", run.out() + run.err());
        assertEquals(0, run.exit());
        assertEquals(argument + " +key-handle work sys-usb allow\n",
                Files.readString(policy.resolve("60-registered-arguments.policy")));
    }
}
