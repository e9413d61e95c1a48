package dev.qrexec.parser.text;

import dev.qrexec.parser.ast.Blank;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.Compat40;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.IncludeDir;
import dev.qrexec.parser.ast.IncludeService;
import dev.qrexec.parser.ast.InvalidLine;
import dev.qrexec.parser.ast.LegacyRule;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Syntax;
import java.util.ArrayList;
import java.util.List;

/**
 * The canonical layout of a policy file, next to {@link PolicyPrinter}: every run of
 * consecutive rules is laid out in aligned columns (service, argument, source and
 * target each padded to the widest in the run, two spaces apart, as the stock files
 * are), the action with its parameters in canonical order and single spaces;
 * directives with single spaces; comments kept as written (from their {@code #}) and
 * blank lines as empty lines; one line feed at the end of every line. Files of the legacy
 * syntax (read by {@code !include-service} or {@code !compat-4.0}) keep their own
 * three columns: {@code SOURCE TARGET ACTION}. A file with a line that cannot be read
 * is not formatted: {@link #format} refuses it.
 */
public final class PolicyFormatter {
    private static final String GAP = "  ";

    private PolicyFormatter() {}

    /** The formatted text of {@code file}; throws when a line cannot be read. */
    public static String format(PolicyFile file) {
        if (!file.isValid()) {
            throw new IllegalArgumentException("cannot format a file with errors: " + file.diagnostics().getFirst());
        }
        StringBuilder out = new StringBuilder();
        List<String[]> run = new ArrayList<>();
        for (Line line : file.lines()) {
            String[] columns = columns(line);
            if (columns != null) {
                run.add(columns);
                continue;
            }
            flush(run, out);
            out.append(switch (line) {
                case Blank blank -> "";
                default -> PolicyPrinter.print(line);
            }).append('\n');
        }
        flush(run, out);
        return out.toString();
    }

    /** Parses {@code text} in {@code syntax} and formats it. */
    public static String format(String path, String text, Syntax syntax) {
        return format(PolicyFileParser.parse(path, text, syntax));
    }

    /** The aligned columns of a rule line, the last one unpadded; null for other lines. */
    private static String[] columns(Line line) {
        return switch (line) {
            case Rule rule -> new String[] {rule.service().text(), rule.argument().text(), rule.source().text(),
                rule.target().text(), rule.action().text()};
            case LegacyRule rule -> {
                String source = rule.source().text();
                // a leading '!' or '#' would make the line a directive or a comment
                if (source.startsWith("!") || source.startsWith("#")) {
                    yield null;
                }
                yield new String[] {source, rule.target().text(), rule.action().text()};
            }
            case Include include -> null;
            case IncludeDir include -> null;
            case IncludeService include -> null;
            case Compat40 compat -> null;
            case Comment comment -> null;
            case Blank blank -> null;
            case InvalidLine invalid -> null;
        };
    }

    private static void flush(List<String[]> run, StringBuilder out) {
        if (run.isEmpty()) {
            return;
        }
        int count = run.getFirst().length;
        int[] widths = new int[count];
        for (String[] columns : run) {
            for (int i = 0; i < count - 1; i++) {
                widths[i] = Math.max(widths[i], columns[i].codePointCount(0, columns[i].length()));
            }
        }
        for (String[] columns : run) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < count - 1; i++) {
                line.append(columns[i]);
                line.append(" ".repeat(widths[i] - columns[i].codePointCount(0, columns[i].length()))).append(GAP);
            }
            line.append(columns[count - 1]);
            out.append(line).append('\n');
        }
        run.clear();
    }
}
