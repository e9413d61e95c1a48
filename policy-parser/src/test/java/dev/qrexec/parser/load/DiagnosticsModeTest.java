package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.qrexec.parser.Code;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Loading for evaluation stops at the first error; diagnostics mode goes on and reports
 * every error in load order, the first one being the one evaluation stops at.
 */
class DiagnosticsModeTest extends ScratchTreeTest {
    @Test
    void everyErrorInLoadOrder() {
        dirs.file("etc/10-a.policy", "a * @anyvm @anyvm deny\nbad\n!include missing\nx * @ @ allow\n")
                .file("run/20-b.policy", "!include-dir d\n!foo\n")
                .file("etc/d/x.policy", "x * y z allow notify=maybe\n")
                .file("etc/30-c.policy", "!compat-4.0\n!include 30-c.policy\n")
                .file("legacy/qubes.A", "a b\n");
        assertEquals(List.of(
                "etc/10-a.policy:2:1: error: wrong number of fields",
                "etc/10-a.policy:3:1: error: not a file: " + dirs.path("etc/missing"),
                "etc/10-a.policy:4:5: error: invalid source token: '@'",
                "run/20-b.policy:1:1: error: not a directory: " + dirs.path("run/d"),
                "run/20-b.policy:2:1: error: invalid directive",
                "etc/30-c.policy:1:1: warning: !compat-4.0 directive in file " + dirs.path("etc/30-c.policy")
                        + " line 1 is transitional and will be deprecated",
                "legacy/qubes.A:1:1: error: wrong number of fields",
                "etc/30-c.policy:2:1: error: circular include: " + dirs.path("etc/30-c.policy")),
                dirs.allDiagnostics());
        LoadResult first = dirs.load();
        assertEquals(List.of(first.firstError().orElseThrow()), first.diagnostics());
        assertEquals(dirs.path("etc/10-a.policy") + ":2: wrong number of fields",
                first.firstError().orElseThrow().referenceText());
    }

    @Test
    void validRulesAreStillCollectedAroundErrors() {
        dirs.file("etc/10-a.policy", "a * @anyvm @anyvm deny\nbad\nb * @anyvm @anyvm deny\n");
        LoadResult all = dirs.loadAll();
        assertFalse(all.ok());
        assertEquals(List.of("etc/10-a.policy:1 a * @anyvm @anyvm deny", "etc/10-a.policy:3 b * @anyvm @anyvm deny"),
                dirs.rules(all));
        assertEquals(List.of("etc/10-a.policy:1 a * @anyvm @anyvm deny"), dirs.rules(dirs.load()));
    }

    @Test
    void filesOfADirectoryWithAnInvalidNameAreStillChecked() {
        dirs.file("run/Bad.policy", "").file("run/10-r.policy", "run error\n")
                .file("etc/10-r.policy", "shadowed error\n").file("etc/20-e.policy", "\netc error\n");
        assertEquals(List.of(
                "run/Bad.policy:0:0: error: invalid filename: " + dirs.path("run/Bad.policy"),
                "run/10-r.policy:1:1: error: wrong number of fields",
                "etc/20-e.policy:2:1: error: wrong number of fields"), dirs.allDiagnostics());
        dirs.assertFirstError(Code.INVALID_FILENAME, "run/Bad.policy", 0, 0, "invalid filename: " + dirs.path("run/Bad.policy"));
    }

    @Test
    void filesOfAnIncludedDirectoryWithAnInvalidNameAreStillChecked() {
        dirs.file("etc/10-a.policy", "!include-dir d\n").file("etc/d/Bad.policy", "").file("etc/d/x.policy", "x\n");
        assertEquals(List.of(
                "etc/d/Bad.policy:0:0: error: invalid filename: " + dirs.path("etc/d/Bad.policy"),
                "etc/d/x.policy:1:1: error: wrong number of fields"), dirs.allDiagnostics());
    }

    @Test
    void aFileIncludedTwiceReportsItsErrorsOnce() {
        dirs.file("etc/10-a.policy", "!include inc\n!include inc\n").file("etc/inc", "bad\n");
        assertEquals(List.of("etc/inc:1:1: error: wrong number of fields"), dirs.allDiagnostics());
    }

    @Test
    void aLoadWithoutErrorsHasNoDiagnostics() {
        dirs.file("etc/10-a.policy", "# only a comment\n\n");
        assertEquals(List.of(), dirs.allDiagnostics());
        assertEquals(List.of(), dirs.load().diagnostics());
    }
}
