package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import dev.qrexec.parser.ast.Rule;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code !compat-4.0}: the walk of the R4.0 directory (policy-language.md 4.5 and section 6). */
class Compat40Test extends ScratchTreeTest {
    /** The example of 6.7, checked against the reference. */
    @Test
    void referenceExample() {
        dirs.file("etc/30-user.policy", "qubes.Gpg * @anyvm @anyvm deny notify=no\n")
                .file("etc/35-compat.policy", "!compat-4.0\n")
                .file("etc/90-default.policy", "qubes.Filecopy * @anyvm @anyvm deny\n")
                .file("legacy/qubes.Gpg", "work vault allow\n")
                .file("legacy/qubes.Gpg+sign", "## comment\nwork vault ask,default_target=vault\n")
                .file("legacy/qubes.Gpg.rpmnew", "junk\n")
                .file("legacy/qubes.Filecopy", "$tag:work $tag:work allow\n$include:include/filecopy-extra\n")
                .file("legacy/include/filecopy-extra", "$anyvm $anyvm ask\n");
        assertEquals(List.of(
                "etc/30-user.policy:1 qubes.Gpg * @anyvm @anyvm deny notify=no",
                "legacy/qubes.Filecopy:1 qubes.Filecopy * @tag:work @tag:work allow",
                "legacy/include/filecopy-extra:1 qubes.Filecopy * @anyvm @anyvm ask",
                "legacy/qubes.Gpg+sign:2 qubes.Gpg +sign work vault ask default_target=vault",
                "legacy/qubes.Gpg+sign:None qubes.Gpg +sign @anyvm @anyvm deny",
                "legacy/qubes.Gpg+sign:None qubes.Gpg +sign @anyvm @adminvm deny",
                "legacy/qubes.Gpg:1 qubes.Gpg * work vault allow",
                "etc/90-default.policy:1 qubes.Filecopy * @anyvm @anyvm deny"), dirs.loadedRules());
        List<Rule> rules = dirs.load().tree().rules();
        assertEquals(Position.of(dirs.path("legacy/qubes.Gpg+sign")), rules.get(4).position());
        assertEquals(dirs.path("legacy/qubes.Gpg+sign") + ":None", rules.get(5).position().fileAndLine());
    }

    @Test
    void theDirectiveIsAWarningOnly() {
        dirs.file("etc/35-compat.policy", "# c\n  !compat-4.0\n");
        LoadResult result = dirs.load();
        assertTrue(result.ok());
        assertEquals(List.of("etc/35-compat.policy:2:3: warning: !compat-4.0 directive in file "
                + dirs.path("etc/35-compat.policy") + " line 2 is transitional and will be deprecated"),
                dirs.allDiagnostics());
    }

    @Test
    void orderByServiceThenArgumentWithTheWildcardLast() {
        List<String> names = List.of("qubes.Z+b+c", "qubes.B", "qubes.A+", "qubes.Z+ab", "qubes.B+z", "qubes.Z+-b",
                "qubes.A", "qubes.Z+_b", "qubes.B+", "qubes.Z+Ab", "qubes.B+a");
        for (String name : names) {
            dirs.file("legacy/" + name, "@anyvm @anyvm deny\n");
        }
        dirs.file("etc/35-compat.policy", "!compat-4.0\n");
        List<String> files = dirs.loadedRules().stream()
                .filter(r -> r.contains(":1 "))
                .map(r -> r.substring("legacy/".length(), r.indexOf(':')))
                .toList();
        assertEquals(List.of("qubes.A+", "qubes.A", "qubes.B+", "qubes.B+a", "qubes.B+z", "qubes.B", "qubes.Z+-b",
                "qubes.Z+Ab", "qubes.Z+_b", "qubes.Z+ab", "qubes.Z+b+c"), files);
    }

    @Test
    void fileNamesGiveServiceAndArgument() {
        dirs.file("legacy/a+b+c", "x y allow\n").file("legacy/qubes.X+", "x y allow\n").file("legacy/+x", "x y allow\n")
                .file("legacy/Upper.Case", "x y allow\n").file("etc/35-compat.policy", "!compat-4.0\n");
        assertEquals(List.of(
                "legacy/+x:1  +x x y allow",
                "legacy/+x:None  +x @anyvm @anyvm deny",
                "legacy/+x:None  +x @anyvm @adminvm deny",
                "legacy/Upper.Case:1 Upper.Case * x y allow",
                "legacy/a+b+c:1 a +b+c x y allow",
                "legacy/a+b+c:None a +b+c @anyvm @anyvm deny",
                "legacy/a+b+c:None a +b+c @anyvm @adminvm deny",
                "legacy/qubes.X+:1 qubes.X + x y allow",
                "legacy/qubes.X+:None qubes.X + @anyvm @anyvm deny",
                "legacy/qubes.X+:None qubes.X + @anyvm @adminvm deny"), dirs.loadedRules());
    }

    @Test
    void entriesSkippedSilently() {
        String junk = "this is not a legacy rule line at all\n";
        dirs.file("legacy/qubes.A.rpmsave", junk).file("legacy/qubes.A.rpmnew", junk).file("legacy/qubes.A.swp", junk)
                .file("legacy/.qubes.A", junk).file("legacy/qubes.E~", junk).file("legacy/qubes.F+x,y", junk)
                .file("legacy/qubes G", junk).file("legacy/qubes.H$", junk).file("legacy/include/qubes.I", junk)
                .symlink("legacy/qubes.Broken", "nowhere").symlink("legacy/qubes.Dir", "include")
                .file("legacy/qubes.Ok", "$anyvm $anyvm deny\n").file("etc/35-compat.policy", "!compat-4.0\n");
        assertEquals(List.of("legacy/qubes.Ok:1 qubes.Ok * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void aSymlinkedLegacyFileIsReadAtItsResolvedPathButDeniedUnderItsName() {
        dirs.file("elsewhere/gpg", "work vault allow\n").symlink("legacy/qubes.Gpg+sign", "../elsewhere/gpg")
                .file("etc/35-compat.policy", "!compat-4.0\n");
        assertEquals(List.of("elsewhere/gpg:1 qubes.Gpg +sign work vault allow",
                "legacy/qubes.Gpg+sign:None qubes.Gpg +sign @anyvm @anyvm deny",
                "legacy/qubes.Gpg+sign:None qubes.Gpg +sign @anyvm @adminvm deny"), dirs.loadedRules());
    }

    @Test
    void everyOccurrenceInsertsTheRulesAgainWhereItStands() {
        dirs.file("legacy/qubes.A", "x y deny\n")
                .file("etc/10-a.policy", "!compat-4.0\nb * x y deny\n!include inc\n")
                .file("etc/inc", "!compat-4.0\n");
        assertEquals(List.of("legacy/qubes.A:1 qubes.A * x y deny", "etc/10-a.policy:2 b * x y deny",
                "legacy/qubes.A:1 qubes.A * x y deny"), dirs.loadedRules());
    }

    @Test
    void relativeIncludesOfTheWalkResolveAgainstTheLegacyDirectory() {
        dirs.file("legacy/qubes.A", "$include:include/inc\n").file("legacy/include/inc", "$anyvm $anyvm allow\n")
                .file("etc/include/inc", "wrong wrong deny\n")
                .file("etc/35-compat.policy", "!compat-4.0\n")
                .file("etc/40-svc.policy", "!include-service qubes.B * ../legacy/qubes.A\n");
        assertEquals(List.of("legacy/include/inc:1 qubes.A * @anyvm @anyvm allow",
                "etc/include/inc:1 qubes.B * wrong wrong deny"),
                dirs.loadedRules());
    }

    @Test
    void aMissingLegacyDirectoryFailsAtTheDirective() throws Exception {
        Files.delete(dirs.root.resolve("legacy"));
        String legacy = dirs.path("legacy");
        dirs.file("etc/35-compat.policy", "\n!compat-4.0\n");
        Diagnostic d = dirs.assertFirstError(Code.LOAD_FAILED, "etc/35-compat.policy", 2, 1,
                "failed to load " + legacy + " file: [Errno 2] No such file or directory: '" + legacy + "'");
        assertEquals("failed to load " + legacy + " file: [Errno 2] No such file or directory: '" + legacy + "'",
                d.referenceText());
        assertTrue(dirs.load().tree().rules().isEmpty());
    }

    @Test
    void errorsOfALegacyFileNameItsResolvedPath() {
        dirs.file("legacy/qubes.A", "ok ok allow\n\nbad\n").file("etc/35-compat.policy", "!compat-4.0\n");
        dirs.assertFirstError(Code.WRONG_FIELD_COUNT, "legacy/qubes.A", 3, 1, "wrong number of fields");
        dirs.file("legacy/qubes.A", "!compat-4.0\n");
        dirs.assertFirstError(Code.INVALID_DIRECTIVE, "legacy/qubes.A", 1, 1, "invalid directive");
    }

    @Test
    void withoutTheDirectiveTheLegacyDirectoryIsNotRead() throws Exception {
        Files.delete(dirs.root.resolve("legacy"));
        dirs.file("etc/10-a.policy", "a * @anyvm @anyvm deny\n");
        assertEquals(List.of("etc/10-a.policy:1 a * @anyvm @anyvm deny"), dirs.loadedRules());
    }
}
