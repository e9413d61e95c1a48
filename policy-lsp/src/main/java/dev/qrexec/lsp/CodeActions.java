package dev.qrexec.lsp;

import dev.qrexec.lsp.PolicyLanguageServer.Feature;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Severity;
import dev.qrexec.parser.ast.Syntax;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.lsp4j.CodeAction;
import org.eclipse.lsp4j.CodeActionContext;
import org.eclipse.lsp4j.CodeActionKind;
import org.eclipse.lsp4j.Command;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.WorkspaceEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Quick fixes for the warnings of the lines in the requested range: move a rule that
 * an earlier rule hides above that rule; add {@code target=dom0} to an {@code admin.*}
 * rule that lacks it; remove an exact duplicate; and for every warning, suppress it
 * with the linter's comment on the line before.
 */
final class CodeActions {
    /** The linter's suppression comment, followed by the code. */
    static final String SUPPRESS = "# qrexec-lint: ignore=";

    /** How the linter names the rule that hides a shadowed rule. */
    private static final Pattern HIDDEN_BY = Pattern.compile("the rule at (.+):(\\d+) \\(");

    private CodeActions() {}

    static List<Either<org.eclipse.lsp4j.Command, CodeAction>> actions(Feature feature, Range range,
                                                                   CodeActionContext context) {
        Snapshot snapshot = feature.snapshot();
        Path path = feature.document().path();
        List<Finding> findings = DiagnosticsReport.findings(snapshot).getOrDefault(path, List.of());
        List<Either<Command, CodeAction>> out = new ArrayList<>();
        for (Finding finding : findings) {
            int index = finding.line() - 1;
            if (finding.source() == null || index < range.getStart().getLine() || index > range.getEnd().getLine()) {
                continue;
            }
            org.eclipse.lsp4j.Diagnostic diagnostic = DiagnosticsReport.convert(finding, feature.document().text(),
                    feature.syntax());
            Code code = finding.source().code();
            switch (code) {
                case SHADOWED_RULE -> moveAbove(feature, finding, diagnostic).ifPresent(a -> out.add(Either.forRight(a)));
                case ADMIN_WITHOUT_DOM0_TARGET -> out.add(Either.forRight(addDom0Target(feature, index, diagnostic)));
                case DUPLICATE_RULE -> {
                    if (!finding.message().contains("more than once")) {
                        out.add(Either.forRight(action("Remove this duplicate rule", diagnostic,
                                Map.of(feature.document().uri(), List.of(deleteLine(index))))));
                    }
                }
                default -> { }
            }
            if (finding.severity() == Severity.WARNING) {
                out.add(Either.forRight(action("Suppress " + finding.code() + " on this line", diagnostic,
                        Map.of(feature.document().uri(), List.of(new TextEdit(
                                new Range(new Position(index, 0), new Position(index, 0)),
                                SUPPRESS + finding.code() + "\n"))))));
            }
        }
        return out;
    }

    private static java.util.Optional<CodeAction> moveAbove(Feature feature, Finding finding,
                                                            org.eclipse.lsp4j.Diagnostic diagnostic) {
        Matcher matcher = HIDDEN_BY.matcher(finding.message());
        if (!matcher.find()) {
            return java.util.Optional.empty();
        }
        Snapshot snapshot = feature.snapshot();
        Path hidingFile = snapshot.canonical(matcher.group(1));
        int hidingIndex = Integer.parseInt(matcher.group(2)) - 1;
        int index = finding.line() - 1;
        String text = feature.document().text().line(index);
        String hidingUri = Navigation.uri(snapshot, hidingFile);
        Map<String, List<TextEdit>> changes = new LinkedHashMap<>();
        TextEdit insert = new TextEdit(new Range(new Position(hidingIndex, 0), new Position(hidingIndex, 0)),
                text + "\n");
        if (hidingFile.equals(feature.document().path())) {
            changes.put(feature.document().uri(), List.of(insert, deleteLine(index)));
        } else {
            changes.put(hidingUri, List.of(insert));
            changes.put(feature.document().uri(), List.of(deleteLine(index)));
        }
        return java.util.Optional.of(action("Move this rule above the rule at " + matcher.group(1) + ":"
                + matcher.group(2) + " that hides it", diagnostic, changes));
    }

    private static CodeAction addDom0Target(Feature feature, int index, org.eclipse.lsp4j.Diagnostic diagnostic) {
        String text = feature.document().text().line(index);
        Fields fields = Fields.of(text, feature.syntax());
        int action = feature.syntax() == Syntax.CURRENT ? 4 : 2;
        TextEdit edit = null;
        for (int k = action + 1; k < fields.size(); k++) {
            if (fields.get(k).text().startsWith("target=")) {
                edit = new TextEdit(new Range(new Position(index, fields.get(k).start()),
                        new Position(index, fields.get(k).end())), "target=dom0");
            }
        }
        if (edit == null) {
            int end = fields.get(Math.min(action, fields.size() - 1)).end();
            edit = new TextEdit(new Range(new Position(index, end), new Position(index, end)), " target=dom0");
        }
        return action("Add target=dom0", diagnostic, Map.of(feature.document().uri(), List.of(edit)));
    }

    private static TextEdit deleteLine(int index) {
        return new TextEdit(new Range(new Position(index, 0), new Position(index + 1, 0)), "");
    }

    private static CodeAction action(String title, org.eclipse.lsp4j.Diagnostic diagnostic,
                                     Map<String, List<TextEdit>> changes) {
        CodeAction action = new CodeAction(title);
        action.setKind(CodeActionKind.QuickFix);
        action.setDiagnostics(List.of(diagnostic));
        action.setEdit(new WorkspaceEdit(new LinkedHashMap<>(changes)));
        return action;
    }
}
