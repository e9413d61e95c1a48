package dev.qrexec.eval.query;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.TokenMeaning;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A search over the rules of a policy, like SELinux's {@code sesearch}: every rule that
 * can apply to a partial request (a service with or without argument, a source, a
 * target, an action; each optional), in evaluation order. With the system information
 * the source and target are matched as the evaluator matches them, and each match says
 * which qubes its source and target tokens stand for; without it, tokens that depend on
 * the qubes ({@code @tag:}, {@code @type:}) are kept as possible matches.
 */
public record RuleQuery(Optional<String> service, Optional<String> argument, Optional<String> source,
                        Optional<String> target, Optional<String> action) {
    public RuleQuery {
        Objects.requireNonNull(service);
        Objects.requireNonNull(argument);
        Objects.requireNonNull(source);
        Objects.requireNonNull(target);
        Objects.requireNonNull(action);
    }

    /** A query from the command line's words: {@code SERVICE[+ARG]}, qubes, an action; null for none. */
    public static RuleQuery of(String call, String source, String target, String action) {
        Optional<String> service = Optional.empty();
        Optional<String> argument = Optional.empty();
        if (call != null) {
            int plus = call.indexOf('+');
            service = Optional.of(plus < 0 ? call : call.substring(0, plus));
            argument = plus < 0 ? Optional.empty() : Optional.of(call.substring(plus));
        }
        return new RuleQuery(service, argument, Optional.ofNullable(source), Optional.ofNullable(target),
                Optional.ofNullable(action));
    }

    /** One rule found, with the qubes its source and target stand for (empty without system information). */
    public record Match(Rule rule, Optional<List<String>> sourceQubes, Optional<List<String>> targetQubes) {}

    /** The rules of {@code rules} (in evaluation order) that can apply. */
    public List<Match> run(List<Rule> rules, Optional<SystemInfo> info) {
        List<Match> out = new ArrayList<>();
        for (Rule rule : rules) {
            if (service.isPresent() && !rule.service().matches(service.get())) {
                continue;
            }
            if (argument.isPresent() && !rule.argument().matches(argument.get())) {
                continue;
            }
            if (action.isPresent() && !rule.action().keyword().equals(action.get())) {
                continue;
            }
            if (source.isPresent() && !sourceMatches(rule.source(), source.get(), info)) {
                continue;
            }
            if (target.isPresent() && !targetMatches(rule, target.get(), info)) {
                continue;
            }
            out.add(new Match(rule,
                    info.map(i -> TokenMeaning.sourceQubes(rule.source(), i)),
                    info.map(i -> TokenMeaning.targetQubes(rule.target(), source.orElse(""), i))));
        }
        return out;
    }

    private static boolean sourceMatches(Token token, String source, Optional<SystemInfo> info) {
        if (info.isPresent()) {
            return TokenMeaning.matchesSource(token, source, info.get());
        }
        return switch (token) {
            case Token.Any any -> true;
            case Token.AnyVm anyVm -> !isDom0(source);
            case Token.AdminVm adminVm -> isDom0(source);
            case Token.Name name -> name.text().equals(source) || isDom0(name.text()) && isDom0(source);
            case Token.Uuid uuid -> uuid.text().equals(source);
            case Token.Tag tag -> true;
            case Token.Type type -> true;
            case Token.Default def -> false;
            case Token.DispVm dispVm -> false;
            case Token.DispVmTemplate template -> false;
            case Token.DispVmTag tag -> false;
        };
    }

    /** The rule's target column matches the target, or its {@code target=} redirects there. */
    private boolean targetMatches(Rule rule, String target, Optional<SystemInfo> info) {
        if (info.isPresent()) {
            String from = source.orElse("");
            return TokenMeaning.matchesTarget(rule.target(), from, target, info.get())
                    || rule.action().redirect().map(t -> t.text().equals(target)
                            || TokenMeaning.matchesTarget(t, from, target, info.get())).orElse(false);
        }
        return targetMatches(rule.target(), target)
                || rule.action().redirect().map(t -> targetMatches(t, target)).orElse(false);
    }

    private static boolean targetMatches(Token token, String target) {
        return switch (token) {
            case Token.Any any -> true;
            case Token.AnyVm anyVm -> !isDom0(target) && !target.startsWith("@") || target.startsWith("@dispvm");
            case Token.AdminVm adminVm -> isDom0(target);
            case Token.Name name -> name.text().equals(target) || isDom0(name.text()) && isDom0(target);
            case Token.Uuid uuid -> uuid.text().equals(target);
            case Token.Default def -> target.equals("@default");
            case Token.DispVm dispVm -> target.equals("@dispvm");
            case Token.DispVmTemplate template -> template.text().equals(target) || target.equals("@dispvm");
            case Token.DispVmTag tag -> target.startsWith("@dispvm");
            case Token.Tag tag -> !target.startsWith("@");
            case Token.Type type -> !target.startsWith("@");
        };
    }

    private static boolean isDom0(String name) {
        return name.equals("dom0") || name.equals("@adminvm") || name.equals("uuid:00000000-0000-0000-0000-000000000000");
    }
}
