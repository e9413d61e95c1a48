package dev.qrexec.eval;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.load.LoadResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded policy ready for evaluation: the flattened rules in order, their tokens
 * compiled once, and the {@link RuleIndex} that tells which rules a request has to
 * look at: by service, argument and source, or all of them for the linear scan the
 * tests compare with. The indexed lists are kept in a {@link CandidateMemo} beside
 * the index, per system information.
 *
 * <p>A policy that failed to load compiles too: it holds the error and denies
 * everything.
 */
public final class CompiledPolicy {
    private final List<Rule> rules;
    private final Rule[] ruleArray;
    private final TokenMatcher[] sources;
    private final TokenMatcher[] targets;
    private final RuleIndex index;
    private final CandidateMemo memo = new CandidateMemo();
    private final Optional<Diagnostic> loadError;

    private CompiledPolicy(List<Rule> rules, Optional<Diagnostic> loadError, boolean indexed) {
        this.rules = List.copyOf(rules);
        this.loadError = Objects.requireNonNull(loadError);
        int n = this.rules.size();
        this.ruleArray = this.rules.toArray(new Rule[0]);
        this.sources = new TokenMatcher[n];
        this.targets = new TokenMatcher[n];
        Map<Object, TokenMatcher> shared = new HashMap<>();
        for (int i = 0; i < n; i++) {
            Rule rule = ruleArray[i];
            sources[i] = shared.computeIfAbsent(rule.source(), t -> TokenMatcher.of(rule.source()));
            targets[i] = shared.computeIfAbsent(rule.target(), t -> TokenMatcher.of(rule.target()));
        }
        this.index = indexed ? RuleIndex.indexed(this.rules) : RuleIndex.linear(n);
    }

    /** The policy of a load result; a failed load denies everything. */
    public static CompiledPolicy compile(LoadResult result) {
        Optional<Diagnostic> error = result.firstError();
        return error.isPresent()
                ? new CompiledPolicy(List.of(), error, true)
                : new CompiledPolicy(result.tree().rules(), Optional.empty(), true);
    }

    /** An indexed policy of these rules in this order. */
    public static CompiledPolicy compile(List<Rule> rules) {
        return new CompiledPolicy(rules, Optional.empty(), true);
    }

    /** The same rules without the index: every request looks at every rule (the test oracle). */
    public static CompiledPolicy linear(List<Rule> rules) {
        return new CompiledPolicy(rules, Optional.empty(), false);
    }

    /** The rules in evaluation order. */
    public List<Rule> rules() {
        return rules;
    }

    /** Why the policy did not load, if it did not. */
    public Optional<Diagnostic> loadError() {
        return loadError;
    }

    Rule rule(int index) {
        return ruleArray[index];
    }

    TokenMatcher source(int index) {
        return sources[index];
    }

    TokenMatcher target(int index) {
        return targets[index];
    }

    /** The rules {@code request} has to look at, in policy order (see {@link RuleIndex#candidates}). */
    int[] candidates(Request request, Subject subject) {
        return switch (index) {
            case RuleIndex.Indexed indexed -> memo.candidates(indexed, request, subject);
            case RuleIndex.Linear linear -> linear.candidates(request, subject);
        };
    }

    /** Whether rule {@code at}, a candidate, is for the request's service and argument. */
    boolean forService(int at, Request request) {
        Rule rule = ruleArray[at];
        return index.servicesMatched()
                || rule.service().matches(request.service()) && rule.argument().matches(request.argument());
    }
}
