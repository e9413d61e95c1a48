/** The qrexec-policy command-line application. */
module dev.qrexec.cli {
    requires dev.qrexec.admin;
    requires dev.qrexec.daemon;
    requires dev.qrexec.eval;
    requires dev.qrexec.parser;
    requires dev.qrexec.lsp;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires static java.compiler;

    opens dev.qrexec.cli to info.picocli;
    opens dev.qrexec.cli.graph to info.picocli;
    opens dev.qrexec.cli.convert to info.picocli;
    opens dev.qrexec.cli.explain to info.picocli;
    opens dev.qrexec.cli.lint to info.picocli;
    opens dev.qrexec.cli.admin to info.picocli;
    opens dev.qrexec.cli.daemon to info.picocli;
    opens dev.qrexec.cli.lsp to info.picocli;
    opens dev.qrexec.cli.toolkit to info.picocli;

    exports dev.qrexec.cli;
}
