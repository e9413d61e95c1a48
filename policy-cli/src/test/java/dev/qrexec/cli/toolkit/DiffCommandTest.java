package dev.qrexec.cli.toolkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qrexec.cli.ProgramRun;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qrexec-policy diff}, run in-process: exact output, JSON, exit codes. */
class DiffCommandTest {
    @TempDir
    Path temporary;

    Scratch s;

    @BeforeEach
    void trees() throws IOException {
        s = Scratch.in(temporary);
        s.write("old/30-gpg.policy", """
                qubes.Gpg  *  @tag:gpg  vault  ask default_target=vault
                qubes.Gpg  *  @anyvm    @anyvm deny
                """);
        s.write("new/30-gpg.policy", """
                qubes.Gpg  *  work      vault  allow
                qubes.Gpg  *  @anyvm    @anyvm deny
                """);
    }

    private ProgramRun diff(String... more) {
        String[] base = {"diff", "--legacy-dir", s.path("legacy"), "--system-info", s.path("si.json"),
            s.path("old"), s.path("new")};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return ProgramRun.qrexecPolicy(all);
    }

    @Test
    void listsEveryChangedRequestGroupedThenTheRules() {
        ProgramRun run = diff();
        String old = s.path("old/30-gpg.policy");
        String now = s.path("new/30-gpg.policy");
        assertEquals("""
                4 of 234 requests tried change their answer (4 gain access):
                (1 requests naming a qube by uuid: change like the same request by name and are not shown; \
                --json lists every request)

                qubes.Gpg+
                  ask -> allow (3)
                    uuid:11111111-1111-1111-1111-111111111111, work -> uuid:22222222-2222-2222-2222-222222222222: \
                ask vault (default vault) (OLD:1)  =>  allow to uuid:22222222-2222-2222-2222-222222222222 (NEW:1)  \
                [new access]
                    work -> vault: ask vault (default vault) (OLD:1)  =>  allow to vault (NEW:1)  [new access]

                Rules: 1 added, 1 removed, 0 moved
                  added    NEW:1: qubes.Gpg * work vault allow
                  removed  OLD:1: qubes.Gpg * @tag:gpg vault ask default_target=vault
                """.replace("OLD", old).replace("NEW", now), run.out());
        assertEquals("", run.err());
        assertEquals(1, run.status());
    }

    @Test
    void noNewAccessFailsOnlyWhenAccessIsGained() throws IOException {
        assertEquals(1, diff("--no-new-access").status());
        s.write("new/30-gpg.policy", """
                qubes.Gpg  *  @anyvm    @anyvm deny
                """);
        ProgramRun run = diff("--no-new-access");
        assertEquals(0, run.status(), run.out());
    }

    @Test
    void jsonHasOneObjectPerChangedRequest() throws Exception {
        JsonNode root = new ObjectMapper().readTree(diff("--json").out());
        assertEquals(4, root.get("changes").size());
        JsonNode first = root.get("changes").get(0);
        assertEquals("""
                {"source":"uuid:11111111-1111-1111-1111-111111111111","target":"uuid:22222222-2222-2222-2222-222222222222",\
                "service_and_arg":"qubes.Gpg+","change":"ask-to-allow","gains_access":true,\
                "old":{"decision":"ask","rule":"OLD:1","targets_for_ask":["vault"],"default_target":"vault",\
                "just_evaluate":"result=deny","assume_yes_for_ask":"result=deny","both":"result=deny"},\
                "new":{"decision":"allow","rule":"NEW:1","target":"uuid:22222222-2222-2222-2222-222222222222",\
                "just_evaluate":"result=allow","assume_yes_for_ask":"user=DEFAULT\\nresult=allow\\n\
                target=uuid:22222222-2222-2222-2222-222222222222\\ntarget_uuid=uuid:22222222-2222-2222-2222-222222222222\\n\
                autostart=True\\nrequested_target=uuid:22222222-2222-2222-2222-222222222222",\
                "both":"result=allow"}}""".replace("OLD", s.path("old/30-gpg.policy"))
                .replace("NEW", s.path("new/30-gpg.policy")), first.toString());
        assertEquals(true, root.get("new_access").asBoolean());
    }

    @Test
    void aPolicyThatDoesNotLoadExitsThree() throws IOException {
        s.write("new/30-gpg.policy", "qubes.Gpg * work\n");
        ProgramRun run = diff();
        assertEquals(3, run.status());
        assertEquals("diff: error: the policy does not load:\n" + s.path("new/30-gpg.policy")
                + ":1:1: error: wrong number of fields\n", run.err());
    }

    @Test
    void noNewPolicyIsAUsageError() {
        ProgramRun run = ProgramRun.qrexecPolicy("diff", "--system-info", s.path("si.json"));
        assertEquals(2, run.status());
    }
}
