package dev.qrexec.parser.ast;

import dev.qrexec.parser.Position;
import java.util.Objects;

/** An empty line, or one of whitespace only. Equality ignores the position. */
public record Blank(Position position) implements Line {
    public Blank {
        Objects.requireNonNull(position, "position");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blank;
    }

    @Override
    public int hashCode() {
        return Blank.class.hashCode();
    }
}
