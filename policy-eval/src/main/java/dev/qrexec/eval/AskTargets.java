package dev.qrexec.eval;

import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The targets an {@code ask} offers when its rule has no {@code target=}: every
 * rule for the service, argument and source is walked from the last to the first;
 * allow and ask rules add what their target stands for, deny rules take it away.
 * Then {@code @dispvm} becomes the source's default template, {@code @adminvm}
 * becomes {@code dom0}, and the source itself and internal qubes are dropped.
 */
final class AskTargets {
    private AskTargets() {}

    static List<String> collect(Evaluator evaluator, Request request, Subject subject, AskTrace trace) {
        SystemInfo info = subject.info;
        String source = subject.source;
        Domain sourceDomain = info.require(source);
        String sourceName;
        String sourceUuid;
        if (source.startsWith(Targets.UUID_PREFIX)) {
            sourceName = sourceDomain.name();
            sourceUuid = source;
        } else {
            sourceName = source;
            sourceUuid = Targets.UUID_PREFIX + sourceDomain.requireUuid();
        }
        CompiledPolicy policy = evaluator.policy();
        Set<String> targets = new LinkedHashSet<>();
        int[] candidates = policy.candidates(request, subject);
        for (int at = candidates.length - 1; at >= 0; at--) {
            int index = candidates[at];
            Rule rule = policy.rule(index);
            if (!Evaluator.forService(policy, rule, request) || !policy.source(index).matchesSource(subject)) {
                continue;
            }
            Token effective = rule.action().redirect().orElse(rule.target());
            Set<String> expansion = expand(effective, info);
            boolean deny = rule.action() instanceof Action.Deny;
            for (String target : expansion) {
                if (!deny) {
                    targets.add(target);
                    trace.added(target, rule);
                } else if (targets.remove(target)) {
                    trace.removed(target, rule);
                }
            }
        }
        if (targets.remove("@dispvm")) {
            String template = subject.defaultDispvm();
            if (template != null) {
                targets.add(Targets.DISPVM_PREFIX + template);
                trace.replaced("@dispvm", Targets.DISPVM_PREFIX + template,
                        "the default disposable template of " + source + " is " + template);
            } else {
                trace.dropped("@dispvm", source + " has no default disposable template");
            }
        }
        if (targets.remove("@adminvm")) {
            targets.add("dom0");
            trace.replaced("@adminvm", "dom0", "@adminvm is dom0");
        }
        if (targets.remove(sourceName)) {
            trace.dropped(sourceName, "it is the source itself");
        }
        if (targets.remove(sourceUuid)) {
            trace.dropped(sourceUuid, "it is the source itself");
        }
        for (Iterator<String> it = targets.iterator(); it.hasNext(); ) {
            String target = it.next();
            String name = target.startsWith(Targets.DISPVM_PREFIX)
                    ? target.substring(Targets.DISPVM_PREFIX.length())
                    : target;
            if (info.require(name).internal()) {
                it.remove();
                trace.dropped(target, name + " is an internal qube");
            }
        }
        return new ArrayList<>(targets);
    }

    /** What a target token stands for, as qube names, {@code @dispvm:NAME}, {@code @dispvm} or {@code @adminvm}. */
    static Set<String> expand(Token token, SystemInfo info) {
        Set<String> out = new LinkedHashSet<>();
        switch (token) {
            case Token.Name name -> addKnown(name.text(), info, out);
            case Token.Uuid uuid -> addKnown(uuid.text(), info, out);
            case Token.Any any -> everything(info, out, true);
            case Token.AnyVm anyVm -> everything(info, out, false);
            case Token.Default def -> { }
            case Token.AdminVm adminVm -> out.add("@adminvm");
            case Token.DispVm dispVm -> out.add("@dispvm");
            case Token.DispVmTemplate template -> {
                Domain domain = info.require(template.template());
                if (domain.templateForDispvms()) {
                    out.add(Targets.DISPVM_PREFIX + domain.name());
                }
            }
            case Token.DispVmTag tag -> {
                for (Domain domain : info.domains()) {
                    if (domain.hasTag(tag.tag()) && domain.templateForDispvms()) {
                        out.add(Targets.DISPVM_PREFIX + domain.name());
                    }
                }
            }
            case Token.Type type -> {
                for (Domain domain : info.domains()) {
                    if (type.type().equals(domain.type())) {
                        out.add(domain.name());
                    }
                }
            }
            case Token.Tag tag -> {
                for (Domain domain : info.domains()) {
                    if (domain.hasTag(tag.tag())) {
                        out.add(domain.name());
                    }
                }
            }
        }
        return out;
    }

    private static void addKnown(String key, SystemInfo info, Set<String> out) {
        Domain domain = info.get(key);
        if (domain != null) {
            out.add(domain.name());
        }
    }

    /** Every qube (dom0 only with {@code withDom0}), every disposable template as {@code @dispvm:NAME}, and {@code @dispvm}. */
    private static void everything(SystemInfo info, Set<String> out, boolean withDom0) {
        for (Domain domain : info.domains()) {
            if (withDom0 || !Targets.isDom0(domain.name())) {
                out.add(domain.name());
            }
        }
        for (Domain domain : info.domains()) {
            if (domain.templateForDispvms()) {
                out.add(Targets.DISPVM_PREFIX + domain.name());
            }
        }
        out.add("@dispvm");
    }
}
