package dev.qrexec.admin;

import dev.qrexec.parser.Diagnostic;
import java.util.List;
import java.util.Optional;

/**
 * What loading the policy as it would be after an edit found: its errors (the edit is
 * refused when there is one; a service's check stops at the first), and the warnings
 * met on the way.
 */
public record Validation(List<Diagnostic> errors, List<Diagnostic> warnings) {
    public Validation {
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
    }

    /** Whether the policy loads with the edit. */
    public boolean ok() {
        return errors.isEmpty();
    }

    /** The first error, the one the daemon would deny everything for. */
    public Optional<Diagnostic> firstError() {
        return errors.stream().findFirst();
    }
}
