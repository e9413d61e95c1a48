package dev.qrexec.cli.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.cli.ProgramRun;
import dev.qrexec.parser.text.PolicyFileParser;
import dev.qrexec.parser.ast.Syntax;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qrexec-policy fmt}: layout, --check, --diff, --write, legacy files, exit codes. */
class FmtCommandTest {
    @TempDir
    Path temporary;

    private static final String MESSY = """
            # Split GPG
            qubes.Gpg *   @tag:gpg vault    ask notify=yes default_target=vault
            qubes.Gpg   * @anyvm  @anyvm deny\t

            !include-service   policy.List *  include/admin-ro
            """;

    private static final String CANONICAL = """
            # Split GPG
            qubes.Gpg  *  @tag:gpg  vault   ask default_target=vault notify=yes
            qubes.Gpg  *  @anyvm    @anyvm  deny

            !include-service policy.List * include/admin-ro
            """;

    @Test
    void printsTheCanonicalLayout() throws IOException {
        Scratch s = Scratch.in(temporary);
        s.write("30-gpg.policy", MESSY);
        ProgramRun run = ProgramRun.qrexecPolicy("fmt", s.path("30-gpg.policy"));
        assertEquals(CANONICAL, run.out());
        assertEquals(0, run.status());
    }

    @Test
    void checkDiffAndWrite() throws IOException {
        Scratch s = Scratch.in(temporary);
        s.write("30-gpg.policy", MESSY);
        ProgramRun check = ProgramRun.qrexecPolicy("fmt", "--check", s.path("30-gpg.policy"));
        assertEquals(s.path("30-gpg.policy") + "\n", check.out());
        assertEquals(1, check.status());
        ProgramRun diff = ProgramRun.qrexecPolicy("fmt", "--diff", s.path("30-gpg.policy"));
        String name = s.path("30-gpg.policy");
        assertEquals("--- " + name + "\n+++ " + name + " (formatted)\n"
                + "@@ -1,5 +1,5 @@\n"
                + " # Split GPG\n"
                + "-qubes.Gpg *   @tag:gpg vault    ask notify=yes default_target=vault\n"
                + "-qubes.Gpg   * @anyvm  @anyvm deny\t\n"
                + "+qubes.Gpg  *  @tag:gpg  vault   ask default_target=vault notify=yes\n"
                + "+qubes.Gpg  *  @anyvm    @anyvm  deny\n"
                + " \n"
                + "-!include-service   policy.List *  include/admin-ro\n"
                + "+!include-service policy.List * include/admin-ro\n", diff.out());
        assertEquals(1, diff.status());
        assertEquals(0, ProgramRun.qrexecPolicy("fmt", "--write", s.path("30-gpg.policy")).status());
        assertEquals(CANONICAL, s.read("30-gpg.policy"));
        ProgramRun again = ProgramRun.qrexecPolicy("fmt", "--check", s.path("30-gpg.policy"));
        assertEquals("", again.out());
        assertEquals(0, again.status());
    }

    @Test
    void treeFilesKeepTheirSyntax() throws IOException {
        Scratch s = Scratch.in(temporary);
        s.write("policy.d/30-admin.policy", "!include-service policy.List * include/admin-ro\n");
        s.write("policy.d/include/admin-ro", "mgmt   @adminvm allow   target=dom0\n@anyvm @anyvm deny\n");
        ProgramRun run = ProgramRun.qrexecPolicy("fmt", "--diff", "--policy-dir", s.path("policy.d"),
                "--legacy-dir", s.path("legacy"));
        String name = s.path("policy.d/include/admin-ro");
        assertEquals("--- " + name + "\n+++ " + name + " (formatted)\n"
                + "@@ -1,2 +1,2 @@\n"
                + "-mgmt   @adminvm allow   target=dom0\n"
                + "-@anyvm @anyvm deny\n"
                + "+mgmt    @adminvm  allow target=dom0\n"
                + "+@anyvm  @anyvm    deny\n", run.out());
        assertEquals(1, run.status());
    }

    @Test
    void aFileWithErrorsIsLeftAloneWithExitThree() throws IOException {
        Scratch s = Scratch.in(temporary);
        s.write("bad.policy", "qubes.Gpg * work\n");
        ProgramRun run = ProgramRun.qrexecPolicy("fmt", "--write", s.path("bad.policy"));
        assertEquals(3, run.status());
        assertEquals(s.path("bad.policy") + ":1:1: error: wrong number of fields\n", run.err());
        assertEquals("qubes.Gpg * work\n", s.read("bad.policy"));
    }

    @Provide
    Arbitrary<String> policies() {
        Arbitrary<String> space = Arbitraries.of(" ", "  ", "\t", "   ");
        Arbitrary<String> rule = net.jqwik.api.Combinators.combine(
                Arbitraries.of("qubes.Gpg", "qubes.Filecopy", "*", "my.LongServiceName"),
                Arbitraries.of("@anyvm", "work", "@tag:t", "dom0"),
                Arbitraries.of("@anyvm", "vault", "@default", "@dispvm", "@adminvm"),
                Arbitraries.of("deny", "allow", "ask default_target=vault", "allow target=dom0 notify=yes",
                        "ask user=root target=vault"),
                space.list().ofSize(4))
                .as((svc, src, tgt, act, sp) -> svc + sp.get(0) + "*" + sp.get(1) + src + sp.get(2) + tgt + sp.get(3)
                        + act);
        Arbitrary<String> line = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, rule),
                net.jqwik.api.Tuple.of(1, Arbitraries.of("# a comment", "#", "", "   ", "# x  ")));
        return line.list().ofMaxSize(8).map(l -> String.join("\n", l) + (l.isEmpty() ? "" : "\n"));
    }

    @Property(tries = 40)
    void checkFailsExactlyWhenAFileWouldChange(@ForAll("policies") String text) throws IOException {
        net.jqwik.api.Assume.that(PolicyFileParser.parse("x", text, Syntax.CURRENT).isValid());
        Path dir = Files.createTempDirectory("fmt-check");
        try {
            Path file = dir.resolve("50-x.policy");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            String formatted = ProgramRun.qrexecPolicy("fmt", file.toString()).out();
            ProgramRun check = ProgramRun.qrexecPolicy("fmt", "--check", file.toString());
            assertEquals(formatted.equals(text) ? 0 : 1, check.status(), text);
            assertEquals(0, ProgramRun.qrexecPolicy("fmt", "--write", file.toString()).status());
            assertEquals(0, ProgramRun.qrexecPolicy("fmt", "--check", file.toString()).status());
            assertEquals(rules(text), rules(Files.readString(file, StandardCharsets.UTF_8)));
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<Object> rules(String text) {
        return new ArrayList<>(PolicyFileParser.parse("x", text, Syntax.CURRENT).lines());
    }
}
