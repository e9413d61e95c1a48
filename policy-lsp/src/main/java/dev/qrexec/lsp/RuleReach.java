package dev.qrexec.lsp;

import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Domain;
import dev.qrexec.eval.Evaluation;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The calls a rule decides among the qubes of the system information: every qube as
 * the source, every qube, {@code @dispvm}, {@code @dispvm:TEMPLATE} and no target as
 * the target, for the rule's service and the arguments the policy names, each
 * decided by the library's evaluator; the calls whose deciding rule is this one.
 */
final class RuleReach {
    /** A service name no policy uses, standing for "any other service" when the rule is for {@code *}. */
    static final String OTHER_SERVICE = "other.Service";

    /** One call the rule decides and the outcome. */
    record Call(String source, String target, String argument, String outcome) {}

    private RuleReach() {}

    /** The calls {@code rule} (one of the evaluator's rules, compared by identity) decides. */
    static List<Call> calls(Rule rule, Evaluator evaluator, SystemInfo info) {
        List<Rule> rules = evaluator.policy().rules();
        String service = rule.service() instanceof ServiceSpec.Named named ? named.name() : OTHER_SERVICE;
        Set<String> arguments = new LinkedHashSet<>();
        if (rule.argument() instanceof ArgumentSpec.Exact exact) {
            arguments.add(exact.argument());
        } else {
            arguments.add("+");
            for (Rule other : rules) {
                if (other.service().matches(service) && other.argument() instanceof ArgumentSpec.Exact exact) {
                    arguments.add(exact.argument());
                }
            }
        }
        List<String> targets = new ArrayList<>();
        targets.add("");
        for (Domain domain : info.domains()) {
            targets.add(domain.name());
        }
        targets.add("@dispvm");
        for (Domain domain : info.domains()) {
            if (domain.templateForDispvms()) {
                targets.add("@dispvm:" + domain.name());
            }
        }
        List<Call> out = new ArrayList<>();
        for (Domain source : info.domains()) {
            for (String target : targets) {
                for (String argument : arguments) {
                    Evaluation evaluation = evaluator.evaluate(
                            new Request(source.name(), target, service, argument, ""), info);
                    Decision decision = evaluation.decision();
                    if (decision.decidingRule().filter(r -> r == rule).isPresent()) {
                        out.add(new Call(source.name(), target, argument, outcome(decision)));
                    }
                }
            }
        }
        return out;
    }

    private static String outcome(Decision decision) {
        return switch (decision) {
            case Decision.Allowed allowed -> "allow";
            case Decision.AskUser ask -> "ask";
            case Decision.Denied denied -> "deny";
        };
    }

    /**
     * The calls as markdown lines, one per source and outcome:
     * {@code - work → personal, vault: allow}, at most {@code limit} lines.
     */
    static List<String> summary(List<Call> calls, boolean showArguments, int limit) {
        Map<String, List<String>> grouped = new LinkedHashMap<>();
        for (Call call : calls) {
            String key = call.source() + "\u0000" + call.outcome()
                    + (showArguments ? "\u0000" + call.argument() : "");
            grouped.computeIfAbsent(key, k -> new ArrayList<>())
                    .add(call.target().isEmpty() ? "(no target)" : call.target());
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : grouped.entrySet()) {
            String[] key = entry.getKey().split("\u0000");
            if (lines.size() == limit) {
                lines.add("- … and " + (grouped.size() - limit) + " more");
                break;
            }
            lines.add("- `" + key[0] + "` → " + String.join(", ", entry.getValue()) + ": " + key[1]
                    + (showArguments ? " (argument " + key[2] + ")" : ""));
        }
        return lines;
    }
}
