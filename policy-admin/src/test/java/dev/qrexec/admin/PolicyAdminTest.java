package dev.qrexec.admin;

import static dev.qrexec.admin.PolicyDirectory.err;
import static dev.qrexec.admin.PolicyDirectory.out;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The services through {@link PolicyAdmin#handle} on a real directory: replies, messages and the disk after. */
class PolicyAdminTest {
    private static final String RULE = "qubes.Gpg * work vault allow\n";

    @TempDir
    Path scratch;

    PolicyDirectory dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = new PolicyDirectory(scratch).write("30-user.policy", RULE);
    }

    private static void assertDone(Reply reply, String stdout) {
        assertEquals("", err(reply));
        assertEquals(0, reply.exitCode());
        assertEquals(stdout, out(reply));
    }

    /** Refused with exactly this stderr, and the directory as it was. */
    private void assertRefused(String stderr, String call, String payload) throws IOException {
        Map<String, String> before = dir.snapshot();
        Reply reply = dir.call(call, payload);
        assertEquals(stderr, err(reply));
        assertEquals(1, reply.exitCode());
        assertEquals("", out(reply));
        assertEquals(before, dir.snapshot());
    }

    private String token(String content) {
        return ContentHash.of(content.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void getGivesTheTokenLineThenTheExactBytes() {
        assertDone(dir.call("policy.Get+30-user", ""), token(RULE) + "\n" + RULE);
        assertEquals("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", token(""));
    }

    @Test
    void replaceWritesTheExactContentWithMode0664() throws IOException {
        assertDone(dir.call("policy.Replace+40-new", "new\n# no final newline"), "");
        assertEquals("# no final newline", dir.read("40-new.policy"));
        assertEquals("rw-rw-r--", PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.main.resolve("40-new.policy"))));
        assertDone(dir.call("policy.include.Replace+Inc_1", "any\n"), "");
        assertEquals("", dir.read("include/Inc_1"));
    }

    @Test
    void tokensGuardTheFile() throws IOException {
        assertRefused("PolicyAdminTokenException Token mismatch", "policy.Replace+30-user", token("old") + "\nx\n");
        assertRefused("PolicyAdminTokenException File exists but token is 'new'", "policy.Replace+30-user", "new\n");
        assertRefused("PolicyAdminTokenException File doesn't exist, but token isn't 'new'",
                "policy.Replace+40-x", token(RULE) + "\n");
        assertRefused("PolicyAdminProtocolException Unrecognized token", "policy.Replace+30-user", "ANY\n");
        assertRefused("PolicyAdminProtocolException Unrecognized token", "policy.Replace+30-user", "any\r\n");
        assertRefused("PolicyAdminProtocolException Unrecognized token", "policy.Remove+30-user", "any\n");
        assertRefused("PolicyAdminProtocolException Payload needs to include first line with token",
                "policy.Replace+30-user", "any");
        assertRefused("PolicyAdminFileNotFoundException Not found: " + dir.main.resolve("40-x.policy"),
                "policy.Remove+40-x", "any");
        assertDone(dir.call("policy.Replace+30-user", token(RULE) + "\n# changed\n"), "");
        assertRefused("PolicyAdminTokenException Token mismatch", "policy.Remove+30-user", token(RULE));
        assertDone(dir.call("policy.Remove+30-user", token("# changed\n")), "");
        assertEquals(Map.of(), dir.snapshot());
    }

    @Test
    void namesStayInsideTheirDirectory() throws IOException {
        String invalidArgument = "PolicyAdminProtocolException Invalid argument: \"%s\"\n"
                + "Valid characters are letters, numbers, dot, plus, hyphen and underline";
        assertRefused(invalidArgument.formatted("../x"), "policy.Get+../x", "");
        assertRefused(invalidArgument.formatted("/etc/passwd"), "policy.Get+/etc/passwd", "");
        String invalidName = "PolicyAdminInvalidFileNameException Invalid policy file name: %s\n"
                + "Names must contain only alphanumeric characters, underscore and hyphen.";
        assertRefused(invalidName.formatted(".."), "policy.Get+..", "");
        assertRefused(invalidName.formatted(""), "policy.Replace", "new\n");
        assertRefused(invalidName.formatted("30-user.policy"), "policy.Remove+30-user.policy", "any");
        // upper case would give the main directory a name its loader refuses, blocking every later load
        assertRefused("PolicyAdminInvalidFileNameException Invalid policy file name: Upper\n"
                + "Main policy file names must not contain upper-case letters (the policy does not read such "
                + "files); use a-z, 0-9, underscore and hyphen.", "policy.Replace+Upper", "new\n");
        assertRefused(invalidName.formatted("Upper.x"), "policy.Replace+Upper.x", "new\n");
    }

    @Test
    void symlinksLeadingOutsideAreRefusedAndThoseInsideFollowed() throws IOException {
        Path outside = dir.root.resolve("secret");
        Files.writeString(outside, "# top secret\n");
        Files.createSymbolicLink(dir.main.resolve("50-evil.policy"), outside);
        Files.createSymbolicLink(dir.main.resolve("include/evil"), Path.of("../../secret"));
        Files.createSymbolicLink(dir.main.resolve("60-alias.policy"), Path.of("30-user.policy"));
        String outsideMain = "PolicyAdminInvalidFilePathException Expecting a path inside " + dir.main;
        assertRefused(outsideMain, "policy.Get+50-evil", "");
        assertRefused(outsideMain, "policy.Replace+50-evil", "any\n");
        assertRefused("PolicyAdminInvalidFilePathException Expecting a path inside " + dir.main.resolve("include"),
                "policy.include.Remove+evil", "any");
        assertDone(dir.call("policy.Get+60-alias", ""), token(RULE) + "\n" + RULE);
        assertDone(dir.call("policy.List", ""), "30-user\n60-alias\n");
        assertDone(dir.call("policy.Replace+60-alias", "any\n# via the alias\n"), "");
        assertEquals("# via the alias\n", dir.read("30-user.policy"));
        assertTrue(Files.isSymbolicLink(dir.main.resolve("60-alias.policy")));
        assertEquals("# top secret\n", Files.readString(outside));
    }

    @Test
    void listShowsOnlyNamesTheServicesAccept() throws IOException {
        dir.write("10-a.policy", "").write(".hidden.policy", "").write("Upper.policy", "").write("a.b.policy", "")
                .write("README", "").write(AtomicWriter.TEMP_PREFIX + "30-user.policy.0123", "")
                .write("include/Inc-1", "").write("include/.x", "").write("include/!tmp", "");
        Files.createDirectories(dir.main.resolve("dir.policy"));
        Files.createSymbolicLink(dir.main.resolve("dangling.policy"), Path.of("nowhere"));
        assertDone(dir.call("policy.List", ""), "10-a\n30-user\n");
        assertDone(dir.call("policy.include.List", ""), "Inc-1\n");
        assertRefused("PolicyAdminProtocolException Unexpected argument", "policy.List+x", "");
        assertRefused("PolicyAdminProtocolException Unexpected payload", "policy.include.List", "x");
    }

    @Test
    void aChangeThatBreaksThePolicyIsRefusedWithItsLocation() throws IOException {
        assertRefused("PolicyAdminSyntaxException Policy change validation failed: " + dir.main.resolve(
                "40-bad.policy") + ":2:24: invalid action: alow", "policy.Replace+40-bad", "new\n" + RULE
                + "qubes.Gpg * work vault alow\n");
        assertRefused("PolicyAdminSyntaxException Policy change validation failed: " + dir.main.resolve(
                "40-inc.policy") + ":1:1: not a file: " + dir.main.resolve("include/missing"),
                "policy.Replace+40-inc", "new\n!include include/missing\n");
    }

    @Test
    void removingOrBreakingAnIncludedFileIsRefused() throws IOException {
        dir.write("include/rules", RULE).write("20-inc.policy", "!include include/rules\n");
        assertRefused("PolicyAdminSyntaxException Policy change validation failed: " + dir.main.resolve(
                "20-inc.policy") + ":1:1: including a file that will be removed: " + dir.main.resolve("include/rules"),
                "policy.include.Remove+rules", "any");
        assertRefused("PolicyAdminSyntaxException Policy change validation failed: " + dir.main.resolve(
                "include/rules") + ":1:1: wrong number of fields", "policy.include.Replace+rules", "any\nqubes.Gpg\n");
        // an include file nobody includes is not checked, as in the reference (but it must be UTF-8)
        assertDone(dir.call("policy.include.Replace+loose", "new\nanything at all\n"), "");
        assertDone(dir.call("policy.Remove+20-inc", "any"), "");
        assertDone(dir.call("policy.include.Remove+rules", "any"), "");
    }

    @Test
    void emptyingAFileThatIsStillIncludedIsRefused() throws IOException {
        dir.write("include/rules", RULE).write("20-inc.policy", "# the rules\n!include include/rules\n");
        String refusal = "PolicyAdminSyntaxException Policy change validation failed: " + dir.main.resolve(
                "20-inc.policy") + ":2:1: " + dir.main.resolve("include/rules") + " is still included: emptying it "
                + "would silently drop its rules; write a comment into it to empty it on purpose, or remove the "
                + "include first";
        assertRefused(refusal, "policy.include.Replace+rules", "any\n");
        assertRefused(refusal, "policy.include.Replace+rules", "any\n \n\t\n");
        // on purpose: a comment says so
        assertDone(dir.call("policy.include.Replace+rules", "any\n# nothing for now\n"), "");
        // a file nobody includes may be emptied
        dir.write("include/loose", RULE);
        assertDone(dir.call("policy.include.Replace+loose", "any\n"), "");
        // and a main file is not included: emptying it is fine
        assertDone(dir.call("policy.Replace+30-user", "any\n"), "");
    }

    @Test
    void anIncludeCycleIsRefusedNotACrash() throws IOException {
        dir.write("include/a", "!include include/b\n").write("include/b", RULE).write("20-a.policy", "!include include/a\n");
        assertRefused("PolicyAdminSyntaxException Policy change validation failed: " + dir.main.resolve("include/b")
                + ":1:1: circular include: " + dir.main.resolve("include/a"), "policy.include.Replace+b",
                "any\n!include include/a\n");
    }

    @Test
    void anErrorElsewhereIsReportedFirstAsTheReferenceDoes() throws IOException {
        dir.write("70-broken.policy", "qubes.Gpg * work vault alow\n");
        assertRefused("PolicyAdminSyntaxException Policy change validation failed: " + dir.main.resolve(
                "70-broken.policy") + ":1:24: invalid action: alow", "policy.Replace+30-user", "any\nbad line\n");
        assertDone(dir.call("policy.Replace+70-broken", "any\n" + RULE), "");
    }

    @Test
    void contentOutsideThePolicyDirectoriesIsNotQuoted() throws IOException {
        Path outside = dir.root.resolve("shadow");
        Files.writeString(outside, "root:secret-hash:0:0\n");
        assertRefused("PolicyAdminSyntaxException Policy change validation failed: " + outside
                + ":1:1: invalid policy line in a file outside the policy directories (details withheld)",
                "policy.Replace+40-x", "new\n!include " + outside + "\n");
    }

    @Test
    void payloadsMustBeUtf8AndOfSaneSize() throws IOException {
        Map<String, String> before = dir.snapshot();
        Reply reply = dir.call("policy.include.Replace+x", new byte[] {'n', 'e', 'w', '\n', 'a', '\n', (byte) 0xff});
        assertEquals("PolicyAdminProtocolException Content is not valid UTF-8: invalid byte at line 2 (byte offset 2)",
                err(reply));
        assertEquals(1, reply.exitCode());
        AdminRequest huge = new AdminRequest("policy.Replace", "40-x", "new\n".getBytes(StandardCharsets.UTF_8), true,
                "mgmt");
        assertEquals("PolicyAdminProtocolException Payload too large: the limit is 4194304 bytes",
                err(dir.admin().handle(huge)));
        assertEquals(before, dir.snapshot());
    }

    @Test
    void unknownServicesAndStrayInputAreRefused() throws IOException {
        assertRefused("PolicyAdminProtocolException unrecognized method: policy.get", "policy.get+30-user", "");
        assertRefused("PolicyAdminProtocolException unrecognized method: policy.include.GetFiles",
                "policy.include.GetFiles+x", "");
        assertRefused("PolicyAdminProtocolException Unexpected payload", "policy.Get+30-user", "\n");
        assertRefused("PolicyAdminFileNotFoundException Not found: " + dir.main.resolve("include.policy"),
                "policy.Get+include", "");
        Files.createDirectories(dir.main.resolve("include/sub"));
        assertRefused("PolicyAdminFileNotFoundException Not found: " + dir.main.resolve("include/sub"),
                "policy.include.Get+sub", "");
        assertRefused("PolicyAdminFileNotFoundException Not a regular file: " + dir.main.resolve("include/sub"),
                "policy.include.Replace+sub", "any\n");
        assertRefused("PolicyAdminFileNotFoundException Not a regular file: " + dir.main.resolve("include/sub"),
                "policy.include.Replace+sub", token("") + "\n");
    }

    @Test
    void getFilesNamesTheFilesWithRulesForAService() throws IOException {
        dir.write("10-any.policy", "* * @anyvm @anyvm deny\n").write("include/gpg", RULE)
                .write("20-inc.policy", "!include include/gpg\nqubes.Other * work vault allow\n");
        assertDone(dir.call("policy.GetFiles+qubes.Gpg", ""), "10-any\ngpg\n30-user\n");
        assertDone(dir.call("policy.GetFiles+qubes.Other", ""), "10-any\n20-inc\n");
        assertRefused("PolicyAdminProtocolException Service cannot be empty.", "policy.GetFiles", "");
        assertRefused("PolicyAdminProtocolException Service 'a+b' contains invalid characters: ('+',)",
                "policy.GetFiles+a+b", "");
        dir.write("70-broken.policy", "qubes.Gpg * work\n");
        assertRefused("PolicyAdminSyntaxException Policy does not load: " + dir.main.resolve("70-broken.policy")
                + ":1:1: wrong number of fields", "policy.GetFiles+qubes.Gpg", "");
    }

    @Test
    void aRuntimeDirectoryIsValidatedAsTheDaemonReadsIt() throws IOException {
        Path runtime = Files.createDirectories(scratch.resolve("run"));
        dir = new PolicyDirectory(scratch, Optional.of(runtime)).write("30-user.policy", RULE);
        Files.writeString(runtime.resolve("20-run.policy"), "!include include/rules\n");
        Files.createDirectories(runtime.resolve("include"));
        Files.writeString(runtime.resolve("include/rules"), RULE);
        assertDone(dir.call("policy.Replace+20-run", "new\n# shadowed by the runtime file\n"), "");
        // a runtime file shadows a main file of the same name; the main file must still load on its own
        assertRefused("PolicyAdminSyntaxException Policy change validation failed: " + dir.main.resolve(
                "20-run.policy") + ":1:1: wrong number of fields", "policy.Replace+20-run", "any\nbroken\n");
        Files.writeString(runtime.resolve("25-run.policy"), "!include " + dir.main.resolve("include/used") + "\n");
        dir.write("include/used", RULE);
        assertRefused("PolicyAdminSyntaxException Policy change validation failed: " + runtime.resolve(
                "25-run.policy") + ":1:1: including a file that will be removed: " + dir.main.resolve("include/used"),
                "policy.include.Remove+used", "any");
    }

    @Test
    void everyCallIsLogged() throws IOException {
        dir.call("policy.List", "");
        dir.call("policy.Get+nothing", "");
        assertEquals("2025-01-02 03:04:05,678 policy.List+ (mgmt)\n"
                + "2025-01-02 03:04:05,678 policy.Get+nothing (mgmt): error: Not found: "
                + dir.main.resolve("nothing.policy") + "\n", Files.readString(dir.log));
    }

    @Test
    void aMissingPolicyDirectoryIsAnInternalError() throws IOException {
        PolicyDirectory missing = new PolicyDirectory(Files.createDirectories(scratch.resolve("a")));
        Files.delete(missing.main.resolve("include"));
        Files.delete(missing.main);
        Reply reply = missing.call("policy.List", "");
        assertEquals(2, reply.exitCode());
        assertEquals("Internal error. See '" + missing.log + "' in dom0 for details.", err(reply));
        assertTrue(Files.readString(missing.log).contains("policy.List+ (mgmt): exception\n"));
    }

    @Test
    void aSuccessfulEditLeavesNothingButThePolicy() throws IOException {
        dir.write("40-gone.policy", RULE).write("include/extra", RULE);
        assertDone(dir.call("policy.Replace+30-user", "any\n# replaced\n"), "");
        assertDone(dir.call("policy.include.Replace+extra", token(RULE) + "\n# replaced too\n"), "");
        assertDone(dir.call("policy.Remove+40-gone", "any"), "");
        assertEquals(Map.of("30-user.policy", "# replaced\n", "include/extra", "# replaced too\n"), dir.snapshot());
    }

    @Test
    void namesOfTheLongestLegalLengthCanBeWrittenReadAndRemoved() throws IOException {
        String main = "m".repeat(255 - ".policy".length());
        String include = "I".repeat(255);
        assertDone(dir.call("policy.Replace+" + main, "new\n" + RULE), "");
        assertDone(dir.call("policy.Get+" + main, ""), token(RULE) + "\n" + RULE);
        assertDone(dir.call("policy.Replace+" + main, token(RULE) + "\n# changed\n"), "");
        assertDone(dir.call("policy.include.Replace+" + include, "new\n" + RULE), "");
        assertDone(dir.call("policy.include.Replace+" + include, "any\n# changed\n"), "");
        assertEquals("# changed\n", dir.read("include/" + include));
        assertDone(dir.call("policy.Remove+" + main, "any"), "");
        assertDone(dir.call("policy.include.Remove+" + include, "any"), "");
        assertEquals(Map.of("30-user.policy", RULE), dir.snapshot());
        // one byte more is refused as a name, not an internal error
        String longMain = main + "m";
        assertRefused("PolicyAdminInvalidFileNameException Invalid policy file name: " + longMain
                + "\nFile names are at most 255 bytes long (7 of them for the suffix \".policy\").",
                "policy.Replace+" + longMain, "new\n" + RULE);
        String longInclude = include + "I";
        assertRefused("PolicyAdminInvalidFileNameException Invalid policy file name: " + longInclude
                + "\nFile names are at most 255 bytes long (0 of them for the suffix \"\").",
                "policy.include.Replace+" + longInclude, "new\n" + RULE);
        assertRefused("PolicyAdminInvalidFileNameException Invalid policy file name: " + longInclude
                + "\nFile names are at most 255 bytes long (0 of them for the suffix \"\").",
                "policy.include.Get+" + longInclude, "");
    }

    @Test
    @Timeout(60)
    void anIncludeDiamondIsRefusedAndTheLockIsFreeAfterwards() throws IOException {
        assertDone(dir.call("policy.include.Replace+d40", "new\n" + RULE), "");
        for (int i = 39; i >= 0; i--) {
            assertDone(dir.call("policy.include.Replace+d" + i,
                    "new\n!include include/d" + (i + 1) + "\n!include include/d" + (i + 1) + "\n"), "");
        }
        long start = System.nanoTime();
        assertRefused("PolicyAdminSyntaxException Policy change validation failed: " + dir.main.resolve("include/d38")
                + ":1:1: too many included files: more than 10000 in one load",
                "policy.Replace+40-diamond", "new\n!include include/d0\n");
        System.out.printf("policy.Replace of a 2^40 include diamond refused in %.1f ms%n", (System.nanoTime() - start) / 1e6);
        assertDone(dir.call("policy.List", ""), "30-user\n");
    }
}
