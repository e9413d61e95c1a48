package dev.qrexec.cli.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qubes-policy}: operations, output, refusals and usage errors, in-process and through a stand-in qrexec client. */
class PolicyFilesCommandTest {
    private static final String USAGE = "usage: qubes-policy {[-l]|-g|-r|-d} [include/][RPCNAME[+ARGUMENT]]\n";

    @TempDir
    Path scratch;

    Path policy;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        policy = Files.createDirectories(scratch.toRealPath().resolve("policy.d/include")).getParent();
        env = Map.of("QREXEC_POLICY_DIR", policy.toString(),
                "QREXEC_POLICY_ADMIN_LOG", scratch.resolve("admin.log").toString());
    }

    private AdminRun run(String stdin, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "--transport=local";
        System.arraycopy(args, 0, all, 1, args.length);
        return AdminRun.of(env, stdin.getBytes(StandardCharsets.UTF_8), "qubes-policy", all);
    }

    private static void assertRun(AdminRun run, int exit, String out, String err) {
        assertEquals(err, run.err());
        assertEquals(out, run.out());
        assertEquals(exit, run.exit());
    }

    @Test
    void replaceListGetRemove() throws IOException {
        assertRun(run(""), 0, "", "");
        assertRun(run("qubes.Gpg * work vault allow\n\n\n", "-r", "30-gpg"), 0, "", "");
        assertRun(run("", "--replace", "include/inc"), 0, "", "");
        assertEquals("qubes.Gpg * work vault allow\n\n\n", Files.readString(policy.resolve("30-gpg.policy")));
        assertRun(run(""), 0, "30-gpg\n", "");
        assertRun(run("", "-l", "include"), 0, "inc\n", "");
        assertRun(run("", "-l", "include/"), 0, "inc\n", "");
        assertRun(run("", "-g", "30-gpg"), 0, "qubes.Gpg * work vault allow\n", "");
        assertRun(run("", "-g", "include/inc"), 0, "\n", "");
        assertRun(run("", "-d", "30-gpg"), 0, "", "");
        assertRun(run("", "-l"), 0, "", "");
    }

    @Test
    void policyDirEditsThatDirectoryInThisProcess() throws IOException {
        Path other = Files.createDirectories(scratch.toRealPath().resolve("other.d/include")).getParent();
        Map<String, String> noDirectory = Map.of("QREXEC_POLICY_ADMIN_LOG", scratch.resolve("admin.log").toString());
        byte[] rule = "qubes.Gpg * work vault allow\n".getBytes(StandardCharsets.UTF_8);
        assertRun(AdminRun.of(noDirectory, rule, "qubes-policy", "--policy-dir", other.toString(), "-r", "30-gpg"),
                0, "", "");
        assertEquals("qubes.Gpg * work vault allow\n", Files.readString(other.resolve("30-gpg.policy")));
        assertRun(AdminRun.of(noDirectory, new byte[0], "qubes-policy", "--policy-dir", other.toString()),
                0, "30-gpg\n", "");
        assertFalse(Files.exists(policy.resolve("30-gpg.policy")));
    }

    @Test
    void refusalsShowTheServicesMessage() {
        assertRun(run("", "-g", "nothing"), 1, "", "Not found: " + policy.resolve("nothing.policy") + "\n");
        assertRun(run("bad rule\n", "-r", "40-x"), 1, "", "Policy change validation failed: "
                + policy.resolve("40-x.policy") + ":1:1: wrong number of fields\n");
        assertRun(run("", "-d", "a.b"), 1, "", "Invalid policy file name: a.b\n"
                + "Names must contain only alphanumeric characters, underscore and hyphen.\n");
    }

    @Test
    void usageErrors() {
        assertRun(run("", "-g", "-d", "x"), 2, "", USAGE + "qubes-policy: error: only one of -l, -g, -r and -d can be given\n");
        assertRun(run("", "-g", "a b*"), 2, "", USAGE + "qubes-policy: error: invalid character(s) in RPCNAME: ' *'\n");
        assertRun(run("", "-l", "30-user"), 2, "", USAGE + "qubes-policy: error: --list doesn't work with a file name\n");
        assertRun(run("", "-g"), 2, "", USAGE + "qubes-policy: error: you need to provide a file name\n");
        assertRun(run("", "-r", "include/"), 2, "", USAGE + "qubes-policy: error: you need to provide a file name\n");
    }

    @Test
    void throughQrexecAFailedCallShowsTheServicesStderr() throws IOException {
        Path standIn = scratch.resolve("qrexec-client-vm");
        Files.writeString(standIn, """
                #!/bin/sh
                [ "$1 $2 $3" = "-- dom0 policy.Get+30-user" ] || exit 99
                printf "Internal error. See '/var/log/qubes/policy-admin.log' in dom0 for details." >&2
                exit 2
                """);
        Files.setPosixFilePermissions(standIn, PosixFilePermissions.fromString("rwx------"));
        AdminRun run = AdminRun.of(env, new byte[0], "qubes-policy", "--transport", "qrexec",
                "--qrexec-client-vm", standIn.toString(), "-g", "30-user");
        assertRun(run, 1, "", "Command failed: policy.Get+30-user failed with exit status 2: Internal error. "
                + "See '/var/log/qubes/policy-admin.log' in dom0 for details.\n");
    }
}
