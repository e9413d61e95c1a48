package dev.qrexec.parser;

import java.util.Locale;

/** How bad a diagnostic is. Only errors stop a policy from loading. */
public enum Severity {
    ERROR,
    WARNING,
    INFO;

    /** The lower-case word used in printed diagnostics ({@code error}, {@code warning}, {@code info}). */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }
}
