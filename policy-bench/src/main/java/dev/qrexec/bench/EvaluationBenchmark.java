package dev.qrexec.bench;

import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Evaluation;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.Interaction;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.Responder;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.SystemInfoException;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.load.PolicyLoader;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Deciding one request against a generated policy of 100, 10,000 or 100,000 rules,
 * with the service and argument index and with the linear scan it replaces, for a
 * request decided by an early rule, one decided by a late rule and one no rule
 * matches ({@link ProbeRequests}). {@code evaluate} is the decision alone;
 * {@code reply} adds what the daemon does next, the reply string in the
 * {@code assume_yes_for_ask} mode.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
public class EvaluationBenchmark {
    /** How the policy is searched. */
    public enum Implementation {
        /** {@link CompiledPolicy#compile(List)}: the service and argument index. */
        INDEXED,
        /** {@link CompiledPolicy#linear(List)}: every rule in order, the test oracle. */
        LINEAR;

        CompiledPolicy compile(List<Rule> rules) {
            return switch (this) {
                case INDEXED -> CompiledPolicy.compile(rules);
                case LINEAR -> CompiledPolicy.linear(rules);
            };
        }
    }

    /** Where in the policy the rule that decides the request is. */
    public enum Match {
        /** Among the first rules. */
        EARLY,
        /** Among the last rules. */
        LATE,
        /** No rule matches: the request is denied after every candidate rule was tried. */
        NONE
    }

    @Param({"100", "10000", "100000"})
    public int rules;

    @Param
    public Implementation implementation;

    @Param
    public Match match;

    private Evaluator evaluator;
    private SystemInfo info;
    private Request request;

    @Setup(Level.Trial)
    public void prepare() throws IOException, SystemInfoException {
        List<Rule> loaded;
        GeneratedPolicy generated;
        try (ScratchTree tree = ScratchTree.generate(rules)) {
            generated = tree.policy();
            loaded = PolicyLoader.load(generated.loadOptions()).tree().rules();
        }
        info = SystemInfo.parse(generated.system().systemInfoJson());
        request = ProbeRequests.find(match, generated, CompiledPolicy.compile(loaded), info);
        evaluator = new Evaluator(implementation.compile(loaded));
        Evaluation evaluation = evaluator.evaluate(request, info);
        System.out.println("\n" + match + " request: " + request.source() + " -> " + request.intendedTarget()
                + " " + request.serviceAndArgument() + ": " + describe(evaluation.decision(), loaded));
    }

    private static String describe(Decision decision, List<Rule> rules) {
        return decision.decidingRule()
                .map(rule -> decision.action() + " by rule " + indexOf(rule, rules) + " of " + rules.size() + " ("
                        + rule.position().fileAndLine() + ")")
                .orElse("deny, no rule");
    }

    private static int indexOf(Rule rule, List<Rule> rules) {
        for (int i = 0; i < rules.size(); i++) {
            if (rules.get(i) == rule) {
                return i;
            }
        }
        return -1;
    }

    @Benchmark
    public Evaluation evaluate() {
        return evaluator.evaluate(request, info);
    }

    @Benchmark
    public String reply() {
        return Responder.answer(evaluator, request, info, dev.qrexec.eval.Mode.ASSUME_YES_FOR_ASK,
                Interaction.NONE).text();
    }
}
