package dev.qrexec.cli.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.cli.ProgramRun;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qrexec-policy test}, run in-process: failures with file and line, summary, JUnit XML, coverage. */
class TestCommandTest {
    @TempDir
    Path temporary;

    Scratch s;

    @BeforeEach
    void tree() throws IOException {
        s = Scratch.in(temporary);
        s.write("policy.d/30-gpg.policy", """
                qubes.Gpg       *  @tag:gpg  vault  ask default_target=vault
                qubes.Gpg       *  @anyvm    @anyvm deny
                qubes.Filecopy  *  @anyvm    @anyvm ask
                """);
    }

    private ProgramRun test(String... more) {
        String[] base = {"test", "--legacy-dir", s.path("legacy")};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return ProgramRun.qrexecPolicy(all);
    }

    @Test
    void failuresNameTheTestLineTheRequestAndTheRule() throws IOException {
        s.write("t.yaml", """
                system_info: si.json
                policy_dir: [policy.d]
                tests:
                  - source: work
                    target: vault
                    service: qubes.Gpg
                    expect: allow
                  - {source: work, target: vault, service: qubes.Gpg, expect: ask, targets_for_ask: [vault]}
                  - matrix:
                      sources: ["@anyvm"]
                      targets: [work]
                      services: [qubes.Gpg, qubes.Filecopy+x]
                    otherwise: deny
                    cases:
                      - {source: vault, target: work, service: qubes.Filecopy+x, expect: ask}
                """);
        ProgramRun run = test(s.path("t.yaml"));
        String rule = s.path("policy.d/30-gpg.policy");
        assertEquals(s.path("t.yaml") + ":4: work -> vault qubes.Gpg+: expected allow, got ask vault (default vault) "
                + "[rule " + rule + ":1]\n"
                + s.path("t.yaml") + ":9: work -> work qubes.Filecopy+x: expected deny, got ask @dispvm:dvm, dvm, vault "
                + "[rule " + rule + ":3]\n"
                + s.path("t.yaml") + ":9: dvm -> work qubes.Filecopy+x: expected deny, got ask @dispvm:dvm, vault, work "
                + "[rule " + rule + ":3]\n"
                + "8 requests from 3 tests in 1 file: 5 passed, 3 failed\n", run.out());
        assertEquals(1, run.status());
    }

    @Test
    void passingTestsWithCoverageAndJunit() throws IOException {
        s.write("t.json", """
                {"system_info": "si.json", "policy_dir": ["policy.d"], "tests": [
                  {"source": "work", "target": "vault", "service": "qubes.Gpg", "expect": "ask",
                   "default_target": "vault", "rule": "30-gpg.policy:1"},
                  {"source": "vault", "target": "work", "service": "qubes.Gpg", "expect": "deny"}
                ]}
                """);
        ProgramRun run = test("--coverage", "--junit", s.path("j.xml"), s.path("t.json"));
        assertEquals(s.path("policy.d/30-gpg.policy") + ":3: not covered: qubes.Filecopy * @anyvm @anyvm ask\n"
                + "coverage: 2 of 3 rules decided a test (66.7%)\n"
                + "2 requests from 2 tests in 1 file: 2 passed, 0 failed\n", run.out());
        assertEquals(0, run.status());
        assertTrue(s.read("j.xml").contains("tests=\"2\" failures=\"0\""), s.read("j.xml"));
        assertEquals(1, test("--min-coverage", "70", s.path("t.json")).status());
        assertEquals(0, test("--min-coverage", "60", s.path("t.json")).status());
    }

    @Test
    void aBadTestFileIsAUsageErrorWithItsLine() throws IOException {
        s.write("t.yaml", """
                system_info: si.json
                policy_dir: [policy.d]
                tests:
                  - source: work
                    target: vault
                    service: qubes.Gpg
                    expect: maybe
                """);
        ProgramRun run = test(s.path("t.yaml"));
        assertEquals(2, run.status());
        assertEquals(s.path("t.yaml") + ":7: error: expect must be allow, deny or ask, not maybe\n", run.err());
    }

    @Test
    void aPolicyThatDoesNotLoadExitsThree() throws IOException {
        s.write("policy.d/40-bad.policy", "qubes.Gpg * work\n");
        s.write("t.yaml", "system_info: si.json\npolicy_dir: [policy.d]\ntests: []\n");
        assertEquals(3, test(s.path("t.yaml")).status());
    }
}
