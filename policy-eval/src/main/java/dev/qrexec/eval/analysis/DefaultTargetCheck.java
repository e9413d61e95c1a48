package dev.qrexec.eval.analysis;

import dev.qrexec.eval.AskOffer;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.Explainer;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Token;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code ask default_target=D} where D is not among the targets offered, so that
 * the evaluator proposes nothing. With {@code target=T} the ask offers only T, which
 * needs no system information (unless D is {@code @dispvm}, which stands for the
 * caller's default template). Otherwise the offer depends on the caller: given the
 * system information, the ask is worked out, by the evaluator's own code, for every
 * qube its source column matches, and the qubes where D is not offered are named.
 */
final class DefaultTargetCheck implements Check {
    private static final int NAMED_QUBES = 5;

    @Override
    public void run(List<Rule> rules, Optional<SystemInfo> info, List<Diagnostic> out) {
        Explainer explainer = info.isPresent() ? new Explainer(new Evaluator(CompiledPolicy.compile(rules))) : null;
        for (Rule rule : rules) {
            if (!(rule.action() instanceof Action.Ask ask) || ask.defaultTarget().isEmpty()) {
                continue;
            }
            Token proposed = ask.defaultTarget().get();
            if (ask.target().isPresent() && !(proposed instanceof Token.DispVm)) {
                String only = choice(ask.target().get());
                if (!choice(proposed).equals(only)) {
                    out.add(Diagnostic.warning(Code.DEFAULT_TARGET_NOT_ALLOWED, rule.position(),
                            "default_target=" + proposed.text() + " is never offered: this ask offers only "
                                    + only));
                }
            } else if (explainer != null) {
                notOffered(rule, proposed, explainer.offers(rule, info.get())).ifPresent(out::add);
            }
        }
    }

    /** A single target as the ask offers it: dom0 under any of its names, others as written. */
    private static String choice(Token token) {
        return Coverage.isDom0(token) ? "dom0" : token.text();
    }

    private static Optional<Diagnostic> notOffered(Rule rule, Token proposed, Map<String, AskOffer> offers) {
        List<String> callers = offers.entrySet().stream()
                .filter(e -> e.getValue().rejectedDefault().isPresent())
                .map(Map.Entry::getKey)
                .toList();
        if (callers.isEmpty()) {
            return Optional.empty();
        }
        String named = String.join(", ", callers.subList(0, Math.min(NAMED_QUBES, callers.size())))
                + (callers.size() > NAMED_QUBES ? " and " + (callers.size() - NAMED_QUBES) + " more" : "");
        return Optional.of(Diagnostic.warning(Code.DEFAULT_TARGET_NOT_ALLOWED, rule.position(),
                "default_target=" + proposed.text() + " is not among the targets this ask offers to " + named
                        + ", so no target is proposed there"));
    }
}
