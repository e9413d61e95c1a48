package dev.qrexec.cli.graph;

import java.util.Locale;

/** What the graph is written as: DOT text, or an image Graphviz's {@code dot} renders from it. */
public enum GraphFormat {
    DOT, SVG, PNG;

    /** The name on the command line and in {@code dot -T}: lower case. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads {@code dot}, {@code svg} or {@code png}, in any case. */
    public static GraphFormat parse(String text) {
        for (GraphFormat format : values()) {
            if (format.word().equalsIgnoreCase(text)) {
                return format;
            }
        }
        throw new IllegalArgumentException("invalid format " + text + " (choose from dot, svg, png)");
    }
}
