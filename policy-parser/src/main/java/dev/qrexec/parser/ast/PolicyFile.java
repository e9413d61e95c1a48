package dev.qrexec.parser.ast;

import dev.qrexec.parser.Diagnostic;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/** One parsed file: its path as found, its syntax and every line in order. */
public record PolicyFile(String path, Syntax syntax, List<Line> lines) {
    public PolicyFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(syntax, "syntax");
        lines = List.copyOf(lines);
    }

    /** The problems of the file's own lines, in line order (includes are not followed). */
    public List<Diagnostic> diagnostics() {
        return lines.stream()
                .flatMap(l -> l instanceof InvalidLine invalid ? Stream.of(invalid.diagnostic()) : Stream.empty())
                .toList();
    }

    public boolean isValid() {
        return lines.stream().noneMatch(InvalidLine.class::isInstance);
    }
}
