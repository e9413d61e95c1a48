package dev.qrexec.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.text.PolicyFileParser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The reasons an explanation gives, for every kind of token and every step of an ask. */
class ExplainerTest {
    private static final String DOMAIN = "\"%s\": {\"type\": \"%s\", \"tags\": %s, \"template_for_dispvms\": %s, "
            + "\"uuid\": \"%s\", \"power_state\": \"%s\", \"internal\": %s, "
            + "\"default_dispvm\": \"dvm\", \"icon\": \"i\", \"guivm\": \"dom0\"}";
    private static final SystemInfo INFO = info();

    private static SystemInfo info() {
        try {
            return SystemInfo.parse("{\"domains\": {"
                    + DOMAIN.formatted("dom0", "AdminVM", "[]", false, "00000000-0000-0000-0000-000000000000",
                            "Running", false) + ", "
                    + DOMAIN.formatted("work", "AppVM", "[\"w\"]", false, "5a1ad0ef-0000-4000-8000-000000000001",
                            "Running", false) + ", "
                    + DOMAIN.formatted("vault", "AppVM", "[]", false, "5a1ad0ef-0000-4000-8000-000000000002",
                            "Halted", false) + ", "
                    + DOMAIN.formatted("personal", "AppVM", "[]", false, "5a1ad0ef-0000-4000-8000-000000000003",
                            "Running", false) + ", "
                    + DOMAIN.formatted("net", "AppVM", "[]", false, "5a1ad0ef-0000-4000-8000-000000000004",
                            "Running", true) + ", "
                    + DOMAIN.formatted("dvm", "AppVM", "[\"d\"]", true, "5a1ad0ef-0000-4000-8000-000000000005",
                            "Halted", false) + ", "
                    + DOMAIN.formatted("other", "AppVM", "[]", true, "5a1ad0ef-0000-4000-8000-000000000006",
                            "Halted", false) + "}}");
        } catch (SystemInfoException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Explanation explain(String policy, String source, String target, String call) {
        List<Rule> rules = PolicyFileParser.parse("p", policy, Syntax.CURRENT).lines().stream()
                .filter(Rule.class::isInstance).map(Rule.class::cast).toList();
        return new Explainer(new Evaluator(CompiledPolicy.compile(rules)))
                .explain(Request.of(source, target, call), INFO, Mode.JUST_EVALUATE);
    }

    private static List<String> reasons(Explanation explanation) {
        return explanation.skipped().stream().map(m -> m.column().word() + ": " + m.reason()).toList();
    }

    @Test
    void argumentAndSourceReasons() {
        Explanation e = explain("""
                svc +x @anyvm @anyvm deny
                svc * @anyvm @anyvm deny
                svc * @type:AppVM vault deny
                svc * @tag:w vault deny
                svc * work vault deny
                other * * * deny
                svc * @adminvm vault allow
                """, "dom0", "vault", "svc");
        assertEquals(List.of(
                        "argument: the call has no argument",
                        "source: the source is dom0, which @anyvm leaves out",
                        "source: the source dom0 is of type AdminVM, not AppVM",
                        "source: the source dom0 lacks the tag w",
                        "source: the source dom0 is not work"),
                reasons(e));
        assertEquals("svc * @adminvm vault allow", e.matched().orElseThrow().text());
        assertEquals(List.of("argument: the call's argument is +y", "source: the source work is not dom0"),
                reasons(explain("svc +x work vault deny\nsvc * @adminvm vault deny\n", "work", "vault", "svc+y")));
    }

    @Test
    void targetReasons() {
        assertEquals(List.of(
                        "target: the target vault is not @default",
                        "target: the target vault is not a disposable",
                        "target: the target vault is not a disposable",
                        "target: the target vault is not dom0",
                        "target: the target vault is not work",
                        "target: the target vault is of type AppVM, not TemplateVM",
                        "target: the target vault lacks the tag w"),
                reasons(explain("""
                        svc * work @default allow target=vault
                        svc * work @dispvm:dvm deny
                        svc * work @dispvm:@tag:d deny
                        svc * work dom0 deny
                        svc * work work deny
                        svc * work @type:TemplateVM deny
                        svc * work @tag:w deny
                        """, "work", "vault", "svc")));
        assertEquals(List.of("target: the target is dom0, which @anyvm leaves out"),
                reasons(explain("svc * work @anyvm deny\n", "work", "dom0", "svc")));
        assertEquals(List.of(
                        "target: the default disposable template of work is dvm, not other",
                        "target: the disposable template dvm lacks the tag w"),
                reasons(explain("svc * work @dispvm:other deny\nsvc * work @dispvm:@tag:w deny\n",
                        "work", "@dispvm", "svc")));
        assertEquals(List.of(
                        "target: the target @dispvm:other is not a disposable of dvm",
                        "target: the disposable template other lacks the tag d"),
                reasons(explain("svc * work @dispvm:dvm deny\nsvc * work @dispvm:@tag:d deny\n",
                        "work", "@dispvm:other", "svc")));
    }

    @Test
    void everyStepOfAnAsk() {
        Explanation e = explain("""
                svc * work other deny
                svc * @anyvm @anyvm ask autostart=no default_target=vault
                svc * @anyvm @dispvm allow
                """, "work", "vault", "svc");
        Rule deny = e.skipped().getFirst().rule();
        Rule ask = e.matched().orElseThrow();
        String autostart = ", and the rule says autostart=no";
        assertEquals(new AskOffer(List.of("personal"), Optional.empty(), Optional.of("vault"), List.of(
                        new TargetNote.Offered("personal", "personal", ask, ""),
                        new TargetNote.Removed("other", Optional.of(deny), "withdrawn by the deny rule at p:1"),
                        new TargetNote.Removed("work", Optional.empty(), "it is the source itself"),
                        new TargetNote.Removed("net", Optional.empty(), "net is an internal qube"),
                        new TargetNote.Removed("vault", Optional.empty(), "vault is not running" + autostart),
                        new TargetNote.Removed("dvm", Optional.empty(), "dvm is not running" + autostart),
                        new TargetNote.Removed("@dispvm:dvm", Optional.empty(),
                                "a disposable would have to be started" + autostart),
                        new TargetNote.Removed("@dispvm:other", Optional.empty(),
                                "a disposable would have to be started" + autostart))),
                e.offer().orElseThrow());
    }

    @Test
    void replacedAndRedirectedTargets() {
        Explanation dispvm = explain("svc * @anyvm @dispvm ask\n", "work", "@dispvm", "svc");
        assertEquals(List.of(new TargetNote.Offered("@dispvm:dvm", "@dispvm", dispvm.matched().orElseThrow(),
                        "the default disposable template of work is dvm")),
                dispvm.offer().orElseThrow().notes());
        Explanation redirect = explain("svc * @anyvm @anyvm ask target=@adminvm default_target=dom0\n",
                "work", "vault", "svc");
        assertEquals(new AskOffer(List.of("dom0"), Optional.of("dom0"), Optional.empty(),
                        List.of(new TargetNote.Offered("dom0", "dom0", redirect.matched().orElseThrow(), ""))),
                redirect.offer().orElseThrow());
    }

    @Test
    void noOfferWithoutAnAsk() {
        assertEquals(Optional.empty(), explain("svc * @anyvm @anyvm allow\n", "work", "vault", "svc").offer());
    }
}
