package dev.qrexec.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The service handler as qrexec runs it: environment in, stdout/stderr/exit out, arguments ignored. */
class AdminServiceCommandTest {
    @TempDir
    Path scratch;

    Path policy;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        policy = Files.createDirectories(scratch.toRealPath().resolve("policy.d/include")).getParent();
        env = new HashMap<>(Map.of("QREXEC_POLICY_DIR", policy.toString(),
                "QREXEC_POLICY_ADMIN_LOG", scratch.resolve("admin.log").toString(),
                "QREXEC_REMOTE_DOMAIN", "mgmt"));
    }

    private AdminRun run(String fullName, String payload, String program, String... args) {
        env.put("QREXEC_SERVICE_FULL_NAME", fullName);
        return AdminRun.of(env, payload.getBytes(StandardCharsets.UTF_8), program, args);
    }

    @Test
    void aReplaceThenAGetAsTheReferenceExampleShows() {
        AdminRun replaced = run("policy.Replace+30-gpg", "new\nqubes.Gpg * work vault allow\n", "qubes-policy-admin");
        assertEquals(0, replaced.exit());
        assertEquals("", replaced.out() + replaced.err());
        AdminRun got = run("policy.Get+30-gpg", "", "qubes-policy-admin");
        assertTrue(got.out().matches("sha256:[0-9a-f]{64}\nqubes\\.Gpg \\* work vault allow\n"), got.out());
        assertEquals(0, got.exit());
    }

    @Test
    void argumentsAreIgnoredAndTheSubcommandIsTheSameService() {
        assertEquals(0, run("policy.Replace+30-gpg", "any\n", "qubes-policy-admin").exit());
        assertEquals("30-gpg\n", run("policy.List", "", "qubes-policy-admin", "--help", "x").out());
        AdminRun sub = run("policy.List", "", "qrexec-policy", "admin", "--anything");
        assertEquals("30-gpg\n", sub.out());
        assertEquals(0, sub.exit());
    }

    @Test
    void aRefusalIsKindAndMessageOnStderrWithoutNewline() {
        AdminRun refused = run("policy.Remove+nothing", "any", "qubes-policy-admin");
        assertEquals(1, refused.exit());
        assertEquals("", refused.out());
        assertEquals("PolicyAdminFileNotFoundException Not found: " + policy.resolve("nothing.policy"), refused.err());
    }

    @Test
    void withoutQrexecsEnvironmentItIsAnInternalError() throws IOException {
        env.remove("QREXEC_REMOTE_DOMAIN");
        AdminRun run = run("policy.List", "", "qubes-policy-admin");
        assertEquals(2, run.exit());
        assertEquals("", run.out());
        assertEquals("qubes-policy-admin: error: not called as a qrexec service (QREXEC_SERVICE_FULL_NAME or "
                + "QREXEC_REMOTE_DOMAIN is not set); it serves the policy.* admin services. To list, read or change "
                + "policy files, use qubes-policy or qubes-policy-editor.\n", run.err());
        assertTrue(Files.readString(scratch.resolve("admin.log")).endsWith(
                " not called as a qrexec service: QREXEC_SERVICE_FULL_NAME or QREXEC_REMOTE_DOMAIN is not set\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "--version", "-h"})
    void aServiceArgumentThatLooksLikeAnOptionIsAFileName(String argument) {
        // qrexec passes the service argument as the first argument too: it is the file's name, never an option
        AdminRun run = run("policy.Get+" + argument, "", "qubes-policy-admin", argument);
        assertEquals(1, run.exit());
        assertEquals("", run.out());
        assertEquals("PolicyAdminFileNotFoundException Not found: " + policy.resolve(argument + ".policy"), run.err());
        AdminRun replaced = run("policy.Replace+" + argument, "new\ntest.Service * @anyvm @anyvm deny\n",
                "qubes-policy-admin", argument);
        assertEquals("", replaced.out() + replaced.err());
        assertEquals(0, replaced.exit());
        assertEquals(argument + "\n", run("policy.List", "", "qubes-policy-admin", argument).out());
    }
}
