package dev.qrexec.eval;

import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
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

    /**
     * The targets, as offered: qube names, {@code @dispvm:TEMPLATE} and {@code dom0}.
     * The walk holds them as tokens ({@code @dispvm} and {@code @adminvm} stand for
     * themselves until the end).
     */
    static List<String> collect(CompiledPolicy policy, Request request, Subject subject, AskTrace trace) {
        SystemInfo info = subject.info;
        String source = subject.source;
        Domain sourceDomain = info.require(source);
        String sourceName = sourceDomain.name();
        if (sourceName.equals(source)) {
            sourceDomain.requireUuid(); // the reference reads it, and fails without one
        }
        Set<Token> targets = new LinkedHashSet<>();
        int[] candidates = policy.candidates(request, subject);
        for (int at = candidates.length - 1; at >= 0; at--) {
            int index = candidates[at];
            Rule rule = policy.rule(index);
            if (!policy.forService(index, request) || !policy.source(index).matchesSource(subject)) {
                continue;
            }
            Token effective = rule.action().redirect().orElse(rule.target());
            Set<Token> expansion = expand(effective, info);
            boolean deny = rule.action() instanceof Action.Deny;
            for (Token target : expansion) {
                if (!deny) {
                    targets.add(target);
                    trace.added(target.text(), rule);
                } else if (targets.remove(target)) {
                    trace.removed(target.text(), rule);
                }
            }
        }
        if (targets.remove(Token.DispVm.INSTANCE)) {
            String template = subject.defaultDispvm();
            if (template != null) {
                Token disposable = new Token.DispVmTemplate(template);
                targets.add(disposable);
                trace.replaced(Token.DispVm.INSTANCE.text(), disposable.text(),
                        "the default disposable template of " + source + " is " + template);
            } else {
                trace.dropped(Token.DispVm.INSTANCE.text(), source + " has no default disposable template");
            }
        }
        if (targets.remove(Token.AdminVm.INSTANCE)) {
            targets.add(new Token.Name(Resolution.Dom0.PLAIN.text()));
            trace.replaced(Token.AdminVm.INSTANCE.text(), Resolution.Dom0.PLAIN.text(), "@adminvm is dom0");
        }
        if (targets.remove(new Token.Name(sourceName))) {
            trace.dropped(sourceName, "it is the source itself");
        }
        List<String> offered = new ArrayList<>(targets.size());
        for (Token target : targets) {
            String name = switch (target) {
                case Token.DispVmTemplate template -> template.template();
                case Token.Name qube -> qube.name();
                // the walk holds nothing else
                case Token.Uuid other -> other.text();
                case Token.Any other -> other.text();
                case Token.AnyVm other -> other.text();
                case Token.AdminVm other -> other.text();
                case Token.Default other -> other.text();
                case Token.DispVm other -> other.text();
                case Token.DispVmTag other -> other.text();
                case Token.Tag other -> other.text();
                case Token.Type other -> other.text();
            };
            if (info.require(name).internal()) {
                trace.dropped(target.text(), name + " is an internal qube");
            } else {
                offered.add(target.text());
            }
        }
        return offered;
    }

    /**
     * What a target token stands for: qube names, {@code @dispvm:NAME}, and the
     * keywords {@code @dispvm} and {@code @adminvm} as themselves.
     */
    static Set<Token> expand(Token token, SystemInfo info) {
        Set<Token> out = new LinkedHashSet<>();
        switch (token) {
            case Token.Name name -> addKnown(name.text(), info, out);
            case Token.Uuid uuid -> addKnown(uuid.text(), info, out);
            case Token.Any any -> everything(info, out, true);
            case Token.AnyVm anyVm -> everything(info, out, false);
            case Token.Default def -> { }
            case Token.AdminVm adminVm -> out.add(adminVm);
            case Token.DispVm dispVm -> out.add(dispVm);
            case Token.DispVmTemplate template -> {
                Domain domain = info.require(template.template());
                if (domain.templateForDispvms()) {
                    out.add(new Token.DispVmTemplate(domain.name()));
                }
            }
            case Token.DispVmTag tag -> {
                for (Domain domain : info.domains()) {
                    if (domain.hasTag(tag.tag()) && domain.templateForDispvms()) {
                        out.add(new Token.DispVmTemplate(domain.name()));
                    }
                }
            }
            case Token.Type type -> {
                for (Domain domain : info.domains()) {
                    if (type.type().equals(domain.type())) {
                        out.add(new Token.Name(domain.name()));
                    }
                }
            }
            case Token.Tag tag -> {
                for (Domain domain : info.domains()) {
                    if (domain.hasTag(tag.tag())) {
                        out.add(new Token.Name(domain.name()));
                    }
                }
            }
        }
        return out;
    }

    private static void addKnown(String key, SystemInfo info, Set<Token> out) {
        Domain domain = info.get(key);
        if (domain != null) {
            out.add(new Token.Name(domain.name()));
        }
    }

    /** Every qube (dom0 only with {@code withDom0}), every disposable template as {@code @dispvm:NAME}, and {@code @dispvm}. */
    private static void everything(SystemInfo info, Set<Token> out, boolean withDom0) {
        for (Domain domain : info.domains()) {
            if (withDom0 || !Targets.isDom0(domain.name())) {
                out.add(new Token.Name(domain.name()));
            }
        }
        for (Domain domain : info.domains()) {
            if (domain.templateForDispvms()) {
                out.add(new Token.DispVmTemplate(domain.name()));
            }
        }
        out.add(Token.DispVm.INSTANCE);
    }
}
