package dev.qrexec.parser;

import java.util.Comparator;
import java.util.Objects;

/**
 * The one error currency of the project: what is wrong ({@link Code}), how bad
 * ({@link Severity}), where ({@link Position}) and a message in the reference's
 * words. {@code hint} is an optional suggestion for the user (empty when none).
 */
public record Diagnostic(Code code, Severity severity, Position position, String message, String hint) {
    /** Orders diagnostics by file, line and column. */
    public static final Comparator<Diagnostic> BY_POSITION = Comparator
            .comparing((Diagnostic d) -> d.position().file())
            .thenComparingInt(d -> d.position().line())
            .thenComparingInt(d -> d.position().column());

    public Diagnostic {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(hint, "hint");
    }

    public static Diagnostic error(Code code, Position position, String message) {
        return new Diagnostic(code, Severity.ERROR, position, message, "");
    }

    public static Diagnostic warning(Code code, Position position, String message) {
        return new Diagnostic(code, Severity.WARNING, position, message, "");
    }

    public Diagnostic withHint(String newHint) {
        return new Diagnostic(code, severity, position, message, newHint);
    }

    public boolean isError() {
        return severity == Severity.ERROR;
    }

    /** {@code FILE:LINE:COLUMN: error: MESSAGE}, the form editors and compilers use. */
    public String format() {
        return DiagnosticFormat.COMPILER.format(this);
    }

    /**
     * The text the reference gives for this problem: {@code FILE:LINE: MESSAGE} for a
     * policy syntax error, the bare message for other load failures.
     */
    public String referenceText() {
        return DiagnosticFormat.REFERENCE.format(this);
    }

    @Override
    public String toString() {
        return format();
    }
}
