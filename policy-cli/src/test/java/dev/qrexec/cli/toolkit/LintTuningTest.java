package dev.qrexec.cli.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.cli.ProgramRun;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The linter's tuning: a stock tree is clean, --ignore and --select, suppression comments, unknown codes. */
class LintTuningTest {
    @TempDir
    Path temporary;

    private static Path testdata() {
        Path dir = Path.of("").toAbsolutePath();
        while (!Files.isDirectory(dir.resolve("testdata/stock"))) {
            dir = dir.getParent();
        }
        return dir.resolve("testdata");
    }

    @Test
    void theStockTreeGivesNoWarnings() {
        Path stock = testdata().resolve("stock");
        ProgramRun run = ProgramRun.qrexecPolicy("lint", "--tree", "--strict", "--legacy-dir",
                stock.resolve("legacy").toString(), "--system-info", stock.resolve("system-info.json").toString(),
                stock.resolve("policy.d").toString());
        assertEquals("", run.out());
        assertEquals(0, run.status());
    }

    @Test
    void warningsAreReferenceLikeLinesThatCanBeTuned() throws IOException {
        Scratch s = Scratch.in(temporary);
        s.write("a.policy", """
                * * @anyvm @anyvm deny
                qubes.Gpg * work vault allow
                # qrexec-lint: ignore=shadowed-rule
                qubes.Gpg * work personal allow
                qubes.VMShell * work vault allow
                """);
        String file = s.path("a.policy");
        String shadow2 = file + ":2: warning: rule never matches: the rule at " + file
                + ":1 (* * @anyvm @anyvm deny) always matches first [shadowed-rule]\n";
        String shadow5 = file + ":5: warning: rule never matches: the rule at " + file
                + ":1 (* * @anyvm @anyvm deny) always matches first [shadowed-rule]\n";
        String shell = file + ":5: warning: qubes.VMShell allowed to vault, which is not a disposable: the caller can "
                + "run any command there (allow it to @dispvm, or use ask) [shell-not-to-dispvm]\n";
        assertEquals(shadow2 + shadow5 + shell, ProgramRun.qrexecPolicy("lint", "-W", file).out());
        assertEquals(shell, ProgramRun.qrexecPolicy("lint", "-W", "--ignore", "shadowed-rule", file).out());
        assertEquals(shadow2 + shadow5, ProgramRun.qrexecPolicy("lint", "-W", "--select", "shadowed-rule", file).out());
        assertEquals("", ProgramRun.qrexecPolicy("lint", file).out());
        ProgramRun unknown = ProgramRun.qrexecPolicy("lint", "-W", "--ignore", "no-such-check", file);
        assertEquals(2, unknown.status());
    }
}
