package dev.qrexec.eval.graph;

import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Decision;
import dev.qrexec.eval.Domain;
import dev.qrexec.eval.Evaluation;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.ReferenceCrash;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.SequencedSet;
import java.util.Set;

/**
 * Which qube may call which: every service of the policy asked for every source and
 * every target, drawn as a Graphviz DOT digraph in the reference's exact format.
 * Allowed calls are red edges, calls that ask the user orange ones; denials are not
 * drawn. A request the reference would crash on is a denial here, so a graph is
 * always produced.
 */
public final class PolicyGraph {
    private final Evaluator evaluator;
    private final SystemInfo info;

    public PolicyGraph(CompiledPolicy policy, SystemInfo info) {
        this.evaluator = new Evaluator(policy);
        this.info = info;
    }

    /** The whole document: {@code digraph g {}, the body lines, {@code }}, each line ended by a line feed. */
    public String dot(GraphOptions options) {
        StringBuilder out = new StringBuilder("digraph g {\n");
        for (String line : lines(options)) {
            out.append(line).append('\n');
        }
        return out.append("}\n").toString();
    }

    /**
     * The body lines in drawing order, each written the first time it comes up: for
     * every call, source and target, the source node, the target node and the edge.
     */
    public SequencedSet<String> lines(GraphOptions options) {
        List<String> qubes = info.domains().stream().map(Domain::name).toList();
        List<String> sources = options.sources().isEmpty() ? qubes : List.copyOf(new LinkedHashSet<>(options.sources()));
        List<String> targets = targets(qubes);
        SequencedSet<String> lines = new LinkedHashSet<>();
        for (ServiceCall call : calls(options)) {
            for (String source : sources) {
                for (String target : targets) {
                    Request request = new Request(source, target, call.requestService(), call.requestArgument(), "");
                    draw(call, evaluator.evaluate(request, info), options, lines);
                }
            }
        }
        return Collections.unmodifiableSequencedSet(lines);
    }

    /** Every qube, then {@code @dispvm}, a disposable of every disposable template, and {@code @default}. */
    private List<String> targets(List<String> qubes) {
        List<String> targets = new ArrayList<>(qubes);
        targets.add("@dispvm");
        for (Domain domain : info.domains()) {
            if (isDispvmTemplate(domain)) {
                targets.add("@dispvm:" + domain.name());
            }
        }
        targets.add("@default");
        return targets;
    }

    private static boolean isDispvmTemplate(Domain domain) {
        try {
            return domain.templateForDispvms();
        } catch (ReferenceCrash missingField) {
            return false;
        }
    }

    /** The service and argument of every rule, and those asked for, sorted; only those asked for when any are. */
    private List<ServiceCall> calls(GraphOptions options) {
        Set<ServiceCall> calls = new LinkedHashSet<>();
        for (Rule rule : evaluator.policy().rules()) {
            calls.add(ServiceCall.of(rule));
        }
        for (String service : options.services()) {
            calls.add(ServiceCall.parse(service));
        }
        List<ServiceCall> sorted = new ArrayList<>(calls);
        if (!options.services().isEmpty()) {
            sorted.removeIf(call -> !call.selectedBy(options.services()));
        }
        sorted.sort(ServiceCall.ORDER);
        return sorted;
    }

    private void draw(ServiceCall call, Evaluation evaluation, GraphOptions options, Set<String> lines) {
        Rule rule;
        String colour;
        switch (evaluation.decision()) {
            case Decision.Allowed allowed -> {
                rule = allowed.rule();
                colour = "red";
            }
            case Decision.AskUser ask -> {
                if (!options.includeAsk() && !options.fullOutput()) {
                    return;
                }
                rule = ask.rule();
                colour = "orange";
            }
            case Decision.Denied denied -> {
                return;
            }
        }
        String target = rule.action().redirect().map(Token::text).orElse(evaluation.target());
        if (!options.targets().isEmpty() && !options.targets().contains(target)) {
            return;
        }
        String source = evaluation.request().source();
        lines.add(node(source));
        lines.add(node(target));
        lines.add("  \"" + source + "\" -> \"" + target + "\" [label=\"" + label(call, rule, options)
                + "\" color=" + colour + "];");
    }

    private static String label(ServiceCall call, Rule rule, GraphOptions options) {
        if (options.skipLabels()) {
            return "";
        }
        if (!options.fullOutput()) {
            return call.label();
        }
        String argument = rule.argument() instanceof ArgumentSpec.Exact exact ? exact.argument() : "";
        return call.label() + argument + " " + actionText(rule.action());
    }

    /** The action as the reference names it: the keyword, then {@code target=}, {@code default_target=}, {@code user=}. */
    static String actionText(Action action) {
        StringBuilder text = new StringBuilder(action.keyword());
        action.redirect().ifPresent(t -> text.append(" target=").append(t.text()));
        if (action instanceof Action.Ask ask) {
            ask.defaultTarget().ifPresent(t -> text.append(" default_target=").append(t.text()));
        }
        action.user().filter(u -> !u.isEmpty()).ifPresent(u -> text.append(" user=").append(u));
        return text.toString();
    }

    /**
     * A node: keywords dotted, qubes in their label colour ({@code 0x} becomes
     * {@code #}); a name that is no qube, or a qube without a label, is drawn dashed
     * and uncoloured (the reference crashes there).
     */
    private String node(String name) {
        if (name.startsWith("@")) {
            return "  \"" + name + "\" [style = dotted];";
        }
        Optional<String> label = Optional.ofNullable(info.get(name)).map(Domain::label);
        return label.map(colour -> "  \"" + name + "\" [color = \"" + colour.replace("0x", "#") + "\", penwidth = 3];")
                .orElse("  \"" + name + "\" [style = dashed];");
    }
}
