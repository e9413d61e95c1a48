package dev.qrexec.eval;

import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rules a request has to look at, in policy order: an index by service,
 * argument and source ({@link Indexed}), or every rule ({@link Linear}, the oracle
 * the tests compare the index with).
 */
sealed interface RuleIndex {
    /**
     * The rules that can apply to the service and argument of {@code request} and
     * whose source token can match, or fail on, the subject's source (all rules, for
     * the linear scan), in policy order, each once. The caller must not change the array.
     */
    int[] candidates(Request request, Subject subject);

    /** Whether every candidate is for the request's service and argument already. */
    boolean servicesMatched();

    /** The index of {@code rules}. */
    static RuleIndex indexed(List<Rule> rules) {
        return new Indexed(rules);
    }

    /** Every rule, in order. */
    static RuleIndex linear(int size) {
        return new Linear(size);
    }

    /** Every rule, looked at in order. */
    final class Linear implements RuleIndex {
        private final int[] all;

        Linear(int size) {
            all = new int[size];
            for (int i = 0; i < size; i++) {
                all[i] = i;
            }
        }

        @Override
        public int[] candidates(Request request, Subject subject) {
            return all;
        }

        @Override
        public boolean servicesMatched() {
            return false;
        }
    }

    /** The rules by service and argument, each list kept by what its source token needs ({@link SourceIndex}). */
    final class Indexed implements RuleIndex {
        private final Map<String, ServiceRules> byService;
        private final Map<String, SourceIndex> anyServiceByArgument;
        private final SourceIndex anyService;

        /** The rules of one service: those for each argument, and those for any argument. */
        private record ServiceRules(Map<String, SourceIndex> byArgument, SourceIndex anyArgument) {}

        Indexed(List<Rule> rules) {
            Map<String, SourceIndex.Builder> serviceAny = new HashMap<>();
            Map<String, Map<String, SourceIndex.Builder>> serviceArg = new HashMap<>();
            Map<String, SourceIndex.Builder> anyArg = new HashMap<>();
            SourceIndex.Builder any = new SourceIndex.Builder();
            for (int i = 0; i < rules.size(); i++) {
                Rule rule = rules.get(i);
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

        @Override
        public int[] candidates(Request request, Subject subject) {
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
            return candidates.drain();
        }

        @Override
        public boolean servicesMatched() {
            return true;
        }
    }
}
