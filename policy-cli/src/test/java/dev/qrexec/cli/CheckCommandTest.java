package dev.qrexec.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code qrexec-policy check}, run in-process: exact text and JSON output, exit codes 0, 1 and 2. */
class CheckCommandTest {
    @TempDir
    Path temporary;

    Path root;

    @BeforeEach
    void scratch() throws IOException {
        root = temporary.toRealPath();
        for (String dir : List.of("run", "etc", "legacy")) {
            Files.createDirectories(root.resolve(dir));
        }
    }

    private void write(String relative, String text) throws IOException {
        Path path = root.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    private String path(String relative) {
        return root.resolve(relative).toString();
    }

    private static ProgramRun check(String... args) {
        List<String> all = new ArrayList<>(List.of("check"));
        all.addAll(List.of(args));
        return ProgramRun.run("qrexec-policy", "", Map.of(), all);
    }

    private ProgramRun checkTree(String... more) {
        List<String> args = new ArrayList<>(List.of("--policy-dir", path("run"), "--policy-dir", path("etc"),
                "--legacy-dir", path("legacy")));
        args.addAll(List.of(more));
        return check(args.toArray(String[]::new));
    }

    @Test
    void aGoodPolicyPrintsNothingAndExitsZero() throws IOException {
        write("etc/10-a.policy", "qubes.Filecopy * @anyvm @anyvm ask\n");
        assertEquals(new ProgramRun(0, "", ""), checkTree());
        assertEquals(new ProgramRun(0, "{\"ok\":true,\"diagnostics\":[]}\n", ""), checkTree("--json"));
    }

    @Test
    void everyErrorInLoadOrderAsFileLineColumn() throws IOException {
        write("run/20-b.policy", "!include missing\n");
        write("etc/10-a.policy", "# c\nbad line\ns * x @foo allow\n");
        write("etc/30-c.policy", "s * @anyvm @anyvm allow notify=maybe\n");
        assertEquals(new ProgramRun(1, String.join("\n",
                path("etc/10-a.policy") + ":2:1: error: wrong number of fields",
                path("etc/10-a.policy") + ":3:7: error: invalid target token: '@foo'",
                path("run/20-b.policy") + ":1:1: error: not a file: " + path("run/missing"),
                path("etc/30-c.policy") + ":1:25: error: 'notify' is 'maybe', but can be only 'yes' or 'no'") + "\n", ""),
                checkTree());
    }

    @Test
    void jsonListsTheDiagnosticsInLoadOrder() throws IOException {
        write("etc/10-a.policy", "bad\n!include-dir d\n");
        write("etc/d/X.policy", "");
        String expected = "{\"ok\":false,\"diagnostics\":["
                + "{\"file\":\"" + path("etc/10-a.policy") + "\",\"line\":1,\"column\":1,\"severity\":\"error\","
                + "\"code\":\"wrong-field-count\",\"message\":\"wrong number of fields\"},"
                + "{\"file\":\"" + path("etc/d/X.policy") + "\",\"line\":0,\"column\":0,\"severity\":\"error\","
                + "\"code\":\"invalid-filename\",\"message\":\"invalid filename: " + path("etc/d/X.policy") + "\"}"
                + "]}\n";
        assertEquals(new ProgramRun(1, expected, ""), checkTree("--json"));
    }

    @Test
    void jsonEscapesMessages() throws IOException {
        write("etc/10-a.policy", "s * x y allow \"it's\"\\\n");
        ProgramRun run = checkTree("--json");
        assertEquals(1, run.status());
        assertTrue(run.out().contains("\"message\":\"invalid action parameter syntax: '\\\"it\\\\'s\\\"\\\\\\\\'\""),
                run.out());
    }

    @Test
    void warningsAloneExitZero() throws IOException {
        write("etc/35-compat.policy", "!compat-4.0\n");
        write("legacy/qubes.A", "$anyvm $anyvm deny\n");
        String warning = path("etc/35-compat.policy") + ":1:1: warning: !compat-4.0 directive in file "
                + path("etc/35-compat.policy") + " line 1 is transitional and will be deprecated\n";
        assertEquals(new ProgramRun(0, warning, ""), checkTree());
    }

    @Test
    void theLegacyDirectoryOption() throws IOException {
        write("etc/35-compat.policy", "!compat-4.0\n");
        write("old/qubes.A", "a b\n");
        ProgramRun run = check("--policy-dir", path("etc"), "--legacy-dir", path("old"));
        assertEquals(1, run.status());
        assertEquals(path("old/qubes.A") + ":1:1: error: wrong number of fields", run.out().lines().toList().get(1));
    }

    @Test
    void theFirstPolicyDirectoryWins() throws IOException {
        write("a/10-x.policy", "bad in a\n");
        write("b/10-x.policy", "bad in b\n");
        write("b/20-y.policy", "also bad\n");
        assertEquals(new ProgramRun(1, path("a/10-x.policy") + ":1:1: error: wrong number of fields\n"
                + path("b/20-y.policy") + ":1:1: error: wrong number of fields\n", ""),
                check("--policy-dir", path("a"), "--policy-dir", path("b")));
    }

    @Test
    void aMissingPolicyDirectory() {
        String missing = path("missing");
        assertEquals(new ProgramRun(1, missing + ":0:0: error: failed to load " + missing
                + " file: [Errno 2] No such file or directory: '" + missing + "'\n", ""),
                check("--policy-dir", missing, "--legacy-dir", path("legacy")));
    }

    @Test
    void theDefaultDirectories() {
        assumeFalse(Files.exists(Path.of("/run/qubes/policy.d")) || Files.exists(Path.of("/etc/qubes/policy.d")),
                "this machine has Qubes policy directories");
        assertEquals(new ProgramRun(1, "/run/qubes/policy.d:0:0: error: failed to load /run/qubes/policy.d file: "
                + "[Errno 2] No such file or directory: '/run/qubes/policy.d'\n"
                + "/etc/qubes/policy.d:0:0: error: failed to load /etc/qubes/policy.d file: "
                + "[Errno 2] No such file or directory: '/etc/qubes/policy.d'\n", ""), check());
    }

    @Test
    void usageErrorsExitTwo() {
        ProgramRun unknown = check("--bogus");
        assertEquals(new ProgramRun(2, "", unknown.err()), unknown);
        assertTrue(unknown.err().startsWith("Unknown option: '--bogus'\nUsage: qrexec-policy check "), unknown.err());
        ProgramRun missingValue = check("--policy-dir");
        assertEquals(2, missingValue.status());
        assertTrue(missingValue.err().startsWith("Missing required parameter for option '--policy-dir' (DIR)\n"),
                missingValue.err());
        ProgramRun extra = check(path("etc"));
        assertEquals(2, extra.status());
        assertTrue(extra.err().startsWith("Unmatched argument at index 1: '" + path("etc") + "'\n"), extra.err());
    }

    @Test
    void helpExitsZero() {
        ProgramRun help = check("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().startsWith("Usage: qrexec-policy check [-hV] [--json] [--legacy-dir=DIR]\n"), help.out());
        assertTrue(help.out().contains("--policy-dir=DIR"), help.out());
        assertEquals("", help.err());
    }

    /** A 2^40 include diamond: refused at the directive that opens one file too many, by check and lint --tree. */
    @Test
    @Timeout(60)
    void anIncludeDiamondIsRefusedByCheckAndLint() throws IOException {
        for (int i = 0; i < 40; i++) {
            write("etc/include/d" + i, "!include include/d" + (i + 1) + "\n!include include/d" + (i + 1) + "\n");
        }
        write("etc/include/d40", "qubes.Gpg * work vault allow\n");
        write("etc/30-a.policy", "!include include/d0\n");
        String error = path("etc/include/d38") + ":1:1: error: too many included files: more than 10000 in one load\n";
        long start = System.nanoTime();
        assertEquals(new ProgramRun(1, error, ""), checkTree());
        long checked = System.nanoTime();
        ProgramRun lint = ProgramRun.run("qubes-policy-lint", "--tree", path("etc"));
        System.out.printf("include diamond 2^40: check %.1f ms, lint --tree %.1f ms%n", (checked - start) / 1e6,
                (System.nanoTime() - checked) / 1e6);
        assertEquals(1, lint.status());
        assertTrue(lint.out().contains(error), lint.out());
    }
}
