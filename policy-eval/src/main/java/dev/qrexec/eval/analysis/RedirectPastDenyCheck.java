package dev.qrexec.eval.analysis;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Token;
import java.util.List;
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
        for (int i = 0; i < rules.size(); i++) {
            Rule rule = rules.get(i);
            if (!rule.position().hasLine()) {
                continue;
            }
            Optional<Token> destination = destination(rule.action());
            if (destination.isEmpty()) {
                continue;
            }
            Token to = destination.get();
            for (int j = 0; j < i; j++) {
                Rule deny = rules.get(j);
                if (deny.action() instanceof Action.Deny
                        && Coverage.covers(deny.service(), rule.service())
                        && Coverage.covers(deny.argument(), rule.argument())
                        && Coverage.covers(deny.source(), rule.source())
                        && Coverage.covers(deny.target(), to)
                        && !Coverage.covers(deny.target(), rule.target())) {
                    String parameter = rule.action() instanceof Action.Ask ask && ask.target().isEmpty()
                            ? "default_target=" : "target=";
                    out.add(Diagnostic.warning(Code.REDIRECT_PAST_DENY, rule.position(),
                            parameter + to.text() + " sends calls to " + to.text() + ", which the earlier rule at "
                                    + deny.position().fileAndLine() + " (" + deny.text() + ") denies"));
                    break;
                }
            }
        }
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
