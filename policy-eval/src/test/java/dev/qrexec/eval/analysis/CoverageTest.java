package dev.qrexec.eval.analysis;

import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.text.PolicyFileParser;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Syntax;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;

/**
 * {@link Coverage} against the evaluator: when it says a rule covers a later one,
 * the later one decides no request at all, for any source, target, service and
 * argument, on system information where dom0 and other qubes share tags.
 */
class CoverageTest {
    private static final String DOM0_UUID = "uuid:00000000-0000-0000-0000-000000000000";
    private static final String WORK_UUID = "uuid:5a1ad0ef-0000-4000-8000-000000000001";
    private static final List<String> SOURCE_TOKENS = List.of("*", "@anyvm", "@adminvm", "dom0", DOM0_UUID, "work",
            WORK_UUID, "vault", "nosuch", "@tag:t", "@tag:u", "@type:AppVM", "@type:AdminVM", "@dispvm:dvm",
            "@dispvm:@tag:t");
    private static final List<String> TARGET_TOKENS = concat(SOURCE_TOKENS, List.of("@default", "@dispvm"));
    private static final List<String> SOURCES = List.of("dom0", DOM0_UUID, "work", WORK_UUID, "vault", "dvm");
    private static final List<String> TARGETS = List.of("", "dom0", "@adminvm", DOM0_UUID, "work", WORK_UUID, "vault",
            "dvm", "nosuch", "@default", "@dispvm", "@dispvm:dvm", "@dispvm:work");
    private static final List<String> CALLS = List.of("svc", "svc+a", "svc+b", "other+a");
    private static final SystemInfo INFO = info();

    private static SystemInfo info() {
        String domain = "{\"type\": \"%s\", \"tags\": %s, \"template_for_dispvms\": %s, \"uuid\": \"%s\", "
                + "\"power_state\": \"Running\", \"default_dispvm\": \"dvm\", \"icon\": \"i\", \"guivm\": \"dom0\"}";
        try {
            return SystemInfo.parse("{\"domains\": {"
                    + "\"dom0\": " + domain.formatted("AdminVM", "[\"t\"]", false, DOM0_UUID.substring(5)) + ", "
                    + "\"work\": " + domain.formatted("AppVM", "[\"t\", \"u\"]", false, WORK_UUID.substring(5)) + ", "
                    + "\"vault\": " + domain.formatted("AppVM", "[]", false, "5a1ad0ef-0000-4000-8000-000000000002")
                    + ", \"dvm\": " + domain.formatted("AppVM", "[\"t\"]", true, "5a1ad0ef-0000-4000-8000-000000000003")
                    + "}}");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }

    @Provide
    Arbitrary<Tuple2<Rule, Rule>> pairs() {
        Arbitrary<String> columns = Arbitraries.of("svc *", "svc +a", "* *", "other *");
        Arbitrary<String> actions = Arbitraries.of("allow target=vault", "deny", "ask", "allow");
        Arbitrary<String> later = Combinators.combine(columns, Arbitraries.of(SOURCE_TOKENS),
                Arbitraries.of(TARGET_TOKENS), actions).as((c, s, t, a) -> c + " " + s + " " + t + " " + a)
                .filter(CoverageTest::isRule);
        return later.flatMap(b -> {
            String[] f = b.split(" ");
            Arbitrary<String> earlier = Combinators.combine(
                    Arbitraries.oneOf(Arbitraries.just(f[0] + " " + f[1]), columns),
                    covering(f[2], SOURCE_TOKENS),
                    covering(f[3], TARGET_TOKENS),
                    actions).as((c, s, t, a) -> c + " " + s + " " + t + " " + a)
                    .filter(CoverageTest::isRule);
            return earlier.map(a -> Tuple.of(rule(a), rule(b)));
        });
    }

    /** A token for the earlier rule: often the later one's, a broad one or a dom0 spelling, else any. */
    private static Arbitrary<String> covering(String token, List<String> pool) {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(token)),
                Tuple.of(3, Arbitraries.of("*", "@anyvm")),
                Tuple.of(1, Arbitraries.of("dom0", "@adminvm", DOM0_UUID)),
                Tuple.of(2, Arbitraries.of(pool)));
    }

    private static boolean isRule(String text) {
        return PolicyFileParser.parse("p", text, Syntax.CURRENT).lines().getFirst() instanceof Rule;
    }

    private static Rule rule(String text) {
        return (Rule) PolicyFileParser.parse("p", text, Syntax.CURRENT).lines().getFirst();
    }

    @Property(tries = 500)
    void aCoveredRuleDecidesNothing(@ForAll("pairs") Tuple2<Rule, Rule> pair) {
        Rule earlier = pair.get1();
        Rule later = pair.get2();
        boolean covers = Coverage.covers(earlier, later);
        Statistics.label("covers").collect(covers);
        Statistics.label("covers").coverage(check -> check.check(true).percentage(p -> p > 20));
        if (!covers) {
            return;
        }
        Evaluator evaluator = new Evaluator(CompiledPolicy.linear(List.of(earlier, later)));
        for (String source : SOURCES) {
            for (String target : TARGETS) {
                for (String call : CALLS) {
                    evaluator.evaluate(Request.of(source, target, call), INFO).decision().decidingRule()
                            .ifPresent(rule -> assertNotSame(later, rule,
                                    earlier.text() + " covers " + later.text() + ", but the later rule decides "
                                            + source + " -> " + target + " " + call));
                }
            }
        }
    }
}
