package dev.qrexec.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The clients as a qube runs them, real processes end to end: {@code bin/qubes-policy}
 * and {@code bin/qubes-policy-editor} call a stand-in for {@code qrexec-client-vm},
 * which runs {@code bin/qubes-policy-admin} as qrexec would in dom0. The editor runs
 * terminal-less: {@code $EDITOR} is a script, the answers come from stdin.
 */
class AdminClientsE2ETest {
    @TempDir
    Path scratch;

    Path root;
    Path policy;
    Map<String, String> env;

    @BeforeEach
    void setUp() throws IOException {
        root = scratch.toRealPath();
        policy = Files.createDirectories(root.resolve("policy.d/include")).getParent();
        Path standIn = executable(root.resolve("qrexec-client-vm"), """
                #!/bin/sh
                # qrexec-client-vm -- dom0 SERVICE[+ARGUMENT], as qrexec delivers it to dom0
                [ "$1" = "--" ] && [ "$2" = "dom0" ] || exit 125
                QREXEC_SERVICE_FULL_NAME="$3" QREXEC_REMOTE_DOMAIN=mgmt exec "%s"
                """.formatted(AdminLauncherRun.BIN.resolve("qubes-policy-admin")));
        env = new HashMap<>(Map.of("QREXEC_POLICY_DIR", policy.toString(),
                "QREXEC_POLICY_ADMIN_LOG", root.resolve("admin.log").toString(), "TMPDIR", root.toString()));
        env.put("STAND_IN", standIn.toString());
    }

    private AdminLauncherRun run(String stdin, String program, String... args) throws Exception {
        String[] all = new String[args.length + 2];
        all[0] = "--transport=qrexec";
        all[1] = "--qrexec-client-vm=" + env.get("STAND_IN");
        System.arraycopy(args, 0, all, 2, args.length);
        return AdminLauncherRun.of(root, env, stdin.getBytes(StandardCharsets.UTF_8), program, all);
    }

    @Test
    void qubesPolicyFromAQube() throws Exception {
        assertEquals(new AdminLauncherRun(0, "", ""), run("qubes.Gpg * work vault allow\n", "qubes-policy", "-r", "30-gpg"));
        assertEquals(new AdminLauncherRun(0, "30-gpg\n", ""), run("", "qubes-policy", "-l"));
        assertEquals(new AdminLauncherRun(0, "qubes.Gpg * work vault allow\n", ""), run("", "qubes-policy", "-g", "30-gpg"));
        assertEquals(new AdminLauncherRun(1, "", "Not found: " + policy.resolve("nothing.policy") + "\n"),
                run("", "qubes-policy", "-d", "nothing"));
    }

    @Test
    void theEditorMergesAConcurrentChangeAndLoopsOnAnInvalidPolicy() throws Exception {
        Files.writeString(policy.resolve("30-user.policy"), "# first\n# second\n");
        env.put("EDITOR", executable(root.resolve("editor.sh"), """
                #!/bin/sh
                set -e
                f="$2"
                n=$(( $(cat "$0.runs" 2>/dev/null || echo 0) + 1 )); echo $n > "$0.runs"
                if [ $n = 1 ]; then
                    printf 'qubes.Gpg * work vault\\n# first\\n# second\\n' > "$f"
                else
                    printf '# first\\n# second\\n# by someone else\\n' > "%s"
                    printf 'qubes.Gpg * work vault allow\\n# first\\n# second\\n' > "$f"
                fi
                """.formatted(policy.resolve("30-user.policy"))).toString());
        AdminLauncherRun run = run("e\ns\n", "qubes-policy-editor");
        assertEquals(0, run.exit(), run.err());
        assertEquals("", run.out());
        assertEquals("30-user.policy:1:1: error: wrong number of fields\n"
                + "Validation failed, do you want to:\n  (e)dit again\n  (q)uit without saving changes?\n"
                + "What now? Someone else changed '30-user' while you were editing it.\n"
                + "Your changes do not overlap with theirs and were merged into the current version. Do you want to:\n"
                + "  (s)ave the merged text\n  (e)dit the merged text\n  (q)uit without saving changes?\n"
                + "What now? ", run.err());
        assertEquals("qubes.Gpg * work vault allow\n# first\n# second\n# by someone else\n",
                Files.readString(policy.resolve("30-user.policy")));
        try (Stream<Path> left = Files.list(root)) {
            assertTrue(left.noneMatch(p -> p.getFileName().toString().endsWith("_30-user.policy")));
        }
    }

    @Test
    void registerArgumentThroughItsLauncher() throws Exception {
        Map<String, String> service = Map.of("QREXEC_POLICY_DIR", policy.toString(),
                "QREXEC_POLICY_REGISTER_LOG", root.resolve("register.log").toString(),
                "QREXEC_SERVICE_ARGUMENT", "u2f.Authenticate", "QREXEC_REQUESTED_TARGET", "work",
                "QREXEC_REMOTE_DOMAIN", "sys-usb");
        assertEquals(new AdminLauncherRun(0, "", ""), AdminLauncherRun.of(root, service,
                "handle".getBytes(StandardCharsets.UTF_8), "policy.RegisterArgument"));
        assertEquals("u2f.Authenticate +handle work sys-usb allow\n",
                Files.readString(policy.resolve("60-registered-arguments.policy")));
    }

    private static Path executable(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
