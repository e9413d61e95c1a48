/** The language server of qrexec policy files (LSP 3.17 over standard input and output). */
module dev.qrexec.lsp {
    requires transitive dev.qrexec.admin;
    requires transitive dev.qrexec.eval;
    requires transitive dev.qrexec.parser;
    requires transitive org.eclipse.lsp4j;
    requires transitive org.eclipse.lsp4j.jsonrpc;
    requires com.google.gson;

    opens dev.qrexec.lsp to org.eclipse.lsp4j.jsonrpc, com.google.gson;

    exports dev.qrexec.lsp;
}
