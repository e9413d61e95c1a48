package dev.qrexec.eval.diff;

import dev.qrexec.eval.ApplicableRules;
import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Evaluation;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.ast.Rule;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The semantic difference of two policies for one system information: every request
 * of the {@link RequestUniverse} is decided by both, with the same {@link Evaluator}
 * the daemon uses, and those whose outcome differs ({@link Outcome#behavesLike}) are
 * the changes; the rules added, removed and moved come with them. A service, argument
 * and source for which both policies have the same {@link ApplicableRules} is decided
 * alike for every target, so its requests are not evaluated one by one.
 */
public record PolicyDiff(RequestUniverse universe, List<RequestChange> changes, RuleChanges rules) {
    public PolicyDiff {
        Objects.requireNonNull(universe);
        changes = List.copyOf(changes);
        Objects.requireNonNull(rules);
    }

    /** Orders changes by service and argument, kind, source, then target. */
    public static final Comparator<RequestChange> READING_ORDER = Comparator
            .comparing((RequestChange c) -> c.request().serviceAndArgument())
            .thenComparing(RequestChange::kind)
            .thenComparing(c -> c.request().source())
            .thenComparing(c -> c.request().intendedTarget())
            .thenComparing(c -> c.request().requestedSource());

    /** Compares {@code old} and {@code now}, both loaded; the changes come in {@link #READING_ORDER}. */
    public static PolicyDiff compare(CompiledPolicy old, CompiledPolicy now, SystemInfo info) {
        RequestUniverse universe = new RequestUniverse(old.rules(), now.rules(), info);
        Evaluator before = new Evaluator(old);
        Evaluator after = new Evaluator(now);
        List<Request> groups = new ArrayList<>();
        for (String call : universe.servicesAndArguments()) {
            for (RequestUniverse.Caller caller : universe.callers()) {
                groups.add(Request.of(caller.source(), "", call, caller.requestedSource()));
            }
        }
        List<RequestChange> changes = groups.parallelStream()
                .flatMap(group -> {
                    String source = group.hasRequestedSource() ? group.requestedSource() : group.source();
                    Optional<List<Rule>> was = ApplicableRules.of(old, group.service(), group.argument(), source, info);
                    Optional<List<Rule>> is = ApplicableRules.of(now, group.service(), group.argument(), source, info);
                    if (was.isPresent() && was.equals(is)) {
                        return java.util.stream.Stream.empty();
                    }
                    return universe.targets().stream()
                            .map(target -> new Request(group.source(), target, group.service(), group.argument(),
                                    group.requestedSource()))
                            .map(request -> change(before, after, request, info))
                            .flatMap(Optional::stream);
                })
                .sorted(READING_ORDER)
                .toList();
        return new PolicyDiff(universe, changes, RuleChanges.between(old.rules(), now.rules()));
    }

    /** The change of one request, if its outcome differs. */
    public static Optional<RequestChange> change(Evaluator before, Evaluator after, Request request,
                                                 SystemInfo info) {
        Evaluation was = before.evaluate(request, info);
        Evaluation is = after.evaluate(request, info);
        if (sameDecision(was.decision(), is.decision())) {
            return Optional.empty();
        }
        Outcome old = Outcome.of(was, info);
        Outcome now = Outcome.of(is, info);
        if (old.behavesLike(now)) {
            return Optional.empty();
        }
        return Optional.of(new RequestChange(request, old, now, ChangeKind.of(old, now)));
    }

    /**
     * Whether two decisions certainly give the same replies in every mode: both
     * denials, or the same allow or ask apart from the deciding rule. (Everything
     * the responder reads of a decision is compared.)
     */
    private static boolean sameDecision(Decision a, Decision b) {
        return switch (a) {
            case Decision.Denied x -> b instanceof Decision.Denied;
            case Decision.Allowed x -> b instanceof Decision.Allowed y && x.target().equals(y.target())
                    && x.user().equals(y.user()) && x.autostart() == y.autostart();
            case Decision.AskUser x -> b instanceof Decision.AskUser y && x.targets().equals(y.targets())
                    && x.defaultTarget().equals(y.defaultTarget()) && x.user().equals(y.user())
                    && x.autostart() == y.autostart();
        };
    }

    /** Whether any request gains access ({@link RequestChange#gainsAccess}). */
    public boolean grantsNewAccess() {
        return changes.stream().anyMatch(RequestChange::gainsAccess);
    }

    /**
     * The changes without those that name a qube by {@code uuid:} and change exactly
     * as the same request naming it by name does (same kind, same outcomes): what a
     * person needs to read.
     */
    public List<RequestChange> readableChanges() {
        java.util.Set<List<Object>> byName = new java.util.HashSet<>();
        for (RequestChange change : changes) {
            byName.add(key(change.request(), change));
        }
        List<RequestChange> out = new ArrayList<>();
        for (RequestChange change : changes) {
            Request request = change.request();
            Request named = new Request(universe.byName(request.source()), universe.byName(request.intendedTarget()),
                    request.service(), request.argument(), request.requestedSource());
            if (named.equals(request) || !byName.contains(key(named, change))) {
                out.add(change);
            }
        }
        return out;
    }

    private static List<Object> key(Request request, RequestChange change) {
        return List.of(request, change.kind(), change.old().summary(), change.old().ruleText(),
                change.now().summary(), change.now().ruleText());
    }

    /** The readable changes grouped: by service and argument, then by kind, in reading order. */
    public List<Group> groups() {
        List<Group> groups = new ArrayList<>();
        for (RequestChange change : readableChanges()) {
            Group last = groups.isEmpty() ? null : groups.getLast();
            if (last != null && last.serviceAndArgument().equals(change.request().serviceAndArgument())
                    && last.kind() == change.kind()) {
                last.changes().add(change);
            } else {
                List<RequestChange> list = new ArrayList<>();
                list.add(change);
                groups.add(new Group(change.request().serviceAndArgument(), change.kind(), list));
            }
        }
        return groups;
    }

    /** The changes of one service and argument and one kind. */
    public record Group(String serviceAndArgument, ChangeKind kind, List<RequestChange> changes) {}
}
