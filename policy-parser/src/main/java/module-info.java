/** Policy files to an immutable AST: grammar, positions, directory loading, includes, diagnostics, printer. */
module dev.qrexec.parser {
    requires dev.qrexec.grammar;

    exports dev.qrexec.parser;
    exports dev.qrexec.parser.ast;
    exports dev.qrexec.parser.compat;
    exports dev.qrexec.parser.load;
    exports dev.qrexec.parser.text;
}
