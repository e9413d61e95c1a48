package dev.qrexec.parser.ast;

import dev.qrexec.parser.Position;
import java.util.Objects;

/** {@code !compat-4.0}: the R4.0 per-service files of the legacy directory. Equality ignores the position. */
public record Compat40(Position position) implements Line {
    public Compat40 {
        Objects.requireNonNull(position, "position");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Compat40;
    }

    @Override
    public int hashCode() {
        return Compat40.class.hashCode();
    }
}
