package dev.qrexec.eval.analysis;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rules that never decide a request: an exact duplicate of an earlier rule
 * ({@link Code#DUPLICATE_RULE}), or a rule an earlier one always matches first
 * ({@link Code#SHADOWED_RULE}, see {@link Coverage}). Such a rule may still change
 * what an {@code ask} without {@code target=} offers, and the warning says so.
 * Rules without a line (the implicit denies of {@code !compat-4.0}) are not warned
 * about, since nobody wrote them.
 */
final class ShadowCheck implements Check {
    @Override
    public void run(List<Rule> rules, Optional<SystemInfo> info, List<Diagnostic> out) {
        List<Integer> anyService = new ArrayList<>();
        Map<String, List<Integer>> byService = new HashMap<>();
        List<Rule> openAsks = rules.stream().filter(ShadowCheck::isOpenAsk).toList();
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            List<Integer> sameService = switch (rule.service()) {
                case ServiceSpec.Any any -> anyService;
                case ServiceSpec.Named named -> byService.computeIfAbsent(named.name(), k -> new ArrayList<>());
            };
            if (rule.position().hasLine()) {
                List<Integer> earlier = sameService == anyService ? anyService : merged(anyService, sameService);
                check(rule, earlier, rules, openAsks).ifPresent(out::add);
            }
            sameService.add(i);
        }
    }

    /** Two ascending index lists as one. */
    private static List<Integer> merged(List<Integer> a, List<Integer> b) {
        List<Integer> out = new ArrayList<>(a.size() + b.size());
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (j >= b.size() || (i < a.size() && a.get(i) < b.get(j))) {
                out.add(a.get(i++));
            } else {
                out.add(b.get(j++));
            }
        }
        return out;
    }

    /** The warning about {@code rule}, given the indices of the earlier rules for its service. */
    private static Optional<Diagnostic> check(Rule rule, List<Integer> earlier, List<Rule> rules,
                                              List<Rule> openAsks) {
        Rule covering = null;
        for (int index : earlier) {
            Rule candidate = rules.get(index);
            if (candidate.equals(rule)) {
                return Optional.of(duplicate(rule, candidate));
            }
            if (covering == null && Coverage.covers(candidate, rule)) {
                covering = candidate;
            }
        }
        if (covering == null) {
            return Optional.empty();
        }
        Diagnostic warning = Diagnostic.warning(Code.SHADOWED_RULE, rule.position(),
                "rule never matches: the rule at " + covering.position().fileAndLine() + " ("
                        + covering.text() + ") always matches first");
        return Optional.of(openAsks.stream().anyMatch(ask -> overlaps(ask, rule))
                ? warning.withHint("it may still add to or take from the targets that an ask without target= offers")
                : warning);
    }

    private static Diagnostic duplicate(Rule rule, Rule first) {
        String message = first.position().equals(rule.position())
                ? "duplicate rule: this line is loaded more than once (its file is included again)"
                : "duplicate of the rule at " + first.position().fileAndLine();
        return Diagnostic.warning(Code.DUPLICATE_RULE, rule.position(), message);
    }

    /** An {@code ask} without {@code target=}: its offer is made of the other rules for its service. */
    private static boolean isOpenAsk(Rule rule) {
        return rule.action() instanceof Action.Ask ask && ask.target().isEmpty();
    }

    /** Whether some request of {@code rule}'s service and argument also goes to {@code ask}. */
    private static boolean overlaps(Rule ask, Rule rule) {
        return (Coverage.covers(ask.service(), rule.service()) || Coverage.covers(rule.service(), ask.service()))
                && (Coverage.covers(ask.argument(), rule.argument())
                        || Coverage.covers(rule.argument(), ask.argument()));
    }
}
