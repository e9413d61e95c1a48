package dev.qrexec.eval;

import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The rules of a policy that the evaluator can look at for one service, argument and
 * effective source: those for the service and argument whose source column matches
 * the source, in policy order. Whatever the intended target, the evaluator decides a
 * request from these rules alone (the first whose target matches decides, and an
 * {@code ask} collects its targets from them), so two policies with equal lists (as
 * {@link Rule#equals} compares rules: every field, not the position) decide every
 * request of that service, argument and source alike. Analyses such as the semantic
 * diff use this to skip what cannot differ.
 */
public final class ApplicableRules {
    private ApplicableRules() {}

    /**
     * The rules for {@code service} and {@code argument} ({@code +...}) whose source
     * column matches {@code source} with the qubes of {@code info}; empty when matching
     * fails the way the reference fails (then nothing can be concluded).
     */
    public static Optional<List<Rule>> of(CompiledPolicy policy, String service, String argument, String source,
                                          SystemInfo info) {
        Request request = new Request(source, "", service, argument, "");
        Subject subject = new Subject(info, source, Token.Default.INSTANCE.text());
        List<Rule> out = new ArrayList<>();
        try {
            for (int index : policy.candidates(request, subject)) {
                if (policy.forService(index, request)
                        && policy.source(index).matchesSource(subject)) {
                    out.add(policy.rule(index));
                }
            }
        } catch (ReferenceCrash crash) {
            return Optional.empty();
        }
        return Optional.of(out);
    }
}
