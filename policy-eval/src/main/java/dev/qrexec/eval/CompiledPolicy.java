package dev.qrexec.eval;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.load.LoadResult;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loaded policy ready for evaluation: the flattened rules in order, their tokens
 * compiled once, and an index from service and argument to the rules that can apply
 * to them, each kept by what its source token needs ({@link SourceIndex}). A request
 * only looks at the rules for its service and argument, those for its service with
 * any argument, and those for any service, and among those only the ones whose source
 * token can match its source, merged back into policy order; other rules cost nothing.
 *
 * <p>The merged list of one service, argument and source depends on nothing else
 * but the source's qube, so it is kept for the system information it was worked out
 * with ({@link CandidateMemo}): a request like an earlier one costs one lookup.
 *
 * <p>A policy that failed to load compiles too: it holds the error and denies
 * everything.
 */
public final class CompiledPolicy {
    private final List<Rule> rules;
    private final Rule[] ruleArray;
    private final TokenMatcher[] sources;
    private final TokenMatcher[] targets;
    private final Map<String, ServiceRules> byService;
    private final Map<String, SourceIndex> anyServiceByArgument;
    private final SourceIndex anyService;
    private final int[] all;
    private final Optional<Diagnostic> loadError;
    private volatile CandidateMemo memo = new CandidateMemo(null);

    /** The rules of one service: those for each argument, and those for any argument. */
    private record ServiceRules(Map<String, SourceIndex> byArgument, SourceIndex anyArgument) {}

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
        if (!indexed) {
            this.all = new int[n];
            for (int i = 0; i < n; i++) {
                all[i] = i;
            }
            this.byService = Map.of();
            this.anyServiceByArgument = Map.of();
            this.anyService = SourceIndex.EMPTY;
            return;
        }
        this.all = null;
        Map<String, SourceIndex.Builder> serviceAny = new HashMap<>();
        Map<String, Map<String, SourceIndex.Builder>> serviceArg = new HashMap<>();
        Map<String, SourceIndex.Builder> anyArg = new HashMap<>();
        SourceIndex.Builder any = new SourceIndex.Builder();
        for (int i = 0; i < n; i++) {
            Rule rule = ruleArray[i];
            boolean anyArgument = rule.argument() instanceof ArgumentSpec.Any;
            SourceIndex.Builder bucket = switch (rule.service()) {
                case ServiceSpec.Any s -> anyArgument
                        ? any
                        : anyArg.computeIfAbsent(rule.argument().text(), k -> new SourceIndex.Builder());
                case ServiceSpec.Named s -> anyArgument
                        ? serviceAny.computeIfAbsent(s.name(), k -> new SourceIndex.Builder())
                        : serviceArg.computeIfAbsent(s.name(), k -> new HashMap<>())
                                .computeIfAbsent(rule.argument().text(), k -> new SourceIndex.Builder());
            };
            bucket.add(i, rule.source());
        }
        Map<String, ServiceRules> services = new HashMap<>();
        for (String service : serviceAny.keySet()) {
            services.put(service, new ServiceRules(Map.of(), serviceAny.get(service).build()));
        }
        serviceArg.forEach((service, byArgument) -> {
            SourceIndex.Builder anyArgument = serviceAny.get(service);
            services.put(service, new ServiceRules(built(byArgument),
                    anyArgument == null ? SourceIndex.EMPTY : anyArgument.build()));
        });
        this.byService = services;
        this.anyServiceByArgument = built(anyArg);
        this.anyService = any.build();
    }

    private static Map<String, SourceIndex> built(Map<String, SourceIndex.Builder> builders) {
        Map<String, SourceIndex> built = new HashMap<>(builders.size() * 2);
        builders.forEach((key, builder) -> built.put(key, builder.build()));
        return built;
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

    /** Whether the candidates are only rules for the request's service and argument. */
    boolean indexed() {
        return all == null;
    }

    /**
     * The rules that can apply to the service and argument of {@code request} and
     * whose source token can match, or fail on, the subject's source (without the index:
     * every rule), in policy order, each once. The caller must not change the array.
     */
    int[] candidates(Request request, Subject subject) {
        if (all != null) {
            return all;
        }
        CandidateMemo current = memo;
        if (current.info() != subject.info) {
            current = new CandidateMemo(subject.info);
            memo = current;
        }
        CandidateMemo.Key key = new CandidateMemo.Key(request.service(), request.argument(), subject.source);
        int[] list = current.lists().get(key);
        if (list == null) {
            list = select(request, subject).drain();
            current.keep(key, list);
        }
        return list;
    }

    private Candidates select(Request request, Subject subject) {
        Candidates candidates = new Candidates();
        SourceKeys keys = new SourceKeys(subject);
        ServiceRules serviceRules = byService.get(request.service());
        if (serviceRules != null) {
            SourceIndex exact = serviceRules.byArgument().get(request.argument());
            if (exact != null) {
                exact.select(keys, candidates);
            }
            serviceRules.anyArgument().select(keys, candidates);
        }
        if (!anyServiceByArgument.isEmpty()) {
            SourceIndex argumentOnly = anyServiceByArgument.get(request.argument());
            if (argumentOnly != null) {
                argumentOnly.select(keys, candidates);
            }
        }
        anyService.select(keys, candidates);
        return candidates;
    }

    /**
     * Merged candidate lists already worked out with one system information, by
     * service, argument and source; bounded in total size, beyond which lists are
     * worked out again each time.
     */
    private record CandidateMemo(SystemInfo info, ConcurrentHashMap<Key, int[]> lists, AtomicLong size) {
        private static final long MAX_INDICES = 4L << 20;

        CandidateMemo(SystemInfo info) {
            this(info, new ConcurrentHashMap<>(), new AtomicLong());
        }

        record Key(String service, String argument, String source) {}

        void keep(Key key, int[] list) {
            if (size.addAndGet(list.length + 8L) <= MAX_INDICES) {
                lists.putIfAbsent(key, list);
            }
        }
    }
}
