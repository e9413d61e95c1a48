package dev.qrexec.cli.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.cli.ProgramRun;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qrexec-policy query}: rules in evaluation order, with and without the system information. */
class QueryCommandTest {
    @TempDir
    Path temporary;

    Scratch s;

    @BeforeEach
    void tree() throws IOException {
        s = Scratch.in(temporary);
        s.write("policy.d/30-a.policy", """
                qubes.VMShell   *  work      @dispvm   allow
                qubes.VMShell   *  @tag:gpg  vault     ask
                qubes.Gpg       *  @anyvm    @default  allow target=vault
                qubes.VMShell   *  @anyvm    @anyvm    deny
                """);
    }

    private ProgramRun query(String... more) {
        String[] base = {"query", "--policy-dir", s.path("policy.d"), "--legacy-dir", s.path("legacy")};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return ProgramRun.qrexecPolicy(all);
    }

    @Test
    void whoMayCallAServiceWithoutSystemInformation() {
        String f = s.path("policy.d/30-a.policy");
        ProgramRun run = query("--service", "qubes.VMShell", "--action", "allow");
        assertEquals(f + ":1:1: qubes.VMShell * work @dispvm allow\n", run.out());
        assertEquals(0, run.status());
        assertEquals(f + ":2:1: qubes.VMShell * @tag:gpg vault ask\n" + f + ":3:1: qubes.Gpg * @anyvm @default allow "
                + "target=vault\n" + f + ":4:1: qubes.VMShell * @anyvm @anyvm deny\n", query("--target", "vault").out());
    }

    @Test
    void withSystemInformationTokensAreMatchedAndExpanded() {
        String f = s.path("policy.d/30-a.policy");
        ProgramRun run = query("--source", "work", "--service", "qubes.VMShell", "--system-info", s.path("si.json"));
        assertEquals(f + ":1:1: qubes.VMShell * work @dispvm allow\n"
                + "    source work: work\n"
                + "    target @dispvm: no qube (the keyword itself)\n"
                + f + ":2:1: qubes.VMShell * @tag:gpg vault ask\n"
                + "    source @tag:gpg: work\n"
                + "    target vault: vault\n"
                + f + ":4:1: qubes.VMShell * @anyvm @anyvm deny\n"
                + "    source @anyvm: work, vault, dvm\n"
                + "    target @anyvm: work, vault, dvm, @dispvm:dvm\n", run.out());
        assertEquals(1, query("--source", "vault", "--action", "ask", "--system-info", s.path("si.json")).status());
    }
}
