package dev.qrexec.eval.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The shadow and duplicate check looks up the few rule shapes that may cover a rule:
 * it gives exactly the warnings of a scan of every earlier rule (the oracle below, the
 * check as it was), and it stays linear where that scan was quadratic.
 */
class ShadowCheckTest {
    private static final String[] SERVICES = {"*", "a.S", "b.S"};
    private static final String[] ARGUMENTS = {"*", "+x", "+y"};
    private static final String[] TOKENS = {"*", "@anyvm", "dom0", "@adminvm", "uuid:00000000-0000-0000-0000-000000000000",
        "work", "vault", "@tag:t", "@type:AppVM", "@dispvm", "@dispvm:dvm", "@default", "@dispvm:@tag:t"};
    private static final String[] ACTIONS = {"allow", "deny", "ask", "ask target=work", "ask default_target=work",
        "allow target=dom0"};

    @Provide
    Arbitrary<String> policies() {
        Arbitrary<String> line = Arbitraries.of(SERVICES).flatMap(service -> Arbitraries.of(
                service.equals("*") ? new String[] {"*"} : ARGUMENTS).flatMap(argument ->
                Arbitraries.of(TOKENS).flatMap(source -> Arbitraries.of(TOKENS).flatMap(target ->
                        Arbitraries.of(ACTIONS).map(action ->
                                service + " " + argument + " " + source + " " + target + " " + action + "\n")))));
        return line.list().ofMinSize(1).ofMaxSize(40).map(lines -> String.join("", lines));
    }

    @Property(tries = 500)
    void theSameWarningsAsAScanOfEveryEarlierRule(@ForAll("policies") String policy) {
        List<Rule> rules = PolicyAnalysisTest.rules(policy);
        List<Diagnostic> fast = new ArrayList<>();
        new ShadowCheck().run(rules, Optional.empty(), fast);
        assertEquals(scan(rules), fast, policy);
    }

    /** 100,000 rules of one service: every earlier rule is a candidate for the scan, and none covers. */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void aHundredThousandRulesOfOneServiceAreCheckedInLinearTime() {
        StringBuilder policy = new StringBuilder();
        for (int i = 0; i < 100_000; i++) {
            policy.append("qubes.Filecopy +arg").append(i % 50).append(" @tag:t").append(i).append(" @anyvm ask\n");
        }
        policy.append("qubes.Filecopy +arg1 @tag:t1 @anyvm ask\n");
        List<Rule> rules = PolicyAnalysisTest.rules(policy.toString());
        long start = System.nanoTime();
        List<Diagnostic> warnings = PolicyAnalysis.analyse(rules, Optional.empty());
        System.out.printf("shadow check of 100,001 rules of one service: %.0f ms%n", (System.nanoTime() - start) / 1e6);
        assertEquals(List.of("t.policy:100001:1: warning: duplicate of the rule at t.policy:2 [duplicate-rule]"),
                warnings.stream().map(d -> d.format() + " [" + d.code().id() + "]").toList());
    }

    /** The check as it was: every earlier rule of the same service or of {@code *}, in order. */
    private static List<Diagnostic> scan(List<Rule> rules) {
        List<Diagnostic> out = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (!rule.position().hasLine()) {
                continue;
            }
            Rule covering = null;
            Diagnostic found = null;
            for (int j = 0; j < i && found == null; j++) {
                Rule earlier = rules.get(j);
                if (!Coverage.covers(earlier.service(), rule.service()) && !earlier.service().equals(rule.service())) {
                    continue;
                }
                if (earlier.equals(rule)) {
                    found = Diagnostic.warning(Code.DUPLICATE_RULE, rule.position(),
                            earlier.position().equals(rule.position())
                                    ? "duplicate rule: this line is loaded more than once (its file is included again)"
                                    : "duplicate of the rule at " + earlier.position().fileAndLine());
                } else if (covering == null && Coverage.covers(earlier, rule)) {
                    covering = earlier;
                }
            }
            if (found == null && covering != null) {
                Diagnostic warning = Diagnostic.warning(Code.SHADOWED_RULE, rule.position(),
                        "rule never matches: the rule at " + covering.position().fileAndLine() + " ("
                                + covering.text() + ") always matches first");
                boolean overlaps = rules.stream().anyMatch(ask -> ask.action() instanceof Action.Ask a
                        && a.target().isEmpty()
                        && (Coverage.covers(ask.service(), rule.service()) || Coverage.covers(rule.service(), ask.service()))
                        && (Coverage.covers(ask.argument(), rule.argument())
                                || Coverage.covers(rule.argument(), ask.argument())));
                found = overlaps ? warning.withHint(
                        "it may still add to or take from the targets that an ask without target= offers") : warning;
            }
            if (found != null) {
                out.add(found);
            }
        }
        return out;
    }
}
