package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code !include}, {@code !include-dir} and {@code !include-service} as the loader
 * follows them, and how include paths resolve (policy-language.md 4.2 to 4.6).
 */
class IncludeTest extends ScratchTreeTest {
    // ------------------------------------------------------------------ 4.2 !include

    @Test
    void includedRulesComeInPlaceWithTheirOwnPathAndLines() {
        dirs.file("etc/30-a.policy", deny("before") + "!include include/x\n" + deny("after"))
                .file("etc/include/x", "\n" + deny("x1") + deny("x2"));
        assertEquals(List.of("etc/30-a.policy:1 before * @anyvm @anyvm deny", "etc/include/x:2 x1 * @anyvm @anyvm deny",
                "etc/include/x:3 x2 * @anyvm @anyvm deny", "etc/30-a.policy:3 after * @anyvm @anyvm deny"),
                dirs.loadedRules());
    }

    @Test
    void anIncludedFileNeedNotFollowTheFileNameRules() {
        dirs.file("etc/30-a.policy", "!include Upper_Case.txt\n!include .Hidden+x\n")
                .file("etc/Upper_Case.txt", deny("u")).file("etc/.Hidden+x", deny("h"));
        assertEquals(List.of("etc/Upper_Case.txt:1 u * @anyvm @anyvm deny", "etc/.Hidden+x:1 h * @anyvm @anyvm deny"),
                dirs.loadedRules());
    }

    @Test
    void aMissingIncludeIsNotAFile() {
        dirs.file("etc/30-a.policy", "# c\n!include include/nonexist\n");
        Diagnostic d = dirs.assertFirstError(Code.NOT_A_FILE, "etc/30-a.policy", 2, 1,
                "not a file: " + dirs.path("etc/include/nonexist"));
        assertEquals(dirs.path("etc/30-a.policy") + ":2: not a file: " + dirs.path("etc/include/nonexist"),
                d.referenceText());
    }

    @Test
    void aDirectoryWhereAFileIsExpected() {
        dirs.directory("etc/include").file("etc/30-a.policy", "  !include include\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/30-a.policy", 1, 3, "not a file: " + dirs.path("etc/include"));
        dirs.file("etc/30-a.policy", "!include-service s * include/\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/30-a.policy", 1, 1, "not a file: " + dirs.path("etc/include"));
    }

    @Test
    void aFileOnTheWayIsNotADirectory() {
        dirs.file("etc/30-a.policy", "!include 30-a.policy/x\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/30-a.policy", 1, 1, "not a file: " + dirs.path("etc/30-a.policy/x"));
    }

    @Test
    void includingTheSameFileTwiceDoublesItsRules() {
        dirs.file("etc/30-a.policy", "!include x\n!include ./x\n").file("etc/x", deny("x"));
        assertEquals(List.of("etc/x:1 x * @anyvm @anyvm deny", "etc/x:1 x * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void includingATopLevelFileAddsItsRulesAgain() {
        dirs.file("etc/10-a.policy", "!include 20-b.policy\n").file("etc/20-b.policy", deny("b"));
        assertEquals(List.of("etc/20-b.policy:1 b * @anyvm @anyvm deny", "etc/20-b.policy:1 b * @anyvm @anyvm deny"),
                dirs.loadedRules());
    }

    @Test
    void anIncludedFileIsReadInTheCurrentSyntax() {
        dirs.file("etc/30-a.policy", "!include x\n").file("etc/x", "# c\n$anyvm $anyvm allow\n");
        dirs.assertFirstError(Code.WRONG_FIELD_COUNT, "etc/x", 2, 1, "wrong number of fields");
    }

    // ------------------------------------------------------------------ 4.6 resolving paths

    @Test
    void dotDotIsCollapsedAfterFollowingSymlinks() {
        dirs.file("other/x", deny("other"))
                .file("etc/30-a.policy", "!include ../other/x\n!include nonexist/../x\n!include ./sub/../x\n")
                .file("etc/x", deny("x"));
        assertEquals(List.of("other/x:1 other * @anyvm @anyvm deny", "etc/x:1 x * @anyvm @anyvm deny",
                "etc/x:1 x * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void dotDotAfterASymlinkGoesUpFromItsTarget() {
        // etc/link -> ../deep/er, so etc/link/../x is deep/x, not etc/x
        dirs.file("deep/x", deny("deep")).directory("deep/er").file("etc/x", deny("etc"))
                .symlink("etc/link", "../deep/er").file("etc/30-a.policy", "!include link/../x\n");
        assertEquals(List.of("deep/x:1 deep * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void absolutePathsAndRedundantSlashes() {
        dirs.file("abs/x", deny("abs"))
                .file("etc/30-a.policy", "!include " + dirs.path("abs/x") + "\n!include //" + dirs.path("abs") + "//./x\n");
        assertEquals(List.of("abs/x:1 abs * @anyvm @anyvm deny", "abs/x:1 abs * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void rulesOfAFileReachedThroughASymlinkCarryTheResolvedPath() {
        dirs.file("real/file", deny("r")).symlink("etc/include/link", "../../real/file")
                .file("etc/30-a.policy", "!include include/link\n");
        assertEquals(List.of("real/file:1 r * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void aBrokenSymlinkNamesItsFinalTarget() {
        dirs.symlink("etc/include/link", "../missing-target").file("etc/30-a.policy", "!include include/link\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/30-a.policy", 1, 1, "not a file: " + dirs.path("etc/missing-target"));
    }

    @Test
    void aChainOfSymlinksIsFollowedToTheEnd() {
        dirs.file("real", deny("r")).symlink("etc/a", "b").symlink("etc/b", "../c").symlink("c", "real")
                .file("etc/30-a.policy", "!include a\n");
        assertEquals(List.of("real:1 r * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void aSymlinkLoopIsAnErrorAtTheDirective() {
        dirs.symlink("etc/loop1", "loop2").symlink("etc/loop2", "loop1")
                .file("etc/30-a.policy", deny("a") + "!include loop1\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/30-a.policy", 2, 1,
                "not a file: " + dirs.path("etc/loop1") + " (symlink loop)");
        dirs.file("etc/30-a.policy", "!include-dir loop2/x\n");
        dirs.assertFirstError(Code.NOT_A_DIRECTORY, "etc/30-a.policy", 1, 1,
                "not a directory: " + dirs.path("etc/loop2") + " (symlink loop)");
        dirs.file("etc/30-a.policy", "!include-service s * ./loop1\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/30-a.policy", 1, 1,
                "not a file: " + dirs.path("etc/loop1") + " (symlink loop)");
    }

    @Test
    void aSelfLoopIsASymlinkLoopToo() {
        dirs.symlink("etc/self", "self").file("etc/30-a.policy", "!include self\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/30-a.policy", 1, 1,
                "not a file: " + dirs.path("etc/self") + " (symlink loop)");
    }

    // ------------------------------------------------------------------ 4.3 !include-dir

    @Test
    void includeDirLoadsConsideredFilesInNameOrderAtTheDirective() {
        dirs.file("etc/30-a.policy", deny("first") + "!include-dir d\n" + deny("last"))
                .file("etc/d/b.policy", deny("b")).file("etc/d/a.policy", deny("a")).file("etc/d/_.policy", deny("u"))
                .file("etc/d/README", "junk").file("etc/d/.x.policy", "junk").directory("etc/d/sub.policy")
                .file("etc/d/c.policy~", "junk").symlink("etc/d/broken.policy", "none");
        assertEquals(List.of("etc/30-a.policy:1 first * @anyvm @anyvm deny", "etc/d/_.policy:1 u * @anyvm @anyvm deny",
                "etc/d/a.policy:1 a * @anyvm @anyvm deny", "etc/d/b.policy:1 b * @anyvm @anyvm deny",
                "etc/30-a.policy:3 last * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void includeDirRecordsTheResolvedDirectoryJoinedWithTheName() {
        dirs.file("real/d/x.policy", deny("x")).symlink("etc/dlink", "../real/d")
                .file("elsewhere", deny("e")).symlink("real/d/y.policy", "../../elsewhere")
                .file("etc/30-a.policy", "!include-dir dlink/\n");
        assertEquals(List.of("real/d/x.policy:1 x * @anyvm @anyvm deny", "real/d/y.policy:1 e * @anyvm @anyvm deny"),
                dirs.loadedRules());
    }

    @Test
    void anEmptyIncludedDirectoryAddsNothing() {
        dirs.directory("etc/empty").file("etc/empty/README", "x").file("etc/30-a.policy", "!include-dir empty\n");
        assertEquals(List.of(), dirs.loadedRules());
    }

    @Test
    void includeDirNeedsADirectory() {
        dirs.file("etc/30-a.policy", "!include-dir nonexist\n");
        dirs.assertFirstError(Code.NOT_A_DIRECTORY, "etc/30-a.policy", 1, 1, "not a directory: " + dirs.path("etc/nonexist"));
        dirs.file("etc/30-a.policy", "\n!include-dir 30-a.policy\n");
        dirs.assertFirstError(Code.NOT_A_DIRECTORY, "etc/30-a.policy", 2, 1,
                "not a directory: " + dirs.path("etc/30-a.policy"));
        dirs.symlink("etc/broken", "gone").file("etc/30-a.policy", "!include-dir broken\n");
        dirs.assertFirstError(Code.NOT_A_DIRECTORY, "etc/30-a.policy", 1, 1, "not a directory: " + dirs.path("etc/gone"));
    }

    @Test
    void anInvalidNameInAnIncludedDirectoryFailsTheLoad() {
        dirs.symlink("etc/dlink", "d").file("etc/d/a.policy", deny("a")).file("etc/d/B.policy", deny("b"))
                .file("etc/30-a.policy", "!include-dir dlink\n");
        Diagnostic d = dirs.assertFirstError(Code.INVALID_FILENAME, "etc/d/B.policy", 0, 0,
                "invalid filename: " + dirs.path("etc/d/B.policy"));
        assertEquals("invalid filename: " + dirs.path("etc/d/B.policy"), d.referenceText());
    }

    @Test
    void errorsOfAFileFromAnIncludedDirectory() {
        dirs.file("etc/d/a.policy", "\n\nbad line\n").file("etc/30-a.policy", "!include-dir d\n");
        dirs.assertFirstError(Code.WRONG_FIELD_COUNT, "etc/d/a.policy", 3, 1, "wrong number of fields");
    }

    // ------------------------------------------------------------------ 4.4 !include-service

    @Test
    void includeServiceGivesEveryLegacyRuleItsServiceAndArgument() {
        dirs.file("etc/30-a.policy", "!include-service qubes.Gpg +sign include/gpg\n!include-service * * include/gpg\n")
                .file("etc/include/gpg", "# legacy\n$anyvm $adminvm deny\nwork,vault,ask,default_target=vault\n");
        assertEquals(List.of("etc/include/gpg:2 qubes.Gpg +sign @anyvm @adminvm deny",
                "etc/include/gpg:3 qubes.Gpg +sign work vault ask default_target=vault",
                "etc/include/gpg:2 * * @anyvm @adminvm deny", "etc/include/gpg:3 * * work vault ask default_target=vault"),
                dirs.loadedRules());
    }

    @Test
    void legacyIncludesKeepTheServiceAndArgumentAndTheSyntax() {
        dirs.file("etc/30-a.policy", "!include-service s +a include/one\n")
                .file("etc/include/one", "$include:include/two\n!include include/two\n")
                .file("etc/include/two", "$anyvm $anyvm allow\n");
        assertEquals(List.of("etc/include/two:1 s +a @anyvm @anyvm allow", "etc/include/two:1 s +a @anyvm @anyvm allow"),
                dirs.loadedRules());
    }

    @Test
    void serviceAndArgumentAreCheckedBeforeThePath() {
        dirs.file("etc/30-a.policy", deny("a") + "!include-service x foo nonexist\n");
        dirs.assertFirstError(Code.ARGUMENT_WITHOUT_PLUS, "etc/30-a.policy", 2, 20, "argument 'foo' does not start with +");
        dirs.file("etc/30-a.policy", "!include-service * +x nonexist\n");
        dirs.assertFirstError(Code.WILDCARD_SERVICE_ARGUMENT, "etc/30-a.policy", 1, 20,
                "only * argument allowed for * service");
        dirs.file("etc/30-a.policy", "!include-service x +y nonexist\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/30-a.policy", 1, 1, "not a file: " + dirs.path("etc/nonexist"));
    }

    @Test
    void errorsInsideALegacyFileNameItsOwnLine() {
        dirs.file("etc/30-a.policy", "!include-service s * leg\n").file("etc/leg", "\n# c\nx y allow,target=$dispvm:$tag:x\n");
        Diagnostic d = dirs.assertFirstError(Code.INVALID_TOKEN, "etc/leg", 3, 11,
                "invalid redirect token: '@dispvm:@tag:x'");
        assertEquals(dirs.path("etc/leg") + ":3: invalid redirect token: '@dispvm:@tag:x'", d.referenceText());
        dirs.file("etc/leg", "a b c d e\n");
        dirs.assertFirstError(Code.INVALID_ACTION, "etc/leg", 1, 5, "invalid action: c");
        dirs.file("etc/leg", "!include-dir x\n");
        dirs.assertFirstError(Code.INVALID_DIRECTIVE, "etc/leg", 1, 1, "invalid directive");
        dirs.file("etc/leg", "$include:nonexist\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/leg", 1, 1, "not a file: " + dirs.path("etc/nonexist"));
    }

    @Test
    void aCurrentFileReadAsLegacyIsNotACycle() {
        // the file is on the chain in the current syntax only; read as legacy its directive is invalid
        dirs.file("etc/30-a.policy", "!include-service s * 30-a.policy\n");
        dirs.assertFirstError(Code.INVALID_DIRECTIVE, "etc/30-a.policy", 1, 1, "invalid directive");
    }

    @Test
    void aPathWithANulCharacterIsNoFile() {
        String etc = dirs.path("etc");
        dirs.file("etc/30-a.policy", "!include a\u0000b\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/30-a.policy", 1, 1, "not a file: '" + etc + "/a\\x00b' (invalid path)");
        dirs.file("etc/30-a.policy", "!include-dir a\u0000b\n");
        dirs.assertFirstError(Code.NOT_A_DIRECTORY, "etc/30-a.policy", 1, 1,
                "not a directory: '" + etc + "/a\\x00b' (invalid path)");
        dirs.file("etc/30-a.policy", "!include-service s * \u0000\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/30-a.policy", 1, 1, "not a file: '" + etc + "/\\x00' (invalid path)");
        dirs.file("etc/30-a.policy", "!include-service s * leg\n").file("etc/leg", "$include:/x\u0000\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/leg", 1, 1, "not a file: '/x\\x00' (invalid path)");
    }

    @Test
    void aPathTooLongForTheSystemIsNoFile() {
        String name = "n".repeat(5000);
        dirs.file("etc/30-a.policy", "!include " + name + "/x\n");
        dirs.assertFirstError(Code.NOT_A_FILE, "etc/30-a.policy", 1, 1, "not a file: " + dirs.path("etc") + "/" + name + "/x");
    }
}
