package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Include cycles and include depth (policy-language.md section 9): a cycle is an error
 * at the directive that closes it; repeated includes and diamonds are legal; chains up
 * to {@link PolicyLoader#MAX_INCLUDE_DEPTH} files load, deeper ones are refused.
 */
class IncludeCycleTest extends ScratchTreeTest {
    @Test
    void aFileIncludingItself() {
        dirs.file("etc/30-a.policy", deny("a") + "!include 30-a.policy\n");
        Diagnostic d = dirs.assertFirstError(Code.INCLUDE_CYCLE, "etc/30-a.policy", 2, 1,
                "circular include: " + dirs.path("etc/30-a.policy"));
        assertEquals(dirs.path("etc/30-a.policy") + ":2: circular include: " + dirs.path("etc/30-a.policy"),
                d.referenceText());
    }

    @Test
    void aToBToA() {
        dirs.file("etc/30-a.policy", "!include include/b\n").file("etc/include/b", "# b\n!include 30-a.policy\n");
        dirs.assertFirstError(Code.INCLUDE_CYCLE, "etc/include/b", 2, 1, "circular include: " + dirs.path("etc/30-a.policy"));
    }

    @Test
    void aCycleThroughASymlinkIsFoundByCanonicalPath() {
        dirs.file("etc/30-a.policy", "!include include/b\n").file("etc/include/b", "!include include/alias\n")
                .symlink("etc/include/alias", "b");
        dirs.assertFirstError(Code.INCLUDE_CYCLE, "etc/include/b", 1, 1, "circular include: " + dirs.path("etc/include/b"));
    }

    @Test
    void aTopLevelFileIncludingItsOwnDirectory() {
        dirs.file("etc/10-x.policy", deny("x")).file("etc/30-a.policy", "  !include-dir .\n");
        dirs.assertFirstError(Code.INCLUDE_CYCLE, "etc/30-a.policy", 1, 3, "circular include: " + dirs.path("etc/30-a.policy"));
    }

    @Test
    void aFileOfAnIncludedDirectoryIncludingThatDirectory() {
        dirs.file("etc/30-a.policy", "!include-dir include\n").file("etc/include/x.policy", "\n!include-dir include\n");
        dirs.assertFirstError(Code.INCLUDE_CYCLE, "etc/include/x.policy", 2, 1,
                "circular include: " + dirs.path("etc/include/x.policy"));
    }

    @Test
    void throughIncludeServiceAndLegacyIncludes() {
        dirs.file("etc/30-a.policy", "!include-service s * leg/f\n").file("etc/leg/f", "x y allow\n$include:leg/f\n");
        dirs.assertFirstError(Code.INCLUDE_CYCLE, "etc/leg/f", 2, 1, "circular include: " + dirs.path("etc/leg/f"));
        dirs.file("etc/leg/f", "!include leg/g\n").file("etc/leg/g", "x y deny\n!include leg/f\n");
        dirs.assertFirstError(Code.INCLUDE_CYCLE, "etc/leg/g", 2, 1, "circular include: " + dirs.path("etc/leg/f"));
    }

    @Test
    void throughTheLegacyDirectoryWalk() {
        dirs.file("etc/35-compat.policy", "!compat-4.0\n").file("legacy/qubes.A", "$include:qubes.A\n");
        dirs.assertFirstError(Code.INCLUDE_CYCLE, "legacy/qubes.A", 1, 1, "circular include: " + dirs.path("legacy/qubes.A"));
    }

    @Test
    void theSameFileTwiceInARowIsNoCycle() {
        dirs.file("etc/30-a.policy", "!include x\n!include x\n").file("etc/x", deny("x"));
        assertEquals(List.of("etc/x:1 x * @anyvm @anyvm deny", "etc/x:1 x * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void aDiamondIsNoCycle() {
        dirs.file("etc/30-a.policy", "!include b\n!include c\n")
                .file("etc/b", "!include d\n").file("etc/c", "!include d\n" + deny("c")).file("etc/d", deny("d"));
        assertEquals(List.of("etc/d:1 d * @anyvm @anyvm deny", "etc/d:1 d * @anyvm @anyvm deny",
                "etc/c:2 c * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void aFileMayIncludeAnotherThatIncludesAThirdAgainAndAgain() {
        dirs.file("etc/30-a.policy", "!include b\n!include-dir d\n!include b\n")
                .file("etc/b", deny("b")).file("etc/d/1.policy", "!include b\n").file("etc/d/2.policy", "!include b\n");
        assertEquals(Collections.nCopies(4, "etc/b:1 b * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    // ------------------------------------------------------------------ depth

    /** A chain of {@code files} files, each including the next: etc/00.policy, then etc/chain/1, ... */
    private void chain(int files) {
        dirs.file("etc/00.policy", deny("top") + "!include chain/1\n");
        for (int i = 1; i < files; i++) {
            dirs.file("etc/chain/" + i, i + 1 < files ? "!include chain/" + (i + 1) + "\n" : deny("bottom"));
        }
    }

    @Test
    void deepChainsWithinTheLimitLoad() {
        chain(600);
        assertEquals(List.of("etc/00.policy:1 top * @anyvm @anyvm deny", "etc/chain/599:1 bottom * @anyvm @anyvm deny"),
                dirs.loadedRules());
        chain(PolicyLoader.MAX_INCLUDE_DEPTH);
        assertEquals(List.of("etc/00.policy:1 top * @anyvm @anyvm deny",
                "etc/chain/" + (PolicyLoader.MAX_INCLUDE_DEPTH - 1) + ":1 bottom * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void aChainBeyondTheLimitIsRefusedAtTheDeepestDirective() {
        chain(PolicyLoader.MAX_INCLUDE_DEPTH + 1);
        int last = PolicyLoader.MAX_INCLUDE_DEPTH - 1;
        dirs.assertFirstError(Code.INCLUDE_TOO_DEEP, "etc/chain/" + last, 1, 1, "include nesting too deep");
    }

    @Test
    void anEndlessChainOfDistinctPathsIsRefused() {
        // each level names a new path (x, x/.., x/../x/.. ...) that resolves to the same file: a cycle
        dirs.file("etc/30-a.policy", "!include sub/../30-a.policy\n").directory("etc/sub");
        dirs.assertFirstError(Code.INCLUDE_CYCLE, "etc/30-a.policy", 1, 1, "circular include: " + dirs.path("etc/30-a.policy"));
    }

    /** The daemon runs with a 512 KiB thread stack: the deepest chain must neither overflow nor crash there. */
    @Test
    void theDepthLimitFitsASmallThreadStack() throws Exception {
        chain(PolicyLoader.MAX_INCLUDE_DEPTH + 1);
        AtomicReference<Throwable> crash = new AtomicReference<>();
        List<LoadResult> results = Collections.synchronizedList(new ArrayList<>());
        Thread thread = new Thread(null, () -> {
            try {
                results.add(dirs.load());
            } catch (Throwable t) {
                crash.set(t);
            }
        }, "small-stack", Long.getLong("stack", 512) * 1024);
        thread.start();
        thread.join();
        assertNull(crash.get(), () -> "loading crashed: " + crash.get());
        assertEquals(Code.INCLUDE_TOO_DEEP, results.get(0).firstError().orElseThrow().code());
    }

    // ------------------------------------------------------------------ total work of one load

    /** include/d0 ... include/dN, each including the next twice, the last one a rule: 2^N loads. */
    private void diamond(int levels) {
        for (int i = 0; i < levels; i++) {
            dirs.file("etc/include/d" + i, "!include include/d" + (i + 1) + "\n!include include/d" + (i + 1) + "\n");
        }
        dirs.file("etc/include/d" + levels, deny("leaf"));
        dirs.file("etc/30-a.policy", deny("a") + "!include include/d0\n");
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void anIncludeDiamondFortyLevelsDeepIsRefusedAtTheDirectiveThatCrossesTheBound() {
        diamond(40);
        // depth first: d0 ... d40 are opened first; the 10,001st file opened comes from line 1 of d38
        dirs.assertFirstError(Code.POLICY_TOO_LARGE, "etc/include/d38", 1, 1,
                "too many included files: more than " + PolicyLoader.MAX_INCLUDED_FILES + " in one load");
    }

    @Test
    void aSmallDiamondStillLoads() {
        diamond(12);
        assertEquals(4096 + 1, dirs.loadedRules().size());
    }

    @Test
    void exactlyTheIncludedFilesBoundLoadsAndOneMoreIsRefused() {
        String includes = "!include x\n".repeat(PolicyLoader.MAX_INCLUDED_FILES);
        dirs.file("etc/30-a.policy", includes).file("etc/x", deny("x"));
        assertEquals(PolicyLoader.MAX_INCLUDED_FILES, dirs.loadedRules().size());
        dirs.file("etc/30-a.policy", includes + "\n!include x\n");
        dirs.assertFirstError(Code.POLICY_TOO_LARGE, "etc/30-a.policy", PolicyLoader.MAX_INCLUDED_FILES + 2, 1,
                "too many included files: more than " + PolicyLoader.MAX_INCLUDED_FILES + " in one load");
    }

    @Test
    void aFileIncludedOverAndOverIsRefusedAtTheDirectiveThatBringsInOneRuleTooMany() {
        int perFile = 1000;
        int times = PolicyLoader.MAX_RULES / perFile;
        dirs.file("etc/include/many", deny("m").repeat(perFile));
        dirs.file("etc/30-a.policy", "!include include/many\n".repeat(times));
        assertEquals(PolicyLoader.MAX_RULES, dirs.load().tree().rules().size());
        dirs.file("etc/30-a.policy", "!include include/many\n".repeat(times + 1));
        dirs.assertFirstError(Code.POLICY_TOO_LARGE, "etc/30-a.policy", times + 1, 1,
                "too many rules: more than " + PolicyLoader.MAX_RULES + " in one load");
    }

    @Test
    void collectingEveryErrorStillStopsAtTheBound() {
        diamond(40);
        dirs.file("etc/40-b.policy", "broken line\n");
        List<String> all = dirs.allDiagnostics();
        assertEquals(List.of("etc/include/d38:1:1: error: too many included files: more than "
                + PolicyLoader.MAX_INCLUDED_FILES + " in one load"), all);
    }
}
