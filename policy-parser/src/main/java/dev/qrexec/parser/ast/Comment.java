package dev.qrexec.parser.ast;

import dev.qrexec.parser.Position;
import java.util.Objects;

/** A comment line; {@code text} starts with {@code #} and runs to the end of the line. Equality ignores the position. */
public record Comment(String text, Position position) implements Line {
    public Comment {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(position, "position");
        if (!text.startsWith("#")) {
            throw new IllegalArgumentException("a comment starts with #: " + text);
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Comment c && text.equals(c.text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }
}
