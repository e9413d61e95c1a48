package dev.qrexec.cli.lint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.cli.ProgramRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code qubes-policy-lint} and {@code qrexec-policy lint}: the reference's
 * documented outputs and exit statuses, the robust handling of several and broken
 * files, and what goes beyond the reference (--tree, --json, warnings).
 */
class LintCommandTest {
    private static final String INVALID_PATH = "invalid path a/b/c, only paths inside the directories "
            + "/etc/qubes/policy.d and /etc/qubes/policy.d/include are considered";

    @TempDir
    Path dir;

    private String write(String name, String text) throws Exception {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file.toString();
    }

    private static void assertRun(ProgramRun run, int exit, String out) {
        assertEquals(out, run.out(), "stdout; stderr: " + run.err());
        assertEquals(exit, run.status(), "exit status; stderr: " + run.err());
    }

    // ------------------------------------------------------------------ the reference's documented behaviour

    @Test
    void showLineAppendsTheOffendingLine() throws Exception {
        String file = write("30-user.policy", "qubes.Gpg * work vault allow\n# comment\n\nbad line\n"
                + "!include-dir include\n!include include/ok\n  !include a/b/c\n");
        assertRun(ProgramRun.run("qubes-policy-lint", "-s", file), 1,
                file + ":4: error: wrong number of fields: bad line\n"
                        + file + ":7: error: " + INVALID_PATH + ": !include a/b/c\n");
    }

    @Test
    void withoutShowLineOnlyTheMessage() throws Exception {
        String file = write("30-user.policy", "bad line\n!include a/b/c\n");
        assertRun(ProgramRun.run("qubes-policy-lint", file), 1,
                file + ":1: error: wrong number of fields\n" + file + ":2: error: " + INVALID_PATH + "\n");
    }

    @Test
    void standardInputIsNamedDash() {
        assertRun(ProgramRun.runWithInput("bad\n", "qubes-policy-lint", "-"), 1,
                "-:1: error: wrong number of fields\n");
    }

    @Test
    void cleanFilesPrintNothing() throws Exception {
        String a = write("a.policy", "qubes.Gpg * work vault allow\n!compat-4.0\n");
        String b = write("b.policy", "* * @anyvm @anyvm deny\n");
        ProgramRun run = ProgramRun.run("qubes-policy-lint", a, b);
        assertRun(run, 0, "");
        assertEquals(a + ":2: warning: !compat-4.0 is transitional and will be deprecated\n", run.err());
    }

    @Test
    void includeServiceModeReadsLegacyRules() throws Exception {
        String file = write("inc", "work vault allow\n$anyvm $anyvm ask,default_target=vault\n"
                + "qubes.Gpg * work vault allow\n!include-service a b c\n!include-dir x y\n");
        assertRun(ProgramRun.run("qubes-policy-lint", "-i", file), 1,
                file + ":3: error: invalid action: work\n" + file + ":4: error: invalid directive\n"
                        + file + ":5: error: invalid number of params\n");
    }

    @Test
    void shortOptionsCluster() throws Exception {
        String file = write("inc", "bad\n");
        assertRun(ProgramRun.run("qubes-policy-lint", "-si", file), 1,
                file + ":1: error: wrong number of fields: bad\n");
    }

    @Test
    void subcommandBehavesLikeTheDropIn() throws Exception {
        String file = write("x.policy", "bad\n");
        assertRun(ProgramRun.run("qrexec-policy", "lint", "--show-line", file), 1,
                file + ":1: error: wrong number of fields: bad\n");
    }

    // ------------------------------------------------------------------ robust where the reference is not

    @Test
    void missingFileIsReportedAndTheOthersAreStillChecked() throws Exception {
        String bad = write("bad.policy", "bad\n");
        String missing = dir.resolve("missing.policy").toString();
        assertRun(ProgramRun.run("qubes-policy-lint", missing, bad), 1,
                missing + ":0: error: File does not exist.\n" + bad + ":1: error: wrong number of fields\n");
    }

    @Test
    void everyFileWithErrorsIsReported() throws Exception {
        String a = write("a.policy", "bad\n");
        String b = write("b.policy", "x * a b Allow\n");
        assertRun(ProgramRun.run("qubes-policy-lint", a, b), 1,
                a + ":1: error: wrong number of fields\n" + b + ":1: error: invalid action: Allow\n");
    }

    @Test
    void invalidUtf8IsAnErrorAtItsLine() throws Exception {
        Path file = dir.resolve("u.policy");
        Files.write(file, new byte[] {'#', '\r', '\n', 'a', ' ', (byte) 0xc3, '(', '\n'});
        assertRun(ProgramRun.run("qubes-policy-lint", file.toString()), 1,
                file + ":2: error: invalid UTF-8 in policy file\n");
    }

    @Test
    void directoryIsAnErrorNotACrash() {
        assertRun(ProgramRun.run("qubes-policy-lint", dir.toString()), 1,
                dir + ":0: error: cannot read file: it is a directory "
                        + "(to check a policy directory with its includes, use --tree)\n");
    }

    @Test
    void usageErrors() throws Exception {
        ProgramRun none = ProgramRun.run("qubes-policy-lint");
        assertEquals(2, none.status());
        assertTrue(none.err().startsWith("the following arguments are required: FILE\nUsage: qubes-policy-lint "),
                none.err());
        assertEquals(2, ProgramRun.run("qubes-policy-lint", "--bogus", write("a.policy", "")).status());
        assertEquals(2, ProgramRun.run("qubes-policy-lint", "--tree", "-s").status());
        assertEquals(2, ProgramRun.run("qubes-policy-lint", "--legacy-dir", "x", "a.policy").status());
        assertEquals("", none.out());
    }

    @Test
    void helpGoesToStandardOutput() {
        ProgramRun run = ProgramRun.run("qubes-policy-lint", "--help");
        assertEquals(0, run.status());
        assertTrue(run.out().startsWith("Usage: qubes-policy-lint [-hisVW] [--json] [--list-checks] [--strict] [--tree]"), run.out());
    }

    // ------------------------------------------------------------------ beyond the reference

    @Test
    void warningsOnRequest() throws Exception {
        String file = write("w.policy", "* * @anyvm @anyvm deny\nqubes.VMShell * work @anyvm allow\nbad\n");
        String shadowed = file + ":2: warning: rule never matches: the rule at " + file
                + ":1 (* * @anyvm @anyvm deny) always matches first [shadowed-rule]";
        String shell = file + ":2: warning: qubes.VMShell allowed to @anyvm, which is not a disposable: the caller "
                + "can run any command there (allow it to @dispvm, or use ask) [shell-not-to-dispvm]";
        assertRun(ProgramRun.run("qubes-policy-lint", "-W", file), 1,
                shadowed + "\n" + shell + "\n" + file + ":3: error: wrong number of fields\n");
        assertRun(ProgramRun.run("qubes-policy-lint", "-W", "-s", file), 1,
                shadowed + ": qubes.VMShell * work @anyvm allow\n" + shell + ": qubes.VMShell * work @anyvm allow\n"
                        + file + ":3: error: wrong number of fields: bad\n");
    }

    @Test
    void warningsFailOnlyWhenStrict() throws Exception {
        String file = write("w.policy", "qubes.Gpg * work vault allow\nqubes.Gpg * work vault allow\n");
        String duplicate = file + ":2: warning: duplicate of the rule at " + file + ":1 [duplicate-rule]\n";
        assertRun(ProgramRun.run("qubes-policy-lint", "--warnings", file), 0, duplicate);
        assertRun(ProgramRun.run("qubes-policy-lint", "--warnings", "--strict", file), 1, duplicate);
        assertRun(ProgramRun.run("qubes-policy-lint", "--strict", file), 0, "");
    }

    @Test
    void systemInfoChecksNames() throws Exception {
        String info = write("si.json", "{\"domains\": {\"dom0\": {\"type\": \"AdminVM\", \"tags\": []}, "
                + "\"work\": {\"type\": \"AppVM\", \"tags\": [\"t\"]}}}");
        String file = write("n.policy", "qubes.Gpg * work vualt deny\nqubes.Gpg * @tag:t @type:AppVM deny\n");
        assertRun(ProgramRun.run("qubes-policy-lint", "--system-info", info, file), 0,
                file + ":1: warning: vualt: no qube vualt in the system information [unknown-qube]\n");
        ProgramRun broken = ProgramRun.run("qubes-policy-lint", "--system-info", write("bad.json", "{"), file);
        assertEquals(1, broken.status());
        assertTrue(broken.err().startsWith("qubes-policy-lint: error: cannot read the system information "),
                broken.err());
    }

    @Test
    void jsonListsEveryProblemWithItsColumn() throws Exception {
        String file = write("j.policy", "  bad\nqubes.Gpg * work vault allow\nqubes.Gpg * work vault allow\n");
        assertRun(ProgramRun.run("qubes-policy-lint", "--json", "-W", file), 1,
                "{\"ok\":false,\"diagnostics\":["
                        + "{\"file\":\"" + file + "\",\"line\":1,\"column\":3,\"severity\":\"error\","
                        + "\"code\":\"wrong-field-count\",\"message\":\"wrong number of fields\",\"text\":\"bad\"},"
                        + "{\"file\":\"" + file + "\",\"line\":3,\"column\":1,\"severity\":\"warning\","
                        + "\"code\":\"duplicate-rule\",\"message\":\"duplicate of the rule at " + file + ":2\","
                        + "\"text\":\"qubes.Gpg * work vault allow\"}]}\n");
    }

    @Test
    void treeFollowsIncludesAndReportsEveryErrorWithItsColumn() throws Exception {
        write("etc/10-a.policy", "!include include/missing\n  qubes.Gpg * work vault allw\n");
        write("etc/20-b.policy", "!include-service qubes.Gpg * include/legacy\n* * @anyvm @anyvm deny\n");
        write("etc/include/legacy", "work vault allow\nwork\n");
        write("etc/90-c.policy", "qubes.Gpg * personal vault allow\n");
        Path etc = dir.resolve("etc");
        assertRun(ProgramRun.run("qubes-policy-lint", "--tree", etc.toString(), "--legacy-dir", dir.toString()), 1,
                etc + "/10-a.policy:1:1: error: not a file: " + etc + "/include/missing\n"
                        + etc + "/10-a.policy:2:26: error: invalid action: allw\n"
                        + etc + "/include/legacy:2:1: error: wrong number of fields\n"
                        + etc + "/20-b.policy:2:1: warning: catch-all rule hides 1 rule of later files, which never "
                        + "match (the first: " + etc + "/90-c.policy:1) (files are read in name order; give the later "
                        + "file a smaller number, or move the catch-all rule to the last file) "
                        + "[catch-all-hides-later]\n"
                        + etc + "/90-c.policy:1:1: warning: rule never matches: the rule at " + etc
                        + "/20-b.policy:2 (* * @anyvm @anyvm deny) always matches first [shadowed-rule]\n");
    }

    @Test
    void cleanTreeExitsZero() throws Exception {
        write("etc/30-user.policy", "qubes.Gpg * work vault allow\n");
        assertRun(ProgramRun.run("qrexec-policy", "lint", "--tree", dir.resolve("etc").toString()), 0, "");
    }
}
