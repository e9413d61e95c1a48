package dev.qrexec.eval;

import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Explains decisions of one {@link Evaluator} with the evaluator's own matching and
 * ask code: the decision is the evaluator's, the walk over the rules asks the same
 * compiled tokens, and the offer of an {@code ask} is computed again by the same
 * code with a recorder listening.
 */
public final class Explainer {
    private final Evaluator evaluator;

    public Explainer(Evaluator evaluator) {
        this.evaluator = evaluator;
    }

    /** Explains {@code request} with the qubes of {@code info}; the reply is the one for {@code mode}. */
    public Explanation explain(Request request, SystemInfo info, Mode mode) {
        Evaluation evaluation = evaluator.evaluate(request, info);
        Decision decision = evaluation.decision();
        Optional<String> reply = decision instanceof Decision.AskUser && mode.equals(Mode.INTERACTIVE)
                ? Optional.empty()
                : Optional.of(Responder.respond(evaluation, info, mode, Interaction.NONE).text());
        if (decision instanceof Decision.Denied denied
                && (denied.stage() == Decision.Stage.LOAD || denied.stage() == Decision.Stage.REQUEST)) {
            return new Explanation(evaluation, reply, List.of(), Optional.empty(), Optional.empty());
        }
        Subject subject = new Subject(info, evaluation.source(), evaluation.target());
        List<Mismatch> skipped = new ArrayList<>();
        Optional<Rule> matched = walk(request, subject, skipped);
        Optional<AskOffer> offer = Optional.empty();
        if (matched.isPresent() && matched.get().action() instanceof Action.Ask ask) {
            offer = offer(matched.get(), ask, request, subject);
        }
        return new Explanation(evaluation, reply, skipped, matched, offer);
    }

    /**
     * The rules for the request's service in policy order, up to the first that
     * matches: each that does not match goes to {@code skipped}. Empty when none
     * matches or matching fails the way the reference fails.
     */
    private Optional<Rule> walk(Request request, Subject subject, List<Mismatch> skipped) {
        CompiledPolicy policy = evaluator.policy();
        int n = policy.rules().size();
        try {
            for (int i = 0; i < n; i++) {
                Rule rule = policy.rule(i);
                if (!rule.service().matches(request.service())) {
                    continue;
                }
                if (!rule.argument().matches(request.argument())) {
                    skipped.add(new Mismatch(rule, Mismatch.Column.ARGUMENT, argumentMismatch(request)));
                } else if (!policy.source(i).matchesSource(subject)) {
                    skipped.add(new Mismatch(rule, Mismatch.Column.SOURCE, policy.source(i).sourceMismatch(subject)));
                } else if (!policy.target(i).matchesTarget(subject)) {
                    skipped.add(new Mismatch(rule, Mismatch.Column.TARGET, policy.target(i).targetMismatch(subject)));
                } else {
                    return Optional.of(rule);
                }
            }
        } catch (ReferenceCrash crash) {
            // the evaluation denies with this failure as its reason
        }
        return Optional.empty();
    }

    private static String argumentMismatch(Request request) {
        return request.argument().equals("+")
                ? "the call has no argument"
                : "the call's argument is " + request.argument();
    }

    /** The offer of the ask {@code rule}, computed again with a recorder; empty where the reference fails. */
    private Optional<AskOffer> offer(Rule rule, Action.Ask ask, Request request, Subject subject) {
        AskRecorder recorder = new AskRecorder();
        try {
            Decision decision = evaluator.ask(rule, ask, request, subject, new ArrayList<>(), recorder);
            return Optional.of(recorder.offer(decision));
        } catch (ReferenceCrash crash) {
            return Optional.empty();
        }
    }

    /**
     * What the ask {@code rule} would offer each qube its source column matches, by
     * name in system-information order, were it the rule deciding that qube's
     * request. A rule for any service or argument is asked about a service or
     * argument that no rule names. Qubes for which the reference would fail are left
     * out.
     */
    public Map<String, AskOffer> offers(Rule rule, SystemInfo info) {
        Map<String, AskOffer> offers = new LinkedHashMap<>();
        if (!(rule.action() instanceof Action.Ask ask)) {
            return offers;
        }
        String service = rule.service() instanceof ServiceSpec.Named named ? named.name() : "*";
        String argument = rule.argument() instanceof ArgumentSpec.Exact exact ? exact.argument() : "+*";
        Request request = new Request("", "", service, argument, "");
        TokenMatcher source = TokenMatcher.of(rule.source());
        for (Domain domain : info.domains()) {
            Subject subject = new Subject(info, domain.name(), "@default");
            try {
                if (source.matchesSource(subject)) {
                    offer(rule, ask, request, subject).ifPresent(offer -> offers.put(domain.name(), offer));
                }
            } catch (ReferenceCrash crash) {
                // the reference fails for this qube: nothing to say about its offer
            }
        }
        return offers;
    }
}
