package dev.qrexec.bench;

import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Evaluation;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.bench.EvaluationBenchmark.Match;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.ast.Rule;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Finds the requests the evaluation benchmarks send: from a sample of plausible
 * requests (qubes of the generated system calling the services the rules name), the
 * one decided by the earliest rule, the one decided by the latest rule, and, among
 * those no rule matches, the one whose service and argument have the most rules.
 */
final class ProbeRequests {
    private static final int SAMPLE = 4000;

    private ProbeRequests() {}

    /** The request of {@code match} for a policy generated as {@code generated}. */
    static Request find(Match match, GeneratedPolicy generated, CompiledPolicy policy, SystemInfo info) {
        List<Rule> rules = policy.rules();
        Map<Rule, Integer> position = new IdentityHashMap<>(rules.size() * 2);
        for (int i = 0; i < rules.size(); i++) {
            position.put(rules.get(i), i);
        }
        Evaluator evaluator = new Evaluator(policy);
        SplittableRandom random = new SplittableRandom(ScratchTree.SEED);
        List<GeneratedQube> qubes = generated.system().qubes();
        Request best = null;
        long bestScore = Long.MIN_VALUE;
        for (int i = 0; i < SAMPLE; i++) {
            Request request = Request.of(qubes.get(random.nextInt(qubes.size())).name(), target(random, qubes),
                    generated.calls().get(random.nextInt(generated.calls().size())));
            Evaluation evaluation = evaluator.evaluate(request, info);
            Decision decision = evaluation.decision();
            if (decision instanceof Decision.Denied denied && denied.crash().isPresent()) {
                continue;
            }
            long score = switch (match) {
                case EARLY -> decision.decidingRule().map(r -> -(long) position.get(r)).orElse(Long.MIN_VALUE);
                case LATE -> decision.decidingRule().map(r -> (long) position.get(r)).orElse(Long.MIN_VALUE);
                case NONE -> decision instanceof Decision.Denied denied && denied.stage() == Decision.Stage.MATCH
                        ? rules.stream().filter(r -> r.service().matches(request.service())
                                && r.argument().matches(request.argument())).count()
                        : Long.MIN_VALUE;
            };
            if (score > bestScore) {
                best = request;
                bestScore = score;
            }
        }
        if (best == null) {
            throw new IllegalStateException("no sampled request fits " + match);
        }
        return best;
    }

    /** An intended target as callers name them: none, a qube, a disposable, dom0. */
    private static String target(SplittableRandom random, List<GeneratedQube> qubes) {
        int roll = random.nextInt(10);
        if (roll < 2) {
            return "";
        } else if (roll < 3) {
            return "@dispvm";
        } else if (roll < 4) {
            return "@adminvm";
        }
        return qubes.get(random.nextInt(qubes.size())).name();
    }
}
