package dev.qrexec.cli.docs;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * A manual page in {@code man(7)} roff, written from a command's picocli model:
 * NAME, SYNOPSIS, DESCRIPTION, OPTIONS, for a command with subcommands one
 * section per subcommand (hidden ones left out) with its own synopsis and options,
 * EXIT STATUS and EXAMPLES (from {@link ProgramNotes} where the model has none).
 */
public final class ManPage {
    private final String version;

    /** @param version the version printed in the page footer */
    public ManPage(String version) {
        this.version = version;
    }

    /** The page of {@code command}, named by its command name, in section 1. */
    public String render(CommandLine command) {
        CommandSpec spec = command.getCommandSpec();
        String name = spec.name();
        StringBuilder page = new StringBuilder();
        page.append(".TH ").append(quote(name.toUpperCase(Locale.ROOT))).append(" 1 \"\" ")
                .append(quote("qrexec-policy " + version)).append(" \"User Commands\"\n");
        Optional<ProgramNotes> notes = ProgramNotes.of(name);
        page.append(".SH NAME\n").append(escape(name)).append(" \\- ")
                .append(escape(notes.map(ProgramNotes::summary).orElseGet(() -> summary(spec)))).append('\n');
        page.append(".SH SYNOPSIS\n");
        synopsis(spec, page);
        page.append(".SH DESCRIPTION\n");
        paragraphs(spec.usageMessage().description(), page);
        options(spec, ".SH OPTIONS\n", page);
        if (!subcommands(spec).isEmpty()) {
            page.append(".SH COMMANDS\n");
            for (CommandLine sub : subcommands(spec)) {
                CommandSpec subSpec = sub.getCommandSpec();
                page.append(".SS ").append(escape(subSpec.name())).append('\n');
                synopsis(subSpec, page);
                page.append(".PP\n");
                paragraphs(subSpec.usageMessage().description(), page);
                options(subSpec, "", page);
            }
        }
        java.util.Map<String, String> exitCodes = spec.usageMessage().exitCodeList();
        if (!exitCodes.isEmpty()) {
            page.append(".SH EXIT STATUS\n");
            exitCodes.forEach((code, meaning) -> page.append(".TP\n").append(escape(code.strip())).append('\n')
                    .append(escape(meaning)).append('\n'));
        } else if (notes.isPresent()) {
            page.append(".SH EXIT STATUS\n");
            notes.get().exitStatus().forEach(entry -> page.append(".TP\n").append(escape(entry.term())).append('\n')
                    .append(escape(entry.text())).append('\n'));
        }
        if (notes.isPresent() && !notes.get().examples().isEmpty()) {
            page.append(".SH EXAMPLES\n");
            notes.get().examples().forEach(entry -> page.append(".TP\n.B ").append(escape(entry.term())).append('\n')
                    .append(escape(entry.text())).append('\n'));
        }
        if (!name.equals("qrexec-policy")) {
            page.append(".SH SEE ALSO\n").append("\\fBqrexec\\-policy\\fR(1)\n");
        }
        return page.toString();
    }

    /** The subcommands worth a section: every one except {@code help}. */
    private static List<CommandLine> subcommands(CommandSpec spec) {
        return spec.subcommands().entrySet().stream()
                .filter(e -> e.getKey().equals(e.getValue().getCommandName()) && !e.getKey().equals("help")
                        && !e.getValue().getCommandSpec().usageMessage().hidden())
                .map(java.util.Map.Entry::getValue)
                .toList();
    }

    /** The first sentence of the description, for the NAME line. */
    private static String summary(CommandSpec spec) {
        String[] description = spec.usageMessage().description();
        if (description.length == 0) {
            return spec.name();
        }
        String first = description[0];
        int colon = first.indexOf(": ");
        int stop = first.indexOf(". ");
        int end = colon >= 0 && (stop < 0 || colon < stop) ? colon : stop;
        return (end < 0 ? first : first.substring(0, end)).replaceAll("\\.$", "");
    }

    private static void synopsis(CommandSpec spec, StringBuilder page) {
        StringBuilder line = new StringBuilder(".B ").append(escape(spec.qualifiedName())).append('\n');
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            line.append(option.required() ? "" : "[").append("\\fB").append(escape(option.longestName()))
                    .append("\\fR");
            if (option.arity().max() > 0) {
                line.append(" \\fI").append(escape(option.paramLabel())).append("\\fR");
                if (option.arity().max() > 1) {
                    line.append("...");
                }
            }
            line.append(option.required() ? "" : "]").append('\n');
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (positional.hidden()) {
                continue;
            }
            boolean optional = positional.arity().min() == 0;
            line.append(optional ? "[" : "").append("\\fI").append(escape(positional.paramLabel())).append("\\fR")
                    .append(positional.arity().max() > 1 ? "..." : "").append(optional ? "]" : "").append('\n');
        }
        if (!spec.subcommands().isEmpty()) {
            line.append("\\fICOMMAND\\fR [\\fIARGS\\fR...]\n");
        }
        page.append(line);
    }

    private static void options(CommandSpec spec, String heading, StringBuilder page) {
        boolean any = false;
        for (OptionSpec option : spec.options()) {
            if (option.hidden()) {
                continue;
            }
            if (!any) {
                page.append(heading);
                any = true;
            }
            page.append(".TP\n");
            StringBuilder names = new StringBuilder();
            for (String optionName : option.names()) {
                names.append(names.isEmpty() ? "" : ", ").append("\\fB").append(escape(optionName)).append("\\fR");
            }
            if (option.arity().max() > 0) {
                names.append(" \\fI").append(escape(option.paramLabel())).append("\\fR")
                        .append(option.arity().max() > 1 ? "..." : "");
            }
            page.append(names).append('\n');
            page.append(escape(description(option))).append('\n');
        }
        for (PositionalParamSpec positional : spec.positionalParameters()) {
            if (positional.hidden()) {
                continue;
            }
            page.append(".TP\n\\fI").append(escape(positional.paramLabel())).append("\\fR\n")
                    .append(escape(String.join(" ", positional.description()))).append('\n');
        }
    }

    private static String description(OptionSpec option) {
        String text = String.join(" ", option.description());
        String defaultValue = option.defaultValueString();
        return text.replace("${DEFAULT-VALUE}", defaultValue == null ? "" : defaultValue);
    }

    private static void paragraphs(String[] description, StringBuilder page) {
        for (int i = 0; i < description.length; i++) {
            if (i > 0) {
                page.append(".PP\n");
            }
            page.append(escape(description[i])).append('\n');
        }
    }

    private static String quote(String text) {
        return "\"" + escape(text).replace("\"", "\\(dq") + "\"";
    }

    /** Text safe in roff: backslashes and dashes escaped, no line starting with a control character. */
    static String escape(String text) {
        String escaped = text.replace("\\", "\\e").replace("-", "\\-").replace("\n", " ");
        return escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" + escaped : escaped;
    }
}
