package dev.qrexec.parser.ast;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.Position;
import java.util.Objects;

/**
 * A line that could not be read: its text as written, up to its last field (trailing
 * separators and the line end are not kept), and the first problem found in it.
 * Equality ignores the diagnostic's position.
 */
public record InvalidLine(String text, Diagnostic diagnostic) implements Line {
    public InvalidLine {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(diagnostic, "diagnostic");
    }

    @Override
    public Position position() {
        return diagnostic.position();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof InvalidLine l && text.equals(l.text) && diagnostic.code() == l.diagnostic.code()
                && diagnostic.message().equals(l.diagnostic.message());
    }

    @Override
    public int hashCode() {
        return Objects.hash(text, diagnostic.code(), diagnostic.message());
    }
}
