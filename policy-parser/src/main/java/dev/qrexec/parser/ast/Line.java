package dev.qrexec.parser.ast;

import dev.qrexec.parser.Position;

/**
 * One line of a policy file as written: a rule, a directive, a comment, a blank
 * line, or a line that could not be read. Keeping every kind lets a formatter or
 * editor reproduce the file. Equality of lines ignores their positions.
 */
public sealed interface Line permits Rule, LegacyRule, Include, IncludeDir, IncludeService, Compat40, Comment, Blank,
        InvalidLine {
    /** Where the line's first field starts (column 1 for a blank line). */
    Position position();
}
