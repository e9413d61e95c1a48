package dev.qrexec.lsp;

import dev.qrexec.parser.ast.Syntax;

/** Formats the text of one policy file, read in its syntax. */
@FunctionalInterface
public interface PolicyFormatter {
    /** The formatted text of {@code text}; {@code path} names the file in messages. */
    String format(String path, String text, Syntax syntax);

    /** The formatter of {@code qrexec-policy fmt}. */
    PolicyFormatter FMT = dev.qrexec.parser.text.PolicyFormatter::format;
}
