package dev.qrexec.eval.analysis;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import java.util.List;
import java.util.Optional;

/** One kind of warning about a policy's rules, in evaluation order. */
sealed interface Check permits ShadowCheck, ShellCheck, AdminCheck, ExistenceCheck, DefaultTargetCheck,
        CatchAllCheck, RedirectPastDenyCheck, NeverMatchesCheck {
    /** Adds a warning to {@code out} for every rule that deserves one. */
    void run(List<Rule> rules, Optional<SystemInfo> info, List<Diagnostic> out);
}
