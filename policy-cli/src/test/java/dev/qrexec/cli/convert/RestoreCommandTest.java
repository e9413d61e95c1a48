package dev.qrexec.cli.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.qrexec.admin.restore.RestoreOrder;
import dev.qrexec.cli.ProgramRun;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.text.PolicyFileParser;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qrexec-policy-restore} on real directories. */
class RestoreCommandTest {
    @TempDir
    Path dir;
    Path backup;
    Path live;

    @BeforeEach
    void setUp() throws Exception {
        backup = Files.createDirectories(dir.resolve("backup/include"));
        backup = backup.getParent();
        live = Files.createDirectories(dir.resolve("policy.d"));
    }

    private ProgramRun restore() {
        return ProgramRun.run("qrexec-policy-restore", "--dest", live.toString(),
                "--legacy-dir", dir.resolve("legacy").toString(), backup.toString());
    }

    private Map<String, String> liveFiles() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(live)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(live.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }

    @Test
    void copiesPolicyAndIncludeFilesWithoutOverwriting() throws Exception {
        Files.writeString(backup.resolve("30-user.policy"), "!include include/extra\n");
        Files.writeString(backup.resolve("40-other.policy"), "qubes.Gpg * work vault ask\n");
        Files.writeString(backup.resolve("README"), "not a policy file\n");
        Files.writeString(backup.resolve("include/extra"), "qubes.Filecopy * work vault allow\n");
        Files.writeString(live.resolve("40-other.policy"), "# live\n");
        ProgramRun run = restore();
        assertEquals(new ProgramRun(0, "restored 2 files to " + live + "\n",
                "not overwriting " + live.resolve("40-other.policy") + "\n"), run);
        assertEquals(Map.of("30-user.policy", "!include include/extra\n", "40-other.policy", "# live\n",
                "include/extra", "qubes.Filecopy * work vault allow\n"), liveFiles());
    }

    @Test
    void aResultThatWouldNotLoadRestoresNothing() throws Exception {
        Files.writeString(backup.resolve("30-user.policy"), "qubes.Gpg * work\n");
        Files.writeString(backup.resolve("include/x"), "qubes.Gpg * work vault allow\n");
        ProgramRun run = restore();
        assertEquals(new ProgramRun(1, "", live.resolve("30-user.policy") + ":1:1: error: wrong number of fields\n"
                + "qrexec-policy-restore: error: the restored policy would not load; nothing was restored\n"), run);
        assertEquals(Map.of(), liveFiles());
    }

    @Test
    void includeCycleRestoresNothing() throws Exception {
        Files.writeString(backup.resolve("include/a"), "!include include/b\n");
        Files.writeString(backup.resolve("include/b"), "!include " + live.resolve("include/a") + "\n");
        ProgramRun run = restore();
        assertEquals(new ProgramRun(1, "", "qrexec-policy-restore: error: include cycle: include/a -> include/b -> "
                + "include/a; nothing was restored\n"), run);
        assertEquals(Map.of(), liveFiles());
    }

    @Test
    void includeOutsideThePolicyDirectoryRestoresNothing() throws Exception {
        Files.writeString(backup.resolve("30-user.policy"), "\n!include ../elsewhere\n");
        ProgramRun run = restore();
        assertEquals(new ProgramRun(1, "", "qrexec-policy-restore: error: " + backup.resolve("30-user.policy")
                + ":2: includes ../elsewhere, which is neither a top-level file nor in include/; "
                + "nothing was restored\n"), run);
    }

    @Test
    void includeThatIsAFileCannotBeCreated() throws Exception {
        Files.writeString(live.resolve("include"), "");
        assertEquals(new ProgramRun(1, "", "cannot create directory " + live.resolve("include") + " [File exists]\n"),
                restore());
    }

    @Test
    void includeThatIsASymlinkAborts() throws Exception {
        Files.createSymbolicLink(live.resolve("include"), Files.createDirectories(dir.resolve("elsewhere")));
        assertEquals(new ProgramRun(1, "", live.resolve("include") + " is not a directory, aborting\n"), restore());
    }

    @Test
    void filesComeAfterWhatTheyInclude() throws Exception {
        RestoreOrder order = new RestoreOrder(Map.of(
                "10-a.policy", PolicyFileParser.parse("10-a.policy", "!include include/z\n", Syntax.CURRENT),
                "include/z", PolicyFileParser.parse("include/z", "!include include/y\n", Syntax.CURRENT),
                "include/y", PolicyFileParser.parse("include/y", "", Syntax.CURRENT),
                "20-b.policy", PolicyFileParser.parse("20-b.policy", "!include-dir include\n", Syntax.CURRENT)),
                live);
        assertEquals(List.of("include/y", "include/z", "10-a.policy", "20-b.policy"), order.order());
    }

    @Test
    void withoutDestItRefusesAMachineWithoutThePolicyDirectory() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(Files.exists(Path.of("/etc/qubes/policy.d")), "a Qubes dom0");
        Files.writeString(backup.resolve("30-user.policy"), "qubes.Gpg * work vault ask\n");
        assertEquals(new ProgramRun(1, "", "qrexec-policy-restore: error: /etc/qubes/policy.d does not exist: "
                + "this is not dom0, or the policy lives elsewhere; give the live policy directory with --dest\n"),
                ProgramRun.run("qrexec-policy-restore", backup.toString()));
        assertFalse(Files.exists(Path.of("/etc/qubes/policy.d")));
    }
}
