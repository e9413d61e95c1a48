package dev.qrexec.lsp;

import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.Severity;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.eval.analysis.PolicyAnalysis;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.eclipse.lsp4j.DiagnosticSeverity;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * The diagnostics of one snapshot for every file they concern, open or not: each
 * error and warning of the loader and the linter where it is; on every include line
 * whose files have errors, a note naming them; on the first error in load order (the
 * one that makes the daemon deny every call) a sentence saying so, and a note at the
 * top of each other open file; on an open file the policy does not read, its own
 * problems and a note that the policy does not read it.
 */
final class DiagnosticsReport {
    static final String SOURCE = "qrexec-policy";

    private DiagnosticsReport() {}

    /** The findings of every file, by canonical path, each file's in position order. */
    static Map<Path, List<Finding>> findings(Snapshot snapshot) {
        Map<Path, List<Diagnostic>> byFile = snapshot.diagnosticsByFile();
        Optional<Diagnostic> fatal = snapshot.load.firstError();
        Map<Path, List<Finding>> out = new LinkedHashMap<>();
        byFile.forEach((path, diagnostics) -> {
            List<Finding> list = out.computeIfAbsent(path, k -> new ArrayList<>());
            for (Diagnostic d : diagnostics) {
                Finding finding = Finding.of(d);
                if (fatal.isPresent() && fatal.get() == d) {
                    finding = finding.withMessage(finding.message()
                            + "\nthe policy does not load: the daemon denies every call until this is fixed");
                }
                list.add(finding);
            }
        });
        for (Snapshot.TreeFile file : snapshot.allTreeFiles()) {
            for (Snapshot.IncludeLink link : snapshot.includes(file)) {
                List<Diagnostic> errors = snapshot.errorsBrought(link, byFile);
                if (errors.isEmpty()) {
                    continue;
                }
                Diagnostic first = errors.getFirst();
                String message = (errors.size() == 1 ? "1 error" : errors.size() + " errors") + " in what this reads: "
                        + first.position() + ": " + first.message();
                dev.qrexec.parser.Position at = link.directive().position();
                List<Finding> list = out.computeIfAbsent(file.canonical(), k -> new ArrayList<>());
                Finding note = new Finding(Finding.INCLUDED_ERRORS, Severity.ERROR, at.line(), at.column(), message,
                        null);
                if (!list.contains(note)) {
                    list.add(note);
                }
            }
        }
        for (Map.Entry<Path, PolicyFile> entry : snapshot.standalone().entrySet()) {
            List<Finding> list = out.computeIfAbsent(entry.getKey(), k -> new ArrayList<>());
            list.add(new Finding(Finding.NOT_IN_POLICY, Severity.INFO, 0, 0,
                    "no policy file reads this file: the policy in " + directories(snapshot)
                            + " does not contain it; it is checked on its own", null));
            entry.getValue().diagnostics().forEach(d -> list.add(Finding.of(d)));
            dev.qrexec.eval.analysis.Suppressions suppressions = dev.qrexec.eval.analysis.Suppressions.of(List.of(entry.getValue()));
            PolicyAnalysis.analyse(rules(entry.getValue()), snapshot.info).stream()
                    .filter(d -> !suppressions.suppresses(d)).forEach(d -> list.add(Finding.of(d)));
        }
        if (fatal.isPresent()) {
            Path fatalFile = snapshot.canonical(fatal.get().position().file());
            for (OpenDocument document : snapshot.documents.byUri().values()) {
                if (!document.path().equals(fatalFile)) {
                    out.computeIfAbsent(document.path(), k -> new ArrayList<>()).add(new Finding(
                            Finding.POLICY_DENIES_ALL, Severity.ERROR, 0, 0,
                            "the policy does not load, so the daemon denies every call: " + fatal.get().format(),
                            null));
                }
            }
        }
        out.values().forEach(list -> list.sort(java.util.Comparator.comparingInt(Finding::line)
                .thenComparingInt(Finding::column)));
        return out;
    }

    private static List<dev.qrexec.parser.ast.Rule> rules(PolicyFile file) {
        return file.lines().stream().filter(l -> l instanceof dev.qrexec.parser.ast.Rule)
                .map(l -> (dev.qrexec.parser.ast.Rule) l).toList();
    }

    private static String directories(Snapshot snapshot) {
        return String.join(", ", snapshot.options.loadOptions(dev.qrexec.parser.load.FileView.real())
                .policyDirectories().stream().map(Path::toString).toList());
    }

    /**
     * The protocol's diagnostics by URI: open documents under the client's URI (each
     * open document present, empty when clean), other files under their {@code file:} URI.
     */
    static Map<String, List<org.eclipse.lsp4j.Diagnostic>> publishable(Snapshot snapshot) {
        Map<Path, List<Finding>> findings = findings(snapshot);
        Map<String, List<org.eclipse.lsp4j.Diagnostic>> out = new TreeMap<>();
        for (OpenDocument document : snapshot.documents.byUri().values()) {
            out.put(document.uri(), new ArrayList<>());
        }
        findings.forEach((path, list) -> {
            String uri = snapshot.document(path).map(OpenDocument::uri).orElse(path.toUri().toString());
            DocumentText text = snapshot.text(path);
            Syntax syntax = snapshot.syntax(path);
            List<org.eclipse.lsp4j.Diagnostic> converted = out.computeIfAbsent(uri, k -> new ArrayList<>());
            for (Finding finding : list) {
                converted.add(convert(finding, text, syntax));
            }
        });
        return out;
    }

    static org.eclipse.lsp4j.Diagnostic convert(Finding finding, DocumentText text, Syntax syntax) {
        org.eclipse.lsp4j.Diagnostic out = new org.eclipse.lsp4j.Diagnostic(range(finding, text, syntax),
                finding.message(), severity(finding.severity()), SOURCE, finding.code());
        return out;
    }

    /**
     * Where a finding shows: nothing for a whole file; the whole line when it points
     * at the line's first field; else the field it points at.
     */
    static Range range(Finding finding, DocumentText text, Syntax syntax) {
        if (finding.line() <= 0) {
            return new Range(new Position(0, 0), new Position(0, 0));
        }
        int index = finding.line() - 1;
        String line = text.line(index);
        Fields fields = Fields.of(line, syntax);
        int start = DocumentText.utf16(line, Math.max(0, finding.column() - 1));
        if (fields.size() == 0) {
            return new Range(new Position(index, start), new Position(index, start));
        }
        if (start <= fields.get(0).start()) {
            return new Range(new Position(index, fields.get(0).start()),
                    new Position(index, fields.get(fields.size() - 1).end()));
        }
        int k = fields.at(start);
        int end = k >= 0 ? fields.get(k).end() : start;
        return new Range(new Position(index, start), new Position(index, end));
    }

    static DiagnosticSeverity severity(Severity severity) {
        return switch (severity) {
            case ERROR -> DiagnosticSeverity.Error;
            case WARNING -> DiagnosticSeverity.Warning;
            case INFO -> DiagnosticSeverity.Information;
        };
    }
}
