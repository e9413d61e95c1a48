package dev.qrexec.cli.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.cli.Io;
import dev.qrexec.cli.Main;
import dev.qrexec.daemon.QubesdStandin;
import dev.qrexec.daemon.testing.TestSystem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code qrexec-policy exec}, its drop-in name and the {@code qrexec-policy SOURCE TARGET SERVICE} alias. */
@Timeout(60)
class ExecCommandTest {
    @TempDir
    Path scratch;

    private Path root;
    private List<String> options;

    /** What a run printed and returned. */
    private record Run(int status, String out, String err) {}

    @BeforeEach
    void policy() throws IOException {
        root = scratch.toRealPath();
        TestSystem.replace(root.resolve("etc/30-test.policy"), TestSystem.POLICY);
        Files.writeString(root.resolve("system-info.json"), TestSystem.SYSTEM_INFO);
        Files.createDirectories(root.resolve("legacy"));
        options = List.of("--path", root.resolve("etc").toString(), "--legacy-dir", root.resolve("legacy").toString(),
                "--system-info", root.resolve("system-info.json").toString(),
                "--agent-socket-dir", root.resolve("no-agent").toString());
    }

    private Run run(String program, List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Io io = new Io(new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
        int status = Main.run(io, program, args.toArray(String[]::new));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private List<String> with(String... args) {
        List<String> all = new ArrayList<>(options);
        all.addAll(List.of(args));
        return all;
    }

    @Test
    void threeArgumentsPrintTheReply() {
        Run allowed = run("qrexec-policy-exec", with("work", "personal", "test.Allow"));
        assertEquals(new Run(0, TestSystem.ALLOW_WORK_PERSONAL + "\n",
                "qrexec: test.Allow+: work -> personal: allowed to personal\n"), allowed);
        Run denied = run("qrexec-policy-exec", with("vault", "personal", "test.Allow"));
        assertEquals(new Run(1, "result=deny\n", "qrexec: test.Allow+: vault -> personal: denied: denied by policy "
                + root.resolve("etc/30-test.policy") + ":2\n"), denied);
    }

    @Test
    void justEvaluatePrintsNothing() {
        assertEquals(new Run(0, "", ""), run("qrexec-policy-exec", with("--just-evaluate", "work", "personal",
                "test.Allow")));
        assertEquals(1, run("qrexec-policy-exec", with("--just-evaluate", "vault", "personal", "test.Allow")).status());
        assertEquals(new Run(0, "", ""), run("qrexec-policy-exec", with("--just", "--assume", "work", "personal",
                "test.Ask+x")), "argparse-style abbreviations");
    }

    @Test
    void assumeYesAnswersAnAskWithTheIntendedTarget() {
        Run run = run("qrexec-policy-exec", with("--assume-yes-for-ask", "work", "personal", "test.Ask"));
        assertEquals(0, run.status());
        assertEquals(TestSystem.ALLOW_WORK_PERSONAL + "\n", run.out());
    }

    @Test
    void anUnreachableAgentDeniesAnAsk() {
        Run run = run("qrexec-policy-exec", with("work", "personal", "test.Ask"));
        assertEquals(1, run.status());
        assertEquals("result=deny\n", run.out());
    }

    @Test
    void theArgumentCountIsChecked() {
        Run run = run("qrexec-policy-exec", with("work", "personal"));
        assertEquals(2, run.status());
        assertTrue(run.err().endsWith("qrexec-policy-exec: error: Must have 3 or 5 positional arguments, not 2\n"),
                run.err());
        assertTrue(run.err().startsWith("Usage: qrexec-policy-exec [--assume-yes-for-ask]"), run.err());
    }

    @Test
    void qrexecPolicyWithThreeArgumentsIsExec() {
        Run alias = run("qrexec-policy", with("work", "personal", "test.Allow"));
        assertEquals(0, alias.status(), alias.err());
        assertEquals(TestSystem.ALLOW_WORK_PERSONAL + "\n", alias.out());
        List<String> flagsFirst = new ArrayList<>(List.of("--just-evaluate"));
        flagsFirst.addAll(with("--", "vault", "personal", "test.Allow"));
        Run denied = run("qrexec-policy", flagsFirst);
        assertEquals(1, denied.status());
        assertEquals("", denied.out());
        List<String> explicit = new ArrayList<>(List.of("exec"));
        explicit.addAll(with("work", "personal", "test.Allow"));
        assertEquals(0, run("qrexec-policy", explicit).status(), "the subcommand named");
        assertEquals(0, run("qrexec-policy", List.of("exec", "--help")).status());
        assertEquals(2, run("qrexec-policy", List.of("work", "personal")).status(), "no subcommand of that name");
    }

    @Test
    void aPolicyThatDoesNotLoadIsADeny() throws IOException {
        TestSystem.replace(root.resolve("etc/40-broken.policy"), "test.Allow * work\n");
        Run run = run("qrexec-policy-exec", with("work", "personal", "test.Allow"));
        assertEquals(1, run.status());
        assertEquals("result=deny\n", run.out());
        assertTrue(run.err().startsWith("error loading policy: " + root.resolve("etc/40-broken.policy")
                + ":1:"), run.err());
    }

    @Test
    void fiveArgumentsStartTheServiceThroughQrexecClient() throws Exception {
        Path calls = root.resolve("qrexec-client.calls");
        Path client = root.resolve("qrexec-client");
        Files.writeString(client, "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '" + calls + "'\nexit 7\n");
        Files.setPosixFilePermissions(client, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path record = root.resolve("qubesd.calls");
        try (QubesdStandin qubesd = QubesdStandin.start(root.resolve("qubesd.sock"), TestSystem.systemInfo(),
                QubesdStandin.Failure.NONE, Duration.ZERO, Optional.of(record), line -> { })) {
            List<String> args = new ArrayList<>(List.of("--qrexec-client", client.toString(),
                    "--qubesd-admin-socket", root.resolve("qubesd.sock").toString()));
            args.addAll(with("12", "work", "personal", "test.Allow", "SOCKET7"));
            Run run = run("qrexec-policy-exec", args);
            assertEquals(new Run(7, "", "qrexec: test.Allow+: work -> personal: allowed to personal\n"), run);
            assertEquals(List.of("-Ed", "uuid:22222222-2222-2222-2222-222222222222", "-c", "SOCKET7,work,12", "--",
                    "DEFAULT:QUBESRPC test.Allow work"), Files.readAllLines(calls));
            assertEquals(List.of("admin.vm.Start+ dom0 name uuid:22222222-2222-2222-2222-222222222222"),
                    Files.readAllLines(record));

            Files.delete(calls);
            Run denied = run("qrexec-policy-exec", with("12", "vault", "personal", "test.Allow", "SOCKET7"));
            assertEquals(1, denied.status());
            assertEquals("", denied.out());
            assertEquals(false, Files.exists(calls), "nothing is started for a denied call");
        }
    }
}
