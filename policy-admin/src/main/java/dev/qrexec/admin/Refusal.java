package dev.qrexec.admin;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.DiagnosticFormat;
import java.util.Objects;

/**
 * Why an admin service refused a request: a {@link RefusalKind} and a message in the
 * reference's words. Every refusal leaves the policy directory as it was.
 */
public record Refusal(RefusalKind kind, String message) {
    public Refusal {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
    }

    /** The refusal of a change after which the policy would not load, naming where it breaks. */
    static Refusal invalidChange(Diagnostic error) {
        return new Refusal(RefusalKind.SYNTAX, "Policy change validation failed: " + located(error));
    }

    /** A diagnostic as a refusal names it ({@link DiagnosticFormat#REFUSAL}). */
    static String located(Diagnostic diagnostic) {
        return DiagnosticFormat.REFUSAL.format(diagnostic);
    }

    /** The refusal as thrown inside the services, to leave a request at the first failed check. */
    RefusedException exception() {
        return new RefusedException(this);
    }

    /** Carries a {@link Refusal} out of the checks of a request; never escapes the package. */
    static final class RefusedException extends Exception {
        private static final long serialVersionUID = 1L;
        private final transient Refusal refusal;

        RefusedException(Refusal refusal) {
            super(refusal.message(), null, false, false);
            this.refusal = refusal;
        }

        Refusal refusal() {
            return refusal;
        }
    }
}
