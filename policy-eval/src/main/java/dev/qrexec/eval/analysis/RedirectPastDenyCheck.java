package dev.qrexec.eval.analysis;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A rule that sends calls to a qube ({@code allow target=X}, {@code ask target=X} or
 * {@code ask default_target=X}) although an earlier rule for the same call denies
 * calls to X: calls that name X are denied, calls that name another target still
 * reach X (QubesOS/qubes-issues#8227). "The same call": the earlier deny rule's
 * service, argument and source cover the rule's, and its target column covers X.
 */
final class RedirectPastDenyCheck implements Check {
    @Override
    public void run(List<Rule> rules, Optional<SystemInfo> info, List<Diagnostic> out) {
        // The positions of the deny rules seen so far, by service: a rule is compared only
        // with the denies of its own service and of "*", so the check stays linear.
        Map<ServiceSpec, List<Integer>> denies = new HashMap<>();
        List<Integer> anyService = denies.computeIfAbsent(ServiceSpec.Any.INSTANCE, s -> new ArrayList<>());
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            Optional<Token> destination = destination(rule.action());
            if (destination.isPresent() && rule.position().hasLine()) {
                Token to = destination.get();
                List<Integer> own = rule.service() instanceof ServiceSpec.Any
                        ? List.of() : denies.getOrDefault(rule.service(), List.of());
                int first = Math.min(firstDenying(own, rules, rule, to), firstDenying(anyService, rules, rule, to));
                if (first < i) {
                    out.add(warning(rule, to, rules.get(first)));
                }
            }
            if (rule.action() instanceof Action.Deny) {
                denies.computeIfAbsent(rule.service(), s -> new ArrayList<>()).add(i);
            }
        }
    }

    /** The first of {@code candidates} (positions in policy order) that denies {@code rule}'s calls to {@code to}. */
    private static int firstDenying(List<Integer> candidates, List<Rule> rules, Rule rule, Token to) {
        for (int index : candidates) {
            Rule deny = rules.get(index);
            if (Coverage.covers(deny.service(), rule.service())
                    && Coverage.covers(deny.argument(), rule.argument())
                    && Coverage.covers(deny.source(), rule.source())
                    && Coverage.covers(deny.target(), to)
                    && !Coverage.covers(deny.target(), rule.target())) {
                return index;
            }
        }
        return Integer.MAX_VALUE;
    }

    private static Diagnostic warning(Rule rule, Token to, Rule deny) {
        String parameter = rule.action() instanceof Action.Ask ask && ask.target().isEmpty()
                ? "default_target=" : "target=";
        return Diagnostic.warning(Code.REDIRECT_PAST_DENY, rule.position(),
                parameter + to.text() + " sends calls to " + to.text() + ", which the earlier rule at "
                        + deny.position().fileAndLine() + " (" + deny.text() + ") denies");
    }

    /** Where the action sends a call: {@code target=}, or the proposed {@code default_target=} of an ask. */
    private static Optional<Token> destination(Action action) {
        return switch (action) {
            case Action.Allow allow -> allow.target();
            case Action.Ask ask -> ask.target().or(ask::defaultTarget);
            case Action.Deny deny -> Optional.empty();
        };
    }
}
