package dev.qrexec.parser.load;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.PolicyTree;
import java.util.List;
import java.util.Optional;

/**
 * What loading produced: the tree (complete only when {@link #ok()}) and the
 * diagnostics in load order. Loading for evaluation stops at the first error, so it
 * then holds exactly one error; loading for diagnostics goes on and holds them all.
 */
public record LoadResult(PolicyTree tree, List<Diagnostic> diagnostics) {
    public LoadResult {
        diagnostics = List.copyOf(diagnostics);
    }

    /** Whether the policy loaded without any error (warnings allowed). */
    public boolean ok() {
        return diagnostics.stream().noneMatch(Diagnostic::isError);
    }

    /** The first error in load order, the one the reference reports. */
    public Optional<Diagnostic> firstError() {
        return diagnostics.stream().filter(Diagnostic::isError).findFirst();
    }

    public List<Diagnostic> errors() {
        return diagnostics.stream().filter(Diagnostic::isError).toList();
    }
}
