package dev.qrexec.cli.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The roff written for a command model. */
class ManPageTest {
    @Command(name = "demo-tool", mixinStandardHelpOptions = true,
            description = {"Do a demo thing. More words here.", ".Second paragraph with a \\ backslash."},
            subcommands = Sub.class, exitCodeListHeading = "Exit status:%n",
            exitCodeList = {"0:fine", "2:usage error"})
    static final class Demo {
        @Option(names = {"-n", "--name"}, paramLabel = "NAME", description = "The name (default: ${DEFAULT-VALUE}).")
        String name = "x-y";

        @Option(names = "--many", arity = "1..*", paramLabel = "ITEM", description = "Items.")
        List<String> many;

        @Option(names = "--secret", hidden = true)
        boolean secret;

        @Parameters(paramLabel = "FILE", arity = "0..*", description = "Files to read.")
        List<String> files;
    }

    @Command(name = "sub", description = "A subcommand: does less.")
    static final class Sub {
        @Option(names = "--flag", description = "A flag.")
        boolean flag;
    }

    @Test
    void rendersEverySectionFromTheModel() {
        String page = new ManPage("1.2").render(new CommandLine(new Demo()));
        assertEquals("""
                .TH "DEMO\\-TOOL" 1 "" "qrexec\\-policy 1.2" "User Commands"
                .SH NAME
                demo\\-tool \\- Do a demo thing
                .SH SYNOPSIS
                .B demo\\-tool
                [\\fB\\-\\-name\\fR \\fINAME\\fR]
                [\\fB\\-\\-many\\fR \\fIITEM\\fR...]
                [\\fB\\-\\-help\\fR]
                [\\fB\\-\\-version\\fR]
                [\\fIFILE\\fR...]
                \\fICOMMAND\\fR [\\fIARGS\\fR...]
                .SH DESCRIPTION
                Do a demo thing. More words here.
                .PP
                \\&.Second paragraph with a \\e backslash.
                .SH OPTIONS
                .TP
                \\fB\\-n\\fR, \\fB\\-\\-name\\fR \\fINAME\\fR
                The name (default: x\\-y).
                .TP
                \\fB\\-\\-many\\fR \\fIITEM\\fR...
                Items.
                .TP
                \\fB\\-h\\fR, \\fB\\-\\-help\\fR
                Show this help message and exit.
                .TP
                \\fB\\-V\\fR, \\fB\\-\\-version\\fR
                Print version information and exit.
                .TP
                \\fIFILE\\fR
                Files to read.
                .SH COMMANDS
                .SS sub
                .B demo\\-tool sub
                [\\fB\\-\\-flag\\fR]
                .PP
                A subcommand: does less.
                .TP
                \\fB\\-\\-flag\\fR
                A flag.
                .SH EXIT STATUS
                .TP
                0
                fine
                .TP
                2
                usage error
                .SH SEE ALSO
                \\fBqrexec\\-policy\\fR(1)
                """, page);
    }

    @Test
    void escapesRoffControlCharacters() {
        assertEquals("\\&'quoted \\e\\-x", ManPage.escape("'quoted \\-x"));
    }
}
