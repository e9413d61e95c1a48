package dev.qrexec.eval.analysis;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import java.util.List;
import java.util.Set;

/**
 * Which warnings a lint run shows: those selected ({@code --select}; all when none is),
 * minus those ignored ({@code --ignore}) and those a comment suppresses. Errors are
 * always shown.
 */
public record WarningSelection(Set<Code> select, Set<Code> ignore) {
    public WarningSelection {
        select = Set.copyOf(select);
        ignore = Set.copyOf(ignore);
    }

    /** Every warning. */
    public static final WarningSelection ALL = new WarningSelection(Set.of(), Set.of());

    /** Whether {@code d} is shown. */
    public boolean shows(Diagnostic d, Suppressions suppressions) {
        if (d.isError()) {
            return true;
        }
        return (select.isEmpty() || select.contains(d.code())) && !ignore.contains(d.code())
                && !suppressions.suppresses(d);
    }

    /** {@code diagnostics} without the warnings not shown. */
    public List<Diagnostic> apply(List<Diagnostic> diagnostics, Suppressions suppressions) {
        return diagnostics.stream().filter(d -> shows(d, suppressions)).toList();
    }

    /** The code with this id ({@code shadowed-rule}) or enum name, or null. */
    public static Code code(String id) {
        for (Code code : Code.values()) {
            if (code.id().equals(id) || code.name().equals(id)) {
                return code;
            }
        }
        return null;
    }
}
