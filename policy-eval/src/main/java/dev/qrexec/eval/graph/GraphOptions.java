package dev.qrexec.eval.graph;

import java.util.List;

/**
 * What a policy graph shows.
 *
 * @param includeAsk whether {@code ask} results are drawn (always with {@code fullOutput})
 * @param sources    the calling qubes to draw, in this order; empty: every qube
 * @param targets    the drawn targets to keep; empty: all
 * @param services   {@code SERVICE} or {@code SERVICE+ARGUMENT} to draw; empty: every service of the policy
 * @param skipLabels whether edges carry no label (parallel edges then merge)
 * @param fullOutput whether labels name the rule's argument and action, and asks are drawn
 */
public record GraphOptions(boolean includeAsk, List<String> sources, List<String> targets, List<String> services,
                           boolean skipLabels, boolean fullOutput) {
    public GraphOptions {
        sources = List.copyOf(sources);
        targets = List.copyOf(targets);
        services = List.copyOf(services);
    }

    /** Everything, labelled by service, allows only: the tool's output without options. */
    public static GraphOptions defaults() {
        return new GraphOptions(false, List.of(), List.of(), List.of(), false, false);
    }

    /** Every allow and ask with its full label, as the legacy conversion compares policies. */
    public static GraphOptions full() {
        return new GraphOptions(false, List.of(), List.of(), List.of(), false, true);
    }
}
