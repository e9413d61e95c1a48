package dev.qrexec.cli.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qrexec.cli.ProgramRun;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qrexec-policy explain} on a small policy: every part of the explanation, exactly. */
class ExplainCommandTest {
    private static final String DOMAIN = "{\"type\": \"AppVM\", \"tags\": [], \"template_for_dispvms\": %s, "
            + "\"uuid\": \"5a1ad0ef-0000-4000-8000-00000000000%d\", \"power_state\": \"%s\", \"internal\": %s, "
            + "\"default_dispvm\": \"default-dvm\", \"icon\": \"i\", \"guivm\": \"dom0\"}";
    private static final String POLICY = """
            qubes.Gpg +sign work vault deny
            qubes.Gpg * @tag:gpg vault allow
            qubes.Gpg * @type:TemplateVM vault allow
            qubes.Gpg * @anyvm @dispvm:@tag:gpg allow
            qubes.Gpg * personal @anyvm allow
            qubes.Filecopy * work vault deny
            qubes.Filecopy * work @dispvm allow
            qubes.Filecopy * @anyvm @anyvm ask default_target=vault
            qubes.Filecopy * @anyvm personal allow
            """;

    @TempDir
    Path dir;
    private String policyDir;
    private String p;
    private String info;

    @BeforeEach
    void writePolicy() throws Exception {
        Path etc = dir.resolve("etc");
        Files.createDirectories(etc);
        Files.writeString(etc.resolve("30-user.policy"), POLICY, StandardCharsets.UTF_8);
        policyDir = etc.toString();
        p = etc.resolve("30-user.policy").toString();
        Path si = dir.resolve("si.json");
        Files.writeString(si, "{\"domains\": {"
                + "\"dom0\": {\"type\": \"AdminVM\", \"tags\": [], \"uuid\": \"00000000-0000-0000-0000-000000000000\", "
                + "\"template_for_dispvms\": false, \"power_state\": \"Running\", \"internal\": false}, "
                + "\"work\": " + DOMAIN.formatted(false, 1, "Running", false) + ", "
                + "\"vault\": " + DOMAIN.formatted(false, 2, "Halted", false) + ", "
                + "\"personal\": " + DOMAIN.formatted(false, 3, "Running", false) + ", "
                + "\"sys-net\": " + DOMAIN.formatted(false, 5, "Running", true) + ", "
                + "\"default-dvm\": " + DOMAIN.formatted(true, 4, "Halted", false) + "}}", StandardCharsets.UTF_8);
        info = si.toString();
    }

    private ProgramRun explain(String... args) {
        String[] all = new String[args.length + 5];
        all[0] = "explain";
        all[1] = "--policy-dir";
        all[2] = policyDir;
        all[3] = "--system-info";
        all[4] = info;
        System.arraycopy(args, 0, all, 5, args.length);
        return ProgramRun.run("qrexec-policy", all);
    }

    private static void assertRun(ProgramRun run, String out) {
        assertEquals(out, run.out(), "stderr: " + run.err());
        assertEquals(0, run.status());
    }

    @Test
    void noMatchNamesWhyEachRuleFailed() {
        assertRun(explain("work", "vault", "qubes.Gpg"), """
                request: work -> vault, qubes.Gpg+
                decision: deny
                reason: no matching rule found
                reply:
                  result=deny
                deciding rule: none
                rules for qubes.Gpg and why none matched:
                  P:1:1: qubes.Gpg +sign work vault deny
                    argument: the call has no argument
                  P:2:1: qubes.Gpg * @tag:gpg vault allow
                    source: the source work lacks the tag gpg
                  P:3:1: qubes.Gpg * @type:TemplateVM vault allow
                    source: the source work is of type AppVM, not TemplateVM
                  P:4:1: qubes.Gpg * @anyvm @dispvm:@tag:gpg allow
                    target: the target vault is not a disposable
                  P:5:1: qubes.Gpg * personal @anyvm allow
                    source: the source work is not personal
                log:
                  qrexec: qubes.Gpg+: work -> vault: denied: no matching rule found
                """.replace("P:", p + ":"));
    }

    @Test
    void allowShowsTheRuleAndTheDaemonsReply() {
        assertRun(explain("personal", "vault", "qubes.Gpg+sign"), """
                request: personal -> vault, qubes.Gpg+sign
                decision: allow
                reply:
                  user=DEFAULT
                  result=allow
                  target=vault
                  target_uuid=uuid:5a1ad0ef-0000-4000-8000-000000000002
                  autostart=True
                  requested_target=vault
                deciding rule: P:5:1: qubes.Gpg * personal @anyvm allow
                earlier rules for qubes.Gpg and why they did not match:
                  P:1:1: qubes.Gpg +sign work vault deny
                    source: the source personal is not work
                  P:2:1: qubes.Gpg * @tag:gpg vault allow
                    source: the source personal lacks the tag gpg
                  P:3:1: qubes.Gpg * @type:TemplateVM vault allow
                    source: the source personal is of type AppVM, not TemplateVM
                  P:4:1: qubes.Gpg * @anyvm @dispvm:@tag:gpg allow
                    target: the target vault is not a disposable
                """.replace("P:", p + ":"));
        assertRun(explain("--just-evaluate", "personal", "vault", "qubes.Gpg+sign"),
                explain("personal", "vault", "qubes.Gpg+sign").out().replaceFirst(
                        "reply:\n(  .*\n)+", "reply:\n  result=allow\n"));
    }

    @Test
    void askNamesTheOfferedTargetsAndWhyOthersAreMissing() {
        String offer = """
                targets offered:
                  @dispvm:default-dvm: offered by P:8:1: qubes.Filecopy * @anyvm @anyvm ask default_target=vault
                  default-dvm: offered by P:8:1: qubes.Filecopy * @anyvm @anyvm ask default_target=vault
                  personal: offered by P:8:1: qubes.Filecopy * @anyvm @anyvm ask default_target=vault
                not offered:
                  vault: withdrawn by the deny rule at P:6
                  work: it is the source itself
                  sys-net: sys-net is an internal qube
                default target: none
                  default_target stands for vault, which is not offered, so none is proposed
                log:
                  warning: policy define default_target=vault at P:8 but it is not among allowed targets \
                (@dispvm:default-dvm, default-dvm, personal)
                """;
        assertRun(explain("work", "", "qubes.Filecopy"), ("""
                request: work -> (none), qubes.Filecopy+
                evaluated as: work -> @default
                decision: ask
                reply: none yet: the user chooses (see the reply with --assume-yes-for-ask)
                deciding rule: P:8:1: qubes.Filecopy * @anyvm @anyvm ask default_target=vault
                earlier rules for qubes.Filecopy and why they did not match:
                  P:6:1: qubes.Filecopy * work vault deny
                    target: the target @default is not vault
                  P:7:1: qubes.Filecopy * work @dispvm allow
                    target: the target @default is not @dispvm
                """ + offer).replace("P:", p + ":"));
        ProgramRun yes = explain("--assume-yes-for-ask", "work", "personal", "qubes.Filecopy");
        assertTrue(yes.out().contains("""
                reply:
                  user=DEFAULT
                  result=allow
                  target=personal
                  target_uuid=uuid:5a1ad0ef-0000-4000-8000-000000000003
                  autostart=True
                  requested_target=personal
                """), yes.out());
    }

    @Test
    void requestRefusedBeforeMatching() {
        assertRun(explain("work", "@anyvm", "qubes.Filecopy"), """
                request: work -> @anyvm, qubes.Filecopy+
                decision: deny
                reason: <unknown>:0: invalid intendedtarget token: '@anyvm'
                reply:
                  result=deny
                deciding rule: none
                log:
                  qrexec: qubes.Filecopy+: work -> @anyvm: error loading policy: <unknown>:0: invalid \
                intendedtarget token: '@anyvm'
                """);
    }

    @Test
    void jsonCarriesTheSameFacts() throws Exception {
        ProgramRun run = explain("--json", "work", "nosuch", "qubes.Filecopy");
        assertEquals(0, run.status());
        JsonNode root = new ObjectMapper().readTree(run.out());
        assertEquals("{\"source\":\"work\",\"target\":\"nosuch\",\"service\":\"qubes.Filecopy\",\"argument\":\"+\","
                + "\"requested_source\":\"\"}", root.get("request").toString());
        assertEquals("@default", root.get("target").asText());
        assertEquals("ask", root.get("decision").asText());
        assertTrue(root.get("reply").isNull());
        assertEquals("{\"file\":\"" + p + "\",\"line\":8,\"column\":1,"
                + "\"text\":\"qubes.Filecopy * @anyvm @anyvm ask default_target=vault\"}", root.get("rule").toString());
        assertEquals("target", root.get("skipped").get(0).get("column").asText());
        assertEquals("[\"@dispvm:default-dvm\",\"default-dvm\",\"personal\"]",
                root.get("ask").get("targets").toString());
        assertEquals("vault", root.get("ask").get("rejected_default_target").asText());
        assertEquals("{\"target\":\"vault\",\"offered\":false,\"rule\":{\"file\":\"" + p + "\",\"line\":6,"
                        + "\"column\":1,\"text\":\"qubes.Filecopy * work vault deny\"},"
                        + "\"reason\":\"withdrawn by the deny rule at " + p + ":6\"}",
                root.get("ask").get("notes").get(3).toString());
    }

    @Test
    void badInputs() throws Exception {
        ProgramRun missing = ProgramRun.run("qrexec-policy", "explain", "work", "vault", "qubes.Gpg");
        assertEquals(2, missing.status());
        assertTrue(missing.err().startsWith("Missing required option: '--system-info=FILE'"), missing.err());
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, "[]");
        ProgramRun bad = ProgramRun.run("qrexec-policy", "explain", "--system-info", broken.toString(), "work",
                "vault", "qubes.Gpg");
        assertEquals(1, bad.status());
        assertEquals("explain: error: cannot read the system information " + broken
                + ": invalid system information: no \"domains\" object\n", bad.err());
    }

    @Test
    void brokenPolicyDeniesWithTheLoadError() throws Exception {
        Files.writeString(dir.resolve("etc/40-bad.policy"), "bad\n");
        ProgramRun run = explain("personal", "vault", "qubes.Gpg");
        assertTrue(run.out().startsWith("request: personal -> vault, qubes.Gpg+\ndecision: deny\nreason: "
                + policyDir + "/40-bad.policy:1: wrong number of fields\n"), run.out());
    }
}
