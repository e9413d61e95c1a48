package dev.qrexec.admin;

import dev.qrexec.parser.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What loading the policy as it would be after an edit found: the first error, if
 * any (the edit is then refused), and the warnings met on the way.
 */
record Validation(Optional<Diagnostic> error, List<Diagnostic> warnings) {
    Validation {
        Objects.requireNonNull(error, "error");
        warnings = List.copyOf(warnings);
    }
}
