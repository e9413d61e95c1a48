package dev.qrexec.eval.diff;

import dev.qrexec.eval.Domain;
import dev.qrexec.eval.ReferenceCrash;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.PolicySyntaxException;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Token;
import dev.qrexec.parser.ast.TokenContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The finite set of requests that stands for every request a policy pair can be
 * asked, for one system information. Two requests that no rule of either policy
 * tells apart get the same answer from both, so one of them is enough:
 * <ul>
 * <li>sources: every qube by name and by {@code uuid:}, every name a source column of either policy
 *     names, {@code dom0}, and one name that exists nowhere;</li>
 * <li>intended targets: {@code @default} (also what an empty target and a qube that
 *     does not exist become), every qube by name and by {@code uuid:}, {@code @adminvm},
 *     {@code @dispvm}, and {@code @dispvm:T} and {@code @dispvm:uuid:U} for every
 *     disposable template; other forms are refused before any rule is read;</li>
 * <li>services: every service either policy names, and one named by neither;
 *     arguments of a service: every argument a rule for it (or for any service)
 *     names, and one named by none;</li>
 * <li>relayed calls: for every RemoteVM with a relay, the relay calling with the
 *     RemoteVM as requested source.</li>
 * </ul>
 * {@link #representative} maps any request to the member that stands for it.
 */
public final class RequestUniverse {
    private final SystemInfo info;
    private final List<String> sources;
    private final Set<String> sourceSet;
    private final List<String> targets;
    private final Set<String> targetSet;
    private final Map<String, List<String>> arguments;
    private final Map<String, String> unnamedArgument = new LinkedHashMap<>();
    private final List<String> anyServiceArguments;
    private final String otherSource;
    private final String otherService;
    private final String otherArgumentBase;
    private final List<String[]> relays;

    /** The universe of the rules of both policies, for {@code info}. */
    public RequestUniverse(Collection<Rule> oldRules, Collection<Rule> newRules, SystemInfo info) {
        this.info = info;
        List<Rule> all = new ArrayList<>(oldRules);
        all.addAll(newRules);
        Set<String> names = new TreeSet<>();
        Map<String, Set<String>> byService = new LinkedHashMap<>();
        Set<String> anyService = new TreeSet<>();
        for (Rule rule : all) {
            if (rule.source() instanceof Token.Name name) {
                names.add(name.name());
            }
            Set<String> args = switch (rule.service()) {
                case ServiceSpec.Named named -> byService.computeIfAbsent(named.name(), k -> new TreeSet<>());
                case ServiceSpec.Any any -> anyService;
            };
            if (rule.argument() instanceof ArgumentSpec.Exact exact) {
                args.add(exact.argument());
            }
        }
        Set<String> allNames = new LinkedHashSet<>();
        info.domains().forEach(d -> allNames.add(d.name()));
        info.domains().stream().filter(d -> d.uuid() != null).forEach(d -> allNames.add("uuid:" + d.uuid()));
        allNames.addAll(names);
        allNames.add("dom0");
        this.otherSource = fresh("unknown-qube", allNames);
        allNames.add(otherSource);
        this.sources = List.copyOf(allNames);
        this.sourceSet = Set.copyOf(sources);

        Set<String> forms = new LinkedHashSet<>();
        forms.add("@default");
        forms.add("@adminvm");
        forms.add("@dispvm");
        for (Domain domain : info.domains()) {
            forms.add(domain.name());
            if (domain.uuid() != null) {
                forms.add("uuid:" + domain.uuid());
            }
        }
        for (Domain domain : info.domains()) {
            if (isTemplate(domain)) {
                forms.add("@dispvm:" + domain.name());
                if (domain.uuid() != null) {
                    forms.add("@dispvm:uuid:" + domain.uuid());
                }
            }
        }
        this.targets = List.copyOf(forms);
        this.targetSet = Set.copyOf(targets);

        Set<String> services = new TreeSet<>(byService.keySet());
        this.otherService = fresh("unknown.Service", services);
        this.anyServiceArguments = List.copyOf(anyService);
        Set<String> everyArgument = new TreeSet<>(anyService);
        byService.values().forEach(everyArgument::addAll);
        this.otherArgumentBase = fresh("+unknown-argument", everyArgument);
        Map<String, List<String>> argumentsOf = new LinkedHashMap<>();
        for (String service : services) {
            argumentsOf.put(service, argumentsFor(service, byService.get(service)));
        }
        argumentsOf.put(otherService, argumentsFor(otherService, Set.of()));
        this.arguments = argumentsOf;

        List<String[]> relayed = new ArrayList<>();
        for (Domain domain : info.domains()) {
            try {
                if ("RemoteVM".equals(domain.type()) && domain.relayvm() != null && !domain.relayvm().isEmpty()) {
                    relayed.add(new String[] {domain.relayvm(), domain.name()});
                }
            } catch (ReferenceCrash missing) {
                // no type: not a RemoteVM
            }
        }
        this.relays = relayed;
    }

    /** The arguments to try for a service whose own rules name {@code named}: those, the any-service ones, and one more. */
    private List<String> argumentsFor(String service, Set<String> named) {
        Set<String> args = new TreeSet<>(named);
        args.addAll(anyServiceArguments);
        String unnamed = args.contains("+") ? otherArgumentBase : "+";
        unnamedArgument.put(service, unnamed);
        args.add(unnamed);
        return List.copyOf(args);
    }

    private static boolean isTemplate(Domain domain) {
        try {
            return domain.templateForDispvms();
        } catch (ReferenceCrash missing) {
            return false;
        }
    }

    private static String fresh(String base, Set<String> taken) {
        String name = base;
        for (int i = 2; taken.contains(name); i++) {
            name = base + i;
        }
        return name;
    }

    public List<String> sources() {
        return sources;
    }

    public List<String> targets() {
        return targets;
    }

    /** Every service and argument as {@code SERVICE+ARG} ({@code SERVICE+} for none). */
    public List<String> servicesAndArguments() {
        List<String> out = new ArrayList<>();
        arguments.forEach((service, args) -> args.forEach(arg -> out.add(service + arg)));
        return out;
    }

    /** A caller: a source, and the RemoteVM a relay calls for ({@code ""} for none). */
    public record Caller(String source, String requestedSource) {
        /** The source the policy sees: the requested source of a relayed call. */
        public String effectiveSource() {
            return requestedSource.isEmpty() ? source : requestedSource;
        }
    }

    /**
     * The name form of a qube written {@code uuid:U} (also after {@code @dispvm:}), or
     * {@code form} itself.
     */
    public String byName(String form) {
        String prefix = form.startsWith("@dispvm:") ? "@dispvm:" : "";
        String rest = form.substring(prefix.length());
        if (rest.startsWith("uuid:")) {
            Domain domain = info.get(rest);
            if (domain != null) {
                return prefix + domain.name();
            }
        }
        return form;
    }

    /** Every caller: each source, then each relay with its RemoteVM. */
    public List<Caller> callers() {
        List<Caller> out = new ArrayList<>();
        sources.forEach(s -> out.add(new Caller(s, "")));
        relays.forEach(r -> out.add(new Caller(r[0], r[1])));
        return out;
    }

    /** How many requests the universe holds. */
    public long size() {
        return (long) sources.size() * targets.size() * servicesAndArguments().size()
                + (long) relays.size() * targets.size() * servicesAndArguments().size();
    }

    /** Every request, in a fixed order: service, source, target; relayed calls last. */
    public List<Request> requests() {
        List<Request> out = new ArrayList<>();
        for (String call : servicesAndArguments()) {
            for (String source : sources) {
                for (String target : targets) {
                    out.add(Request.of(source, target, call));
                }
            }
            for (String[] relay : relays) {
                for (String target : targets) {
                    out.add(Request.of(relay[0], target, call, relay[1]));
                }
            }
        }
        return out;
    }

    /**
     * The member of the universe that every policy of the pair answers as it answers
     * {@code request}, or null when no policy reads any rule for it (the request is
     * refused, identically, before matching: an invalid intended target, a
     * {@code @dispvm:} of a qube that is not a disposable template, or a requested
     * source other than a RemoteVM's own relay).
     */
    public Request representative(Request request) {
        String source = sourceSet.contains(request.source()) ? request.source() : otherSource;
        String target = request.intendedTarget().isEmpty() ? "@default" : request.intendedTarget();
        if (!targetSet.contains(target)) {
            Token token;
            try {
                token = Token.parse(target, TokenContext.INTENDED_TARGET);
            } catch (PolicySyntaxException e) {
                return null;
            }
            // a qube that does not exist becomes @default; every other form not in the universe is
            // refused before any rule is read
            boolean unnamedQube = switch (token) {
                case Token.Name name -> true;
                case Token.Uuid uuid -> true;
                case Token.Any any -> false;
                case Token.AnyVm anyVm -> false;
                case Token.AdminVm adminVm -> false;
                case Token.Default keyword -> false;
                case Token.DispVm dispVm -> false;
                case Token.DispVmTemplate dispVm -> false;
                case Token.DispVmTag dispVm -> false;
                case Token.Tag tag -> false;
                case Token.Type type -> false;
            };
            if (!unnamedQube) {
                return null;
            }
            target = "@default";
        }
        List<String> args = arguments.get(request.service());
        String service = args == null ? otherService : request.service();
        if (args == null) {
            args = arguments.get(otherService);
        }
        String argument = request.argument();
        if (!args.contains(argument)) {
            argument = unnamedArgument.get(service);
        }
        if (request.hasRequestedSource()) {
            for (String[] relay : relays) {
                if (relay[0].equals(request.source()) && relay[1].equals(request.requestedSource())) {
                    return new Request(request.source(), target, service, argument, request.requestedSource());
                }
            }
            return null;
        }
        return new Request(source, target, service, argument, "");
    }
}
