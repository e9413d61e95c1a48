package dev.qrexec.lsp;

import dev.qrexec.parser.text.PolicyFileParser;
import dev.qrexec.parser.text.PolicyPrinter;
import dev.qrexec.parser.ast.Syntax;

/** Formats the text of one policy file, read in its syntax. */
@FunctionalInterface
public interface PolicyFormatter {
    /** The formatted text of {@code text}; {@code path} names the file in messages. */
    String format(String path, String text, Syntax syntax);

    /** The AST printed back: single spaces, parameters in canonical order, other lines as written. */
    PolicyFormatter PRINTER = (path, text, syntax) -> PolicyPrinter.print(PolicyFileParser.parse(path, text, syntax));
}
