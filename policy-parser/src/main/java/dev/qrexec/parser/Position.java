package dev.qrexec.parser;

import java.util.Objects;

/**
 * Where something is: a file path as it was found (the configured directory joined
 * with the file name, or the resolved path of an included file), a 1-based line and
 * a 1-based column counted in code points. Line 0 means "no line": the deny rules
 * that {@code !compat-4.0} adds, or a problem with a whole file or directory.
 */
public record Position(String file, int line, int column) {
    public Position {
        Objects.requireNonNull(file, "file");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("negative position " + line + ":" + column);
        }
    }

    /** A position for a whole file or directory, without a line. */
    public static Position of(String file) {
        return new Position(file, 0, 0);
    }

    public boolean hasLine() {
        return line > 0;
    }

    /** The line as the reference prints it: the number, or {@code None} when there is none. */
    public String lineText() {
        return line > 0 ? Integer.toString(line) : "None";
    }

    /** {@code FILE:LINE}, the reference's way of naming a rule ({@code FILE:None} without a line). */
    public String fileAndLine() {
        return file + ":" + lineText();
    }

    @Override
    public String toString() {
        return file + ":" + line + ":" + column;
    }
}
