package dev.qrexec.lsp;

import dev.qrexec.lsp.PolicyLanguageServer.Feature;
import dev.qrexec.parser.ast.Compat40;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.IncludeDir;
import dev.qrexec.parser.ast.IncludeService;
import dev.qrexec.parser.ast.LegacyRule;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.text.PolicyPrinter;
import dev.qrexec.parser.ast.Rule;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.DocumentSymbol;
import org.eclipse.lsp4j.Location;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.SymbolInformation;
import org.eclipse.lsp4j.SymbolKind;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/** Go to definition on include lines, the outline of a file, and formatting. */
final class Navigation {
    private Navigation() {}

    /** The file an include line reads (the start of it), or the files of an included directory. */
    static List<Location> definition(Feature feature, Position position) {
        Optional<Line> line = feature.line(position.getLine());
        if (line.isEmpty()) {
            return List.of();
        }
        Snapshot snapshot = feature.snapshot();
        Snapshot.IncludeLink link = snapshot.link(line.get(), snapshot.base(feature.document().path()));
        if (link == null) {
            return List.of();
        }
        Range start = new Range(new Position(0, 0), new Position(0, 0));
        List<Location> out = new ArrayList<>();
        if (!link.directory()) {
            if (dev.qrexec.parser.load.FileView.real().kind(link.target()) == dev.qrexec.parser.load.FileView.Kind.FILE
                    || snapshot.document(link.target()).isPresent()) {
                out.add(new Location(uri(snapshot, link.target()), start));
            }
            return out;
        }
        for (Snapshot.TreeFile file : snapshot.linked(link)) {
            out.add(new Location(uri(snapshot, file.canonical()), start));
        }
        return out;
    }

    static String uri(Snapshot snapshot, Path path) {
        return snapshot.document(path).map(OpenDocument::uri).orElse(path.toUri().toString());
    }

    /** One symbol per service, holding one per rule, and one per directive, in file order. */
    static List<Either<SymbolInformation, DocumentSymbol>> symbols(Feature feature) {
        Map<String, DocumentSymbol> services = new LinkedHashMap<>();
        List<DocumentSymbol> top = new ArrayList<>();
        DocumentText text = feature.document().text();
        for (Line line : feature.file().lines()) {
            int index = line.position().line() - 1;
            Range range = new Range(new Position(index, 0), new Position(index, text.line(index).length()));
            Rule rule = switch (line) {
                case Rule r -> r;
                case LegacyRule r -> Hovers.treeRule(feature.snapshot(), r.position()).orElse(null);
                default -> null;
            };
            if (rule != null) {
                String service = rule.service().text();
                DocumentSymbol group = services.computeIfAbsent(service, s -> {
                    DocumentSymbol symbol = new DocumentSymbol(s.isEmpty() ? "(no service)" : s, SymbolKind.Namespace,
                            range, range, QubesServices.get(s).map(QubesServices.Service::description).orElse(null),
                            new ArrayList<>());
                    top.add(symbol);
                    return symbol;
                });
                group.getChildren().add(new DocumentSymbol(rule.text(), SymbolKind.Event, range, range,
                        rule.action().keyword()));
                group.setRange(new Range(group.getRange().getStart(), range.getEnd()));
            } else if (line instanceof Include || line instanceof IncludeDir || line instanceof IncludeService
                    || line instanceof Compat40) {
                top.add(new DocumentSymbol(PolicyPrinter.print(line), SymbolKind.File, range, range));
            }
        }
        List<Either<SymbolInformation, DocumentSymbol>> out = new ArrayList<>();
        top.forEach(s -> out.add(Either.forRight(s)));
        return out;
    }

    /** One edit replacing the whole text with the formatter's, or none when it is formatted already. */
    static List<TextEdit> format(Feature feature, PolicyFormatter formatter) {
        DocumentText text = feature.document().text();
        String formatted = formatter.format(feature.document().path().toString(), text.text(), feature.syntax());
        if (formatted.equals(text.text())) {
            return List.of();
        }
        return List.of(new TextEdit(new Range(new Position(0, 0), text.end()), formatted));
    }
}
