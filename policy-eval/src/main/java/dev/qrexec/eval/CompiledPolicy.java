package dev.qrexec.eval;

import dev.qrexec.parser.ArgumentSpec;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.LoadResult;
import dev.qrexec.parser.Rule;
import dev.qrexec.parser.ServiceSpec;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded policy ready for evaluation: the flattened rules in order, their tokens
 * compiled once, and an index from service and argument to the rules that can apply
 * to them. A request only looks at the rules for its service and argument, those
 * for its service with any argument, and those for any service, merged back into
 * policy order; the rules for other services cost nothing.
 *
 * <p>A policy that failed to load compiles too: it holds the error and denies
 * everything.
 */
public final class CompiledPolicy {
    private static final int[] NONE = new int[0];

    private final List<Rule> rules;
    private final Rule[] ruleArray;
    private final TokenMatcher[] sources;
    private final TokenMatcher[] targets;
    private final Map<String, ServiceRules> byService;
    private final Map<String, int[]> anyServiceByArgument;
    private final int[] anyService;
    private final Optional<Diagnostic> loadError;
    private final boolean indexed;

    /** The rules of one service: those for each argument, and those for any argument. */
    private record ServiceRules(Map<String, int[]> byArgument, int[] anyArgument) {}

    private CompiledPolicy(List<Rule> rules, Optional<Diagnostic> loadError, boolean indexed) {
        this.rules = List.copyOf(rules);
        this.loadError = Objects.requireNonNull(loadError);
        this.indexed = indexed;
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
        Map<String, List<Integer>> serviceAny = new HashMap<>();
        Map<String, Map<String, List<Integer>>> serviceArg = new HashMap<>();
        Map<String, List<Integer>> anyArg = new HashMap<>();
        List<Integer> any = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Rule rule = ruleArray[i];
            boolean anyArgument = rule.argument() instanceof ArgumentSpec.Any;
            switch (rule.service()) {
                case ServiceSpec.Any s -> {
                    if (anyArgument) {
                        any.add(i);
                    } else {
                        anyArg.computeIfAbsent(rule.argument().text(), k -> new ArrayList<>()).add(i);
                    }
                }
                case ServiceSpec.Named s -> {
                    if (anyArgument) {
                        serviceAny.computeIfAbsent(s.name(), k -> new ArrayList<>()).add(i);
                    } else {
                        serviceArg.computeIfAbsent(s.name(), k -> new HashMap<>())
                                .computeIfAbsent(rule.argument().text(), k -> new ArrayList<>()).add(i);
                    }
                }
            }
        }
        Map<String, ServiceRules> services = new HashMap<>();
        Map<List<Integer>, int[]> arrays = new IdentityHashMap<>();
        for (String service : union(serviceAny.keySet(), serviceArg.keySet())) {
            Map<String, int[]> byArgument = new HashMap<>();
            serviceArg.getOrDefault(service, Map.of()).forEach((arg, list) -> byArgument.put(arg, toArray(list, arrays)));
            services.put(service, new ServiceRules(Map.copyOf(byArgument),
                    toArray(serviceAny.getOrDefault(service, List.of()), arrays)));
        }
        Map<String, int[]> anyServiceArg = new HashMap<>();
        anyArg.forEach((arg, list) -> anyServiceArg.put(arg, toArray(list, arrays)));
        this.byService = Map.copyOf(services);
        this.anyServiceByArgument = Map.copyOf(anyServiceArg);
        this.anyService = indexed ? toArray(any, arrays) : allIndices(n);
    }

    private static List<String> union(java.util.Set<String> a, java.util.Set<String> b) {
        java.util.Set<String> all = new java.util.HashSet<>(a);
        all.addAll(b);
        return new ArrayList<>(all);
    }

    private static int[] toArray(List<Integer> list, Map<List<Integer>, int[]> arrays) {
        if (list.isEmpty()) {
            return NONE;
        }
        return arrays.computeIfAbsent(list, l -> l.stream().mapToInt(Integer::intValue).toArray());
    }

    private static int[] allIndices(int n) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        return all;
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

    /**
     * The sorted index lists whose union, in index order, holds every rule that can
     * apply to the service and argument (and possibly others, which the caller
     * filters): at most four lists.
     */
    int[][] candidates(String service, String argument) {
        if (!indexed) {
            return new int[][] {anyService};
        }
        ServiceRules serviceRules = byService.get(service);
        int[] exact = NONE;
        int[] serviceAny = NONE;
        if (serviceRules != null) {
            exact = serviceRules.byArgument().getOrDefault(argument, NONE);
            serviceAny = serviceRules.anyArgument();
        }
        int[] argumentOnly = anyServiceByArgument.isEmpty() ? NONE : anyServiceByArgument.getOrDefault(argument, NONE);
        return new int[][] {exact, serviceAny, argumentOnly, anyService};
    }
}
