package dev.qrexec.eval.analysis;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rules that never decide a request: an exact duplicate of an earlier rule
 * ({@link Code#DUPLICATE_RULE}), or a rule an earlier one always matches first
 * ({@link Code#SHADOWED_RULE}, see {@link Coverage}). Such a rule may still change
 * what an {@code ask} without {@code target=} offers, and the warning says so.
 * Rules without a line (the implicit denies of {@code !compat-4.0}) are not warned
 * about, since nobody wrote them.
 *
 * <p>Whether an earlier rule covers a later one depends only on their service,
 * argument, source and target, and a rule is covered only by rules whose columns are
 * the same as its own or one of a few wider values ({@code *}, {@code @anyvm}, the
 * spellings of dom0). So the earliest rule of every such shape is kept in a map, and
 * a rule looks up the few shapes that could cover it instead of scanning every
 * earlier rule: linear in the number of rules.
 */
final class ShadowCheck implements Check {
    private static final String DOM0_UUID = "00000000-0000-0000-0000-000000000000";
    private static final List<Token> DOM0_SPELLINGS =
            List.of(Token.AdminVm.INSTANCE, new Token.Name("dom0"), new Token.Uuid(DOM0_UUID));

    /** The service and argument columns. */
    private record Call(ServiceSpec service, ArgumentSpec argument) {}

    /** The source and target columns. */
    private record Ends(Token source, Token target) {}

    @Override
    public void run(List<Rule> rules, Optional<SystemInfo> info, List<Diagnostic> out) {
        Map<Rule, Rule> firstEqual = new HashMap<>();
        Map<Call, Map<Ends, Integer>> firstOfShape = new HashMap<>();
        OpenAsks openAsks = new OpenAsks(rules);
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (rule.position().hasLine()) {
                check(rule, firstEqual, firstOfShape, rules, openAsks).ifPresent(out::add);
            }
            firstEqual.putIfAbsent(rule, rule);
            firstOfShape.computeIfAbsent(new Call(rule.service(), rule.argument()), k -> new HashMap<>())
                    .putIfAbsent(new Ends(rule.source(), rule.target()), i);
        }
    }

    /** The warning about {@code rule}, given the earlier rules by content and by shape. */
    private static Optional<Diagnostic> check(Rule rule, Map<Rule, Rule> firstEqual,
                                              Map<Call, Map<Ends, Integer>> firstOfShape,
                                              List<Rule> rules, OpenAsks openAsks) {
        Rule same = firstEqual.get(rule);
        if (same != null) {
            return Optional.of(duplicate(rule, same));
        }
        int covering = Integer.MAX_VALUE;
        for (ServiceSpec service : wider(rule.service(), ServiceSpec.Any.INSTANCE)) {
            for (ArgumentSpec argument : wider(rule.argument(), ArgumentSpec.Any.INSTANCE)) {
                Map<Ends, Integer> ends = firstOfShape.get(new Call(service, argument));
                if (ends == null) {
                    continue;
                }
                for (Token source : covering(rule.source())) {
                    for (Token target : covering(rule.target())) {
                        Integer index = ends.get(new Ends(source, target));
                        if (index != null && index < covering && Coverage.covers(rules.get(index), rule)) {
                            covering = index;
                        }
                    }
                }
            }
        }
        if (covering == Integer.MAX_VALUE) {
            return Optional.empty();
        }
        Rule first = rules.get(covering);
        Diagnostic warning = Diagnostic.warning(Code.SHADOWED_RULE, rule.position(),
                "rule never matches: the rule at " + first.position().fileAndLine() + " ("
                        + first.text() + ") always matches first");
        return Optional.of(openAsks.overlap(rule)
                ? warning.withHint("it may still add to or take from the targets that an ask without target= offers")
                : warning);
    }

    private static <T> List<T> wider(T value, T any) {
        return value.equals(any) ? List.of(value) : List.of(value, any);
    }

    /** The tokens that may cover {@code token} (checked again by {@link Coverage}). */
    private static List<Token> covering(Token token) {
        List<Token> out = new ArrayList<>(6);
        out.add(token);
        out.add(Token.Any.INSTANCE);
        out.add(Token.AnyVm.INSTANCE);
        if (Coverage.isDom0(token)) {
            out.addAll(DOM0_SPELLINGS);
        }
        return out;
    }

    private static Diagnostic duplicate(Rule rule, Rule first) {
        String message = first.position().equals(rule.position())
                ? "duplicate rule: this line is loaded more than once (its file is included again)"
                : "duplicate of the rule at " + first.position().fileAndLine();
        return Diagnostic.warning(Code.DUPLICATE_RULE, rule.position(), message);
    }

    /**
     * The services and arguments of the policy's {@code ask}s without {@code target=}
     * (their offer is made of the other rules for their service), to tell in constant
     * time whether a rule's requests may also go to one of them.
     */
    private static final class OpenAsks {
        private final Set<List<Object>> pairs = new HashSet<>();
        private final Set<ServiceSpec> services = new HashSet<>();
        private final Set<ArgumentSpec> arguments = new HashSet<>();

        OpenAsks(List<Rule> rules) {
            for (Rule rule : rules) {
                if (rule.action() instanceof Action.Ask ask && ask.target().isEmpty()) {
                    pairs.add(List.of(rule.service(), rule.argument()));
                    services.add(rule.service());
                    arguments.add(rule.argument());
                }
            }
        }

        /**
         * Whether some request of {@code rule}'s service and argument also goes to an open
         * ask: their services and their arguments each cover one another one way or the other.
         */
        boolean overlap(Rule rule) {
            boolean anyService = rule.service() instanceof ServiceSpec.Any;
            boolean anyArgument = rule.argument() instanceof ArgumentSpec.Any;
            if (anyService && anyArgument) {
                return !pairs.isEmpty();
            }
            if (anyService) {
                return arguments.contains(rule.argument()) || arguments.contains(ArgumentSpec.Any.INSTANCE);
            }
            if (anyArgument) {
                return services.contains(rule.service()) || services.contains(ServiceSpec.Any.INSTANCE);
            }
            for (ServiceSpec service : wider(rule.service(), ServiceSpec.Any.INSTANCE)) {
                for (ArgumentSpec argument : wider(rule.argument(), ArgumentSpec.Any.INSTANCE)) {
                    if (pairs.contains(List.of(service, argument))) {
                        return true;
                    }
                }
            }
            return false;
        }
    }
}
