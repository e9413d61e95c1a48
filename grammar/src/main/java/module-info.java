/** The generated lexer and parser of qrexec policy files; only the parser module reads them. */
module dev.qrexec.grammar {
    requires transitive org.antlr.antlr4.runtime;

    exports dev.qrexec.grammar to dev.qrexec.parser;
}
