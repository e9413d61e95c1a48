package dev.qrexec.parser.ast;

import dev.qrexec.parser.Position;
import java.util.Objects;

/** {@code !include-dir PATH}: every policy file of a directory, in name order. Equality ignores the position. */
public record IncludeDir(String path, Position position) implements Line {
    public IncludeDir {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(position, "position");
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IncludeDir i && path.equals(i.path);
    }

    @Override
    public int hashCode() {
        return path.hashCode();
    }
}
