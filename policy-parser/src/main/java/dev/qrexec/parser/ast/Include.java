package dev.qrexec.parser.ast;

import dev.qrexec.parser.Position;
import java.util.Objects;

/**
 * {@code !include PATH}: the rules of another file, read in the syntax of the file
 * that holds this line (in a legacy file, {@code $include:PATH} means the same).
 * Equality ignores the position.
 */
public record Include(String path, Position position) implements Line {
    public Include {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Include i && path.equals(i.path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }
}
