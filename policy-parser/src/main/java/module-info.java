/** Policy files to an immutable AST: grammar, positions, directory loading, includes, diagnostics, printer. */
module dev.qrexec.parser {
    requires dev.qrexec.grammar;

    exports dev.qrexec.parser;
}
