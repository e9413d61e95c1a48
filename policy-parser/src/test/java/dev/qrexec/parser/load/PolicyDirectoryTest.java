package dev.qrexec.parser.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.PolicyFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Which files the policy directories contribute and in what order
 * (policy-language.md 1.1 to 1.5).
 */
class PolicyDirectoryTest extends ScratchTreeTest {
    @Test
    void defaultDirectories() {
        assertEquals(List.of(Path.of("/run/qubes/policy.d"), Path.of("/etc/qubes/policy.d")),
                LoadOptions.defaults().policyDirectories());
        assertEquals(Path.of("/etc/qubes-rpc/policy"), LoadOptions.defaults().legacyDirectory());
        assertEquals(LoadOptions.DEFAULT_DIRECTORIES, LoadOptions.defaults().withDirectories(List.of()).policyDirectories());
        assertFalse(LoadOptions.defaults().collectAll());
    }

    // ------------------------------------------------------------------ 1.1 directories

    @Test
    void aMissingPolicyDirectoryFailsTheLoad() throws Exception {
        Files.delete(dirs.root.resolve("run"));
        String run = dirs.path("run");
        dirs.file("etc/10-a.policy", deny("a"));
        dirs.assertFirstError(Code.LOAD_FAILED, "run", 0, 0,
                "failed to load " + run + " file: [Errno 2] No such file or directory: '" + run + "'");
        assertEquals("failed to load " + run + " file: [Errno 2] No such file or directory: '" + run + "'",
                dirs.load().firstError().orElseThrow().referenceText());
    }

    @Test
    void aPolicyDirectoryThatIsAFileFailsTheLoad() throws Exception {
        Files.delete(dirs.root.resolve("etc"));
        dirs.file("etc", deny("a"));
        String etc = dirs.path("etc");
        dirs.assertFirstError(Code.LOAD_FAILED, "etc", 0, 0,
                "failed to load " + etc + " file: [Errno 20] Not a directory: '" + etc + "'");
    }

    @Test
    void aSymlinkToAPolicyDirectoryIsFollowed() {
        dirs.file("real/10-a.policy", deny("a")).symlink("other", "real");
        LoadResult result = PolicyLoader.load(dirs.options().withDirectories(List.of(dirs.root.resolve("other"))));
        assertEquals(List.of("other/10-a.policy:1 a * @anyvm @anyvm deny"), dirs.rules(result));
    }

    // ------------------------------------------------------------------ 1.2 considered entries

    @Test
    void onlyRegularDotPolicyFilesAreConsidered() {
        String garbage = "garbage that would not load\n";
        dirs.file("etc/10-ok.policy", deny("ok"))
                .file("etc/README", garbage)
                .file("etc/foo.policy.swp", garbage)
                .file("etc/foo.policy~", garbage)
                .file("etc/.x.policy", garbage)
                .file("etc/.policy", garbage)
                .file("etc/x.Policy", garbage)
                .file("etc/a.POLICY", garbage)
                .file("etc/policy", garbage)
                .file("etc/include/20-x.policy", garbage)
                .directory("etc/30-dir.policy")
                .symlink("etc/40-broken.policy", "nonexistent")
                .symlink("etc/50-loop.policy", "51-loop.policy")
                .symlink("etc/51-loop.policy", "50-loop.policy")
                .symlink("etc/60-dirlink.policy", "include")
                .file("etc/.hidden/70-h.policy", garbage);
        assertEquals(List.of("etc/10-ok.policy:1 ok * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void ignoredEntriesMayHaveAnyName() {
        dirs.file("etc/README.txt", "x").file("etc/Foo Bar.policy~", "x").file("etc/.A.policy", "x")
                .file("etc/x.POLICY", "x").directory("etc/Dir.policy").symlink("etc/B roken.policy", "none");
        assertEquals(List.of(), dirs.loadedRules());
    }

    @Test
    void aSymlinkToARegularFileIsConsideredUnderItsOwnName() {
        dirs.file("elsewhere/rules.txt", deny("a")).symlink("etc/10-link.policy", "../elsewhere/rules.txt");
        assertEquals(List.of("etc/10-link.policy:1 a * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void suffixRules() {
        dirs.file("etc/a..policy", deny("a")).file("etc/b.policy.policy", deny("b")).file("etc/c.x.policy", deny("c"));
        assertEquals(List.of("etc/a..policy:1 a * @anyvm @anyvm deny", "etc/b.policy.policy:1 b * @anyvm @anyvm deny",
                "etc/c.x.policy:1 c * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    // ------------------------------------------------------------------ 1.3 file name character set

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"A.policy", "30-User.policy", "a b.policy", "a+b.policy", "a~b.policy", "a:b.policy",
            "a,b.policy", "a$b.policy", "a=b.policy", "a@b.policy", "a\tb.policy", "a\\b.policy"})
    void anInvalidNameFailsTheWholePolicy(String name) {
        dirs.file("etc/10-a.policy", deny("a")).file("etc/" + name, "").file("run/90-z.policy", deny("z"));
        Diagnostic d = dirs.assertFirstError(Code.INVALID_FILENAME, "etc/" + name, 0, 0,
                "invalid filename: " + dirs.path("etc/" + name));
        assertEquals("invalid filename: " + dirs.path("etc/" + name), d.referenceText());
        assertEquals(List.of(), dirs.load().tree().rules());
    }

    @Test
    void aNonAsciiNameIsInvalid() {
        assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")), "file names are UTF-8 here");
        dirs.file("etc/caf\u00e9.policy", deny("a"));
        dirs.assertFirstError(Code.INVALID_FILENAME, "etc/caf\u00e9.policy", 0, 0,
                "invalid filename: " + dirs.path("etc/caf\u00e9.policy"));
    }

    @Test
    void aNameThatIsNotUtf8IsInvalid() throws Exception {
        assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")), "file names are UTF-8 here");
        // A name with the byte 0xFF cannot be written through java.nio.file; a shell can.
        Process touch = new ProcessBuilder("sh", "-c", "printf 'x\\n' > \"$(printf 'etc/\\377.policy')\"")
                .directory(dirs.root.toFile()).inheritIO().start();
        assertEquals(0, touch.waitFor());
        dirs.file("etc/10-a.policy", deny("a"));
        dirs.assertFirstError(Code.INVALID_FILENAME, "etc/\ufffd.policy", 0, 0,
                "invalid filename: " + dirs.path("etc/\ufffd.policy"));
    }

    @Test
    void namesAreCheckedEvenForEmptyAndShadowedFiles() {
        dirs.file("run/Shadow.policy", deny("r")).file("etc/Shadow.policy", deny("e"));
        dirs.assertFirstError(Code.INVALID_FILENAME, "run/Shadow.policy", 0, 0,
                "invalid filename: " + dirs.path("run/Shadow.policy"));
        assertEquals(List.of("run/Shadow.policy:0:0: error: invalid filename: " + dirs.path("run/Shadow.policy"),
                "etc/Shadow.policy:0:0: error: invalid filename: " + dirs.path("etc/Shadow.policy")),
                dirs.allDiagnostics());
    }

    @Test
    void directoriesAreCheckedInOrderBeforeAnyFileIsLoaded() {
        dirs.file("run/00-bad-rule.policy", "not a rule\n").file("etc/Z.policy", "").file("run/B.policy", "");
        dirs.assertFirstError(Code.INVALID_FILENAME, "run/B.policy", 0, 0, "invalid filename: " + dirs.path("run/B.policy"));
    }

    @Test
    void theSmallestInvalidNameOfADirectoryIsReportedFirst() {
        dirs.file("etc/b B.policy", "").file("etc/A.policy", "").file("etc/a+.policy", "");
        dirs.assertFirstError(Code.INVALID_FILENAME, "etc/A.policy", 0, 0, "invalid filename: " + dirs.path("etc/A.policy"));
        assertEquals(List.of("etc/A.policy", "etc/a+.policy", "etc/b B.policy"),
                dirs.loadAll().errors().stream().map(d -> d.position().file().substring(dirs.root.toString().length() + 1))
                        .toList());
    }

    @Test
    void anInvalidNameOfAFileThatIsNotConsideredIsNoError() {
        dirs.file("etc/Notes.txt", "").file("etc/.Hidden.policy", "").directory("etc/Dir.policy")
                .file("etc/10-a.policy", deny("a"));
        assertEquals(List.of("etc/10-a.policy:1 a * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    // ------------------------------------------------------------------ 1.4 merging and order

    @Test
    void theFirstDirectoryWinsAndFilesAreSortedByNameOnly() {
        dirs.file("run/20-r.policy", deny("r20")).file("run/30-x.policy", deny("run30"))
                .file("etc/10-a.policy", deny("a10")).file("etc/30-x.policy", deny("etc30"))
                .file("etc/50-b.policy", deny("b50"));
        assertEquals(List.of("etc/10-a.policy:1 a10 * @anyvm @anyvm deny", "run/20-r.policy:1 r20 * @anyvm @anyvm deny",
                "run/30-x.policy:1 run30 * @anyvm @anyvm deny", "etc/50-b.policy:1 b50 * @anyvm @anyvm deny"),
                dirs.loadedRules());
    }

    @Test
    void aShadowedFileIsNotReadAtAll() {
        dirs.file("run/30-x.policy", deny("run")).bytes("etc/30-x.policy", new byte[] {(byte) 0xff, '\n'});
        assertEquals(List.of("run/30-x.policy:1 run * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void cLocaleOrder() {
        for (String name : List.of("z", "a", "_", "9", "0", ".", "-", "a-b", "a.b", "a_b", "a0", "aa", "a")) {
            dirs.file("etc/" + name + ".policy", deny("s" + name.hashCode()));
        }
        dirs.file("run/a-.policy", deny("run"));
        List<String> files = dirs.loadedRules().stream().map(r -> r.substring(0, r.indexOf(':'))).toList();
        assertEquals(List.of("etc/-.policy", "etc/0.policy", "etc/9.policy", "etc/_.policy",
                "run/a-.policy", "etc/a-b.policy", "etc/a.b.policy", "etc/a.policy", "etc/a0.policy",
                "etc/a_b.policy", "etc/aa.policy", "etc/z.policy"), files);
    }

    @Test
    void rulesKeepTheirFileOrderAndLineNumbers() {
        dirs.file("etc/10-a.policy", "# first\n" + deny("a1") + "\n" + deny("a2"))
                .file("run/20-b.policy", deny("b1"));
        assertEquals(List.of("etc/10-a.policy:2 a1 * @anyvm @anyvm deny", "etc/10-a.policy:4 a2 * @anyvm @anyvm deny",
                "run/20-b.policy:1 b1 * @anyvm @anyvm deny"), dirs.loadedRules());
        assertEquals(List.of(dirs.path("etc/10-a.policy"), dirs.path("run/20-b.policy")),
                dirs.load().tree().files().stream().map(PolicyFile::path).toList());
    }

    @Test
    void anyListOfDirectories() {
        dirs.file("a/10-x.policy", deny("a")).file("b/10-x.policy", deny("b")).file("c/05-y.policy", deny("c"));
        LoadResult result = PolicyLoader.load(dirs.options().withDirectories(
                List.of(dirs.root.resolve("b"), dirs.root.resolve("c"), dirs.root.resolve("a"))));
        assertEquals(List.of("c/05-y.policy:1 c * @anyvm @anyvm deny", "b/10-x.policy:1 b * @anyvm @anyvm deny"),
                dirs.rules(result));
    }

    // ------------------------------------------------------------------ 1.5 base of relative includes

    @Test
    void relativeIncludesResolveAgainstTheTopLevelFilesDirectory() {
        dirs.file("etc/30-a.policy", "!include include/inc1\n")
                .file("etc/include/inc1", "!include inc2\n")
                .file("etc/inc2", deny("etc-inc2"))
                .file("etc/include/inc2", deny("include-inc2"));
        assertEquals(List.of("etc/inc2:1 etc-inc2 * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void aRuntimeFileResolvesAgainstTheRuntimeDirectory() {
        dirs.file("run/30-a.policy", "!include include/x\n")
                .file("run/include/x", deny("run"))
                .file("etc/include/x", deny("etc"));
        assertEquals(List.of("run/include/x:1 run * @anyvm @anyvm deny"), dirs.loadedRules());
    }

    @Test
    void filesOfAnIncludedDirectoryResolveAgainstTheTopLevelFilesDirectory() {
        dirs.file("etc/30-a.policy", "!include-dir d\n")
                .file("etc/d/10-x.policy", "!include y\n!include-service s * z\n")
                .file("etc/y", deny("y"))
                .file("etc/z", "@anyvm @anyvm deny\n")
                .file("etc/d/y", deny("wrong"))
                .file("etc/d/z", "wrong wrong deny\n");
        assertEquals(List.of("etc/y:1 y * @anyvm @anyvm deny", "etc/z:1 s * @anyvm @anyvm deny"), dirs.loadedRules());
    }
}
