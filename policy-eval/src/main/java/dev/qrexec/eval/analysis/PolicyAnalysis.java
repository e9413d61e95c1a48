package dev.qrexec.eval.analysis;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Warnings about a policy that loads but probably does not say what its author
 * meant: rules that never match or repeat an earlier one, shells and admin calls
 * allowed where they should not be, and (given the system information) qubes, tags
 * and types that do not exist and default targets that are never offered.
 */
public final class PolicyAnalysis {
    private static final List<Check> CHECKS = List.of(
            new ShadowCheck(), new ShellCheck(), new AdminCheck(), new ExistenceCheck(), new DefaultTargetCheck(),
            new CatchAllCheck(), new RedirectPastDenyCheck(), new NeverMatchesCheck());

    private PolicyAnalysis() {}

    /**
     * The warnings about {@code rules} (in evaluation order), sorted by position;
     * those that need the system information only when {@code info} is given.
     */
    public static List<Diagnostic> analyse(List<Rule> rules, Optional<SystemInfo> info) {
        List<Diagnostic> out = new ArrayList<>();
        for (Check check : CHECKS) {
            check.run(rules, info, out);
        }
        out.sort(Diagnostic.BY_POSITION);
        return List.copyOf(out);
    }
}
