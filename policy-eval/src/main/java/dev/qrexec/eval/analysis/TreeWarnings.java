package dev.qrexec.eval.analysis;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The warnings about a whole loaded tree: those of {@link PolicyAnalysis}, except the
 * repetitions nobody wrote. A rule is not called a duplicate of, or hidden by, a rule
 * of an R4.0 file that {@code !compat-4.0} reads (an upgrade leaves those files): such a
 * warning is kept only when it also holds without those rules, and R4.0 rules
 * themselves get none. Nor is a rule of the stock default files
 * ({@code 90-default*.policy}, {@code 90-admin-default*.policy}, read after the user's
 * and the configuration tools' files so that those override them) called hidden or
 * repeated: being overridden is what they are for.
 */
public final class TreeWarnings {
    private TreeWarnings() {}

    /** The warnings; {@code legacy} tells the files {@code !compat-4.0} reads, by path. */
    public static List<Diagnostic> of(List<Rule> rules, Optional<SystemInfo> info, Predicate<String> legacy) {
        List<Diagnostic> all = PolicyAnalysis.analyse(rules, info).stream()
                .filter(d -> !isRepetition(d) || !isStockDefault(d.position().file()) && !legacy.test(d.position().file()))
                .toList();
        List<Rule> own = rules.stream().filter(r -> !legacy.test(r.position().file())).toList();
        if (own.size() == rules.size()) {
            return all;
        }
        Set<List<Object>> without = new HashSet<>();
        for (Diagnostic d : PolicyAnalysis.analyse(own, info)) {
            without.add(List.of(d.code(), d.position()));
        }
        List<Diagnostic> out = new ArrayList<>();
        for (Diagnostic d : all) {
            if (!isRepetition(d) || without.contains(List.of(d.code(), d.position()))) {
                out.add(d);
            }
        }
        return List.copyOf(out);
    }

    /**
     * Whether a loader warning is about the stock tree itself: the {@code !compat-4.0}
     * of the stock {@code 35-compat.policy}, which every installation has.
     */
    public static boolean isStockNotice(Diagnostic d) {
        return d.code() == Code.COMPAT_TRANSITIONAL
                && java.nio.file.Path.of(d.position().file()).getFileName().toString().equals("35-compat.policy");
    }

    private static boolean isRepetition(Diagnostic d) {
        return d.code() == Code.DUPLICATE_RULE || d.code() == Code.SHADOWED_RULE;
    }

    /** A stock default file: {@code 90-default*.policy} or {@code 90-admin-default*.policy}. */
    static boolean isStockDefault(String file) {
        String name = java.nio.file.Path.of(file).getFileName().toString();
        return (name.startsWith("90-default") || name.startsWith("90-admin-default")) && name.endsWith(".policy");
    }
}
