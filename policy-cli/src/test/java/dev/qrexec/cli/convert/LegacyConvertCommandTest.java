package dev.qrexec.cli.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.admin.convert.LegacyConversion;
import dev.qrexec.cli.ProgramRun;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qrexec-legacy-convert} on real directories: its messages, files, exit codes and reverts. */
class LegacyConvertCommandTest {
    private static final String SYSTEM_INFO = """
            {"domains": {
             "dom0": {"tags": [], "type": "AdminVM", "template_for_dispvms": false, "default_dispvm": null,
                      "label": "black", "power_state": "Running", "uuid": "00000000-0000-0000-0000-000000000000"},
             "work": {"tags": [], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": null,
                      "label": "blue", "power_state": "Running", "uuid": "c9024a97-9b15-46cc-8341-38d75d5d421b"},
             "vault": {"tags": [], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": null,
                       "label": "black", "power_state": "Running", "uuid": "b3eb69d0-f9d9-4c3c-ad5c-454500303ea4"},
             "personal": {"tags": [], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": null,
                          "label": "yellow", "power_state": "Running", "uuid": "2b5466c6-5cad-4e7a-a704-627c57368a51"}
            }}""";

    @TempDir
    Path dir;
    Path policy;
    Path legacy;
    Path systemInfo;

    @BeforeEach
    void setUp() throws Exception {
        policy = Files.createDirectories(dir.resolve("policy.d"));
        legacy = Files.createDirectories(dir.resolve("policy"));
        systemInfo = Files.writeString(dir.resolve("si.json"), SYSTEM_INFO);
        Files.writeString(policy.resolve("35-compat.policy"), "!compat-4.0\n");
        Files.writeString(policy.resolve("90-default.policy"), "qubes.Filecopy * @anyvm @anyvm ask\n");
    }

    private ProgramRun convert(String stdin) {
        return ProgramRun.run("qrexec-legacy-convert", stdin, Map.of(), List.of("--policy-dir", policy.toString(),
                "--legacy-dir", legacy.toString(), "--system-info", systemInfo.toString()));
    }

    /** Every file under the scratch directory and its content. */
    private Map<String, String> tree() throws Exception {
        Map<String, String> files = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path file : walk.filter(Files::isRegularFile).toList()) {
                files.put(dir.relativize(file).toString(), Files.readString(file));
            }
        }
        return files;
    }

    @Test
    void movesFilecopyRulesToTheToolFileAndRenamesTheLegacyFile() throws Exception {
        Files.writeString(legacy.resolve("qubes.Filecopy"), "dom0 @anyvm ask\nwork @anyvm ask\npersonal @anyvm deny\n");
        Files.writeString(legacy.resolve("qubes.Filecopy.rpmnew"), "work @anyvm allow\n");
        ProgramRun run = convert("");
        assertEquals(new ProgramRun(0, """
                Initiating policy conversion process...
                Converting old policy files into new format files....
                Writing %s...
                Successfully converted old policy to new format.
                """.formatted(policy.resolve("50-config-filecopy.policy")), ""), run);
        assertEquals("""

                # THIS IS AN AUTOMATICALLY GENERATED POLICY FILE.
                # Any changes made manually may be overwritten by Qubes Configuration Tools.
                qubes.Filecopy\t*\tdom0\t@anyvm\task
                qubes.Filecopy\t*\twork\t@anyvm\task
                qubes.Filecopy\t*\tpersonal\t@anyvm\tdeny
                """, Files.readString(policy.resolve("50-config-filecopy.policy")));
        assertEquals("dom0 @anyvm ask\nwork @anyvm ask\npersonal @anyvm deny\n",
                Files.readString(legacy.resolve("qubes.Filecopy.rpmsave")));
        assertTrue(Files.exists(legacy.resolve("qubes.Filecopy.rpmnew")), "leftovers the walk ignores are kept");
        assertTrue(Files.notExists(legacy.resolve("qubes.Filecopy")));
    }

    @Test
    void rulesNoToolCanShowGoToTheUserFileBeforeItsOldContent() throws Exception {
        Files.writeString(policy.resolve("30-user.policy"), "qubes.Gpg * personal vault ask\n");
        Files.writeString(legacy.resolve("qubes.Gpg"), "work vault allow,autostart=no\n$anyvm $anyvm deny\n");
        Files.writeString(legacy.resolve("qubes.ClipboardPaste"), "work vault ask,notify=yes\n");
        ProgramRun run = convert("");
        assertEquals(0, run.status(), run.toString());
        assertEquals(LegacyConversion.USER_DISCLAIMER + """

                qubes.ClipboardPaste\t*\twork\tvault\task notify=yes
                qubes.Gpg\t*\twork\tvault\tallow autostart=no
                qubes.Gpg * personal vault ask
                """, Files.readString(policy.resolve("30-user.policy")));
        assertEquals("qubes.Gpg * personal vault ask\n", Files.readString(policy.resolve("30-user.policy.bak")));
        assertTrue(run.out().contains("The previous " + policy.resolve("30-user.policy") + " is kept as "
                + policy.resolve("30-user.policy.bak") + ".\n"), run.out());
        try (var names = Files.list(policy)) {
            assertEquals(List.of("30-user.policy", "30-user.policy.bak", "35-compat.policy", "90-default.policy"),
                    names.map(p -> p.getFileName().toString()).sorted().toList(), "no other copies are left");
        }
        assertTrue(Files.exists(legacy.resolve("qubes.Gpg.rpmsave")));
        assertTrue(Files.exists(legacy.resolve("qubes.ClipboardPaste.rpmsave")));
    }

    @Test
    void laterInputRulesThatCanNeverMatchAreLeftOutAndSaidSo() throws Exception {
        Files.writeString(legacy.resolve("qubes.InputMouse"), "work dom0 ask\nwork @adminvm deny\npersonal dom0 deny\n");
        Files.writeString(legacy.resolve("qubes.InputMouse+x"), "work dom0 allow\n");
        ProgramRun run = convert("");
        assertEquals(new ProgramRun(0, """
                Initiating policy conversion process...
                Converting old policy files into new format files....
                Leaving out %s:2 (qubes.InputMouse\t*\twork\t@adminvm\tdeny): an earlier rule for the same qube \
                always decides first
                Writing %s...
                Successfully converted old policy to new format.
                """.formatted(legacy.resolve("qubes.InputMouse"), policy.resolve("50-config-input.policy")), ""), run);
        assertEquals(LegacyConversion.TOOL_DISCLAIMER + """

                qubes.InputMouse\t+x\twork\tdom0\tallow
                qubes.InputMouse\t*\twork\tdom0\task
                qubes.InputMouse\t*\tpersonal\tdom0\tdeny
                """, Files.readString(policy.resolve("50-config-input.policy")));
    }

    @Test
    void differencesAreShownAndTheInitialStateRestoredOnYes() throws Exception {
        Files.writeString(policy.resolve("32-deny.policy"), "qubes.Gpg * work vault deny\n");
        Files.writeString(policy.resolve("30-user.policy"), "# mine\n");
        Files.writeString(legacy.resolve("qubes.Gpg"), "work vault allow\n");
        Map<String, String> before = tree();
        ProgramRun run = convert("y\n");
        assertEquals(new ProgramRun(1, """
                Initiating policy conversion process...
                Converting old policy files into new format files....
                Writing %s...
                ERROR: Found the following differences between previous and converted policy states:
                OLD STATE
                NEW STATE
                  "work" -> "vault" [label="qubes.Gpg allow" color=red];
                Do you want to restore initial state? [Y/n] Conversion reverted.
                """.formatted(policy.resolve("30-user.policy")), ""), run);
        assertEquals(before, tree());
    }

    @Test
    void endOfInputAtThePromptRestoresToo() throws Exception {
        Files.writeString(policy.resolve("32-deny.policy"), "qubes.Gpg * work vault deny\n");
        Files.writeString(legacy.resolve("qubes.Gpg"), "work vault allow\n");
        Map<String, String> before = tree();
        ProgramRun run = convert("");
        assertEquals(1, run.status());
        assertTrue(run.out().endsWith("[Y/n] Conversion reverted.\n"), run.out());
        assertEquals(before, tree(), "the created 30-user.policy is removed, the legacy file renamed back");
    }

    @Test
    void answeringNoKeepsTheConversionButDoesNotClaimSuccess() throws Exception {
        Files.writeString(policy.resolve("32-deny.policy"), "qubes.Gpg * work vault deny\n");
        Files.writeString(legacy.resolve("qubes.Gpg"), "work vault allow\n");
        ProgramRun run = convert("n\n");
        assertEquals(1, run.status());
        assertTrue(run.out().endsWith("[Y/n] Kept the converted policy although it decides differently (see above).\n"),
                run.out());
        assertTrue(Files.exists(legacy.resolve("qubes.Gpg.rpmsave")));
    }

    @Test
    void aPolicyThatDoesNotLoadIsRefusedUnchanged() throws Exception {
        Files.writeString(legacy.resolve("qubes.Gpg"), "work vault\n");
        Map<String, String> before = tree();
        ProgramRun run = convert("");
        assertEquals(new ProgramRun(1, """
                Initiating policy conversion process...
                """, "qrexec-legacy-convert: error: the policy does not load: " + legacy.resolve("qubes.Gpg")
                + ":1:1: error: wrong number of fields\n"), run);
        assertEquals(before, tree());
    }

    @Test
    void nothingToConvertSucceedsWithoutWriting() throws Exception {
        Map<String, String> before = tree();
        assertEquals(new ProgramRun(0, """
                Initiating policy conversion process...
                Converting old policy files into new format files....
                Successfully converted old policy to new format.
                """, ""), convert(""));
        assertEquals(before, tree());
    }
}
