package dev.qrexec.parser;

/**
 * How a {@link Diagnostic} is written for a person: the one place that knows, used by
 * every program (but the language server, which hands editors structured positions).
 */
public enum DiagnosticFormat {
    /**
     * {@code FILE:LINE:COLUMN: SEVERITY: MESSAGE}, the form of compilers and editors:
     * {@code check}, the load errors of every command, the daemon's log.
     */
    COMPILER,
    /**
     * {@link #COMPILER}, then {@code (HINT)} where there is one and, on a warning or a
     * note, its code in brackets ({@code [shadowed-rule]}): {@code qubes-policy-lint --tree}.
     */
    LINT,
    /**
     * {@code FILE:LINE: SEVERITY: MESSAGE}, the line of the reference's
     * {@code qubes-policy-lint}, byte for byte (its errors, and its own warnings on
     * standard error), then {@code (HINT)} where there is one.
     */
    REFERENCE_LINT,
    /**
     * {@link #REFERENCE_LINT}, and on a warning or a note (which the reference never
     * gives) its code in brackets: {@code qubes-policy-lint FILE} with warnings.
     */
    LINT_FILE,
    /**
     * The reference's text of a load failure: {@code FILE:LINE: MESSAGE} for a policy
     * syntax error, the bare message for other failures (in deny messages and logs).
     */
    REFERENCE,
    /**
     * {@code FILE:LINE:COLUMN: MESSAGE} (no column when it is 0); without a line the bare
     * message when it names its file already, else {@code FILE: MESSAGE}: the admin
     * services' refusals.
     */
    REFUSAL,
    /**
     * One JSON object {@code {"file", "line", "column", "severity", "code", "message"}}
     * (line and column 0 for a whole file or directory).
     */
    JSON;

    /** The diagnostic in this format, without a line end. */
    public String format(Diagnostic d) {
        Position at = d.position();
        return switch (this) {
            case COMPILER -> at + ": " + d.severity().word() + ": " + d.message();
            case LINT -> decorated(at + ": " + d.severity().word() + ": " + d.message(), d);
            case REFERENCE_LINT -> hinted(at.file() + ":" + at.line() + ": " + d.severity().word() + ": " + d.message(), d);
            case LINT_FILE -> decorated(at.file() + ":" + at.line() + ": " + d.severity().word() + ": " + d.message(), d);
            case REFERENCE -> d.code().isSyntax() ? at.fileAndLine() + ": " + d.message() : d.message();
            case REFUSAL -> refusal(d);
            case JSON -> "{\"file\":" + quoted(at.file()) + ",\"line\":" + at.line() + ",\"column\":" + at.column()
                    + ",\"severity\":" + quoted(d.severity().word()) + ",\"code\":" + quoted(d.code().id())
                    + ",\"message\":" + quoted(d.message()) + "}";
        };
    }

    private static String hinted(String text, Diagnostic d) {
        return d.hint().isEmpty() ? text : text + " (" + d.hint() + ")";
    }

    private static String decorated(String text, Diagnostic d) {
        return d.isError() ? hinted(text, d) : hinted(text, d) + " [" + d.code().id() + "]";
    }

    private static String refusal(Diagnostic d) {
        Position at = d.position();
        if (at.hasLine()) {
            return at.file() + ":" + at.line() + (at.column() > 0 ? ":" + at.column() : "") + ": " + d.message();
        }
        return d.message().contains(at.file()) ? d.message() : at.file() + ": " + d.message();
    }

    /** A JSON string literal. */
    private static String quoted(String text) {
        StringBuilder out = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
