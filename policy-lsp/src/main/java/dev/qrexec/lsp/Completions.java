package dev.qrexec.lsp;

import dev.qrexec.eval.Domain;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.lsp.PolicyLanguageServer.Feature;
import dev.qrexec.parser.ast.ArgumentSpec;
import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.ast.Token;
import java.io.IOException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.lsp4j.CompletionItem;
import org.eclipse.lsp4j.CompletionItemKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextEdit;
import org.eclipse.lsp4j.jsonrpc.messages.Either;

/**
 * Completion by the field being typed: directives and services (from the tree and
 * the table of Qubes services and Admin API calls) in the first field, the
 * arguments the tree uses, source and target tokens (keywords, qube names,
 * {@code @tag:} and {@code @type:} values from the system information and the tree),
 * actions, parameters and their values, and file names after {@code !include*}.
 * Each item replaces the word typed so far.
 */
final class Completions {
    static final List<String> DIRECTIVES = List.of("!include", "!include-dir", "!include-service", "!compat-4.0");
    static final List<String> ACTIONS = List.of("allow", "deny", "ask");

    private Completions() {}

    /** The items for the cursor at {@code position}. */
    static List<CompletionItem> complete(Feature feature, Position position) {
        String line = feature.document().text().line(position.getLine());
        int cursor = Math.min(position.getCharacter(), line.length());
        Syntax syntax = feature.syntax();
        Fields fields = Fields.of(line, syntax);
        int k = fields.typing(cursor);
        int wordStart = k < fields.size() && fields.get(k).start() <= cursor ? fields.get(k).start() : cursor;
        String word = line.substring(wordStart, cursor);
        Range replace = new Range(new Position(position.getLine(), wordStart), position);
        Items items = new Items(replace, word);
        String first = fields.size() > 0 && fields.get(0).start() < cursor ? fields.get(0).text() : "";
        if (first.startsWith("#") || (k > 0 && first.isEmpty())) {
            return items.list();
        }
        Snapshot snapshot = feature.snapshot();
        if (k == 0) {
            if (syntax == Syntax.CURRENT) {
                DIRECTIVES.forEach(d -> items.add(d, CompletionItemKind.Keyword, "directive"));
                items.add("*", CompletionItemKind.Keyword, "any service");
                services(snapshot, items);
            } else {
                sourceTokens(snapshot, items);
                items.add("$include:", CompletionItemKind.Keyword, "read the rules of another legacy file");
            }
            return items.list();
        }
        if (syntax == Syntax.CURRENT && first.startsWith("!")) {
            Path base = snapshot.base(feature.document().path());
            switch (first) {
                case "!include" -> { if (k == 1) { files(base, word, false, items); } }
                case "!include-dir" -> { if (k == 1) { files(base, word, true, items); } }
                case "!include-service" -> {
                    if (k == 1) {
                        services(snapshot, items);
                    } else if (k == 2) {
                        arguments(snapshot, fields.get(1).text(), items);
                    } else if (k == 3) {
                        files(base, word, false, items);
                    }
                }
                default -> { }
            }
            return items.list();
        }
        int field = syntax == Syntax.CURRENT ? k : k + 2;
        switch (field) {
            case 1 -> arguments(snapshot, first, items);
            case 2 -> sourceTokens(snapshot, items);
            case 3 -> targetTokens(snapshot, items);
            case 4 -> ACTIONS.forEach(a -> items.add(a, CompletionItemKind.Keyword, "action"));
            default -> {
                int actionField = syntax == Syntax.CURRENT ? 4 : 2;
                if (field >= 5 && fields.size() > actionField) {
                    parameters(snapshot, fields.get(actionField).text(), fields, k, word, items);
                }
            }
        }
        return items.list();
    }

    /** The items collected, each once, in the order added. */
    private static final class Items {
        private final Range replace;
        private final String word;
        private final Map<String, CompletionItem> items = new LinkedHashMap<>();

        Items(Range replace, String word) {
            this.replace = replace;
            this.word = word;
        }

        void add(String text, CompletionItemKind kind, String detail) {
            if (!text.startsWith(word) || items.containsKey(text)) {
                return;
            }
            CompletionItem item = new CompletionItem(text);
            item.setKind(kind);
            item.setDetail(detail);
            item.setTextEdit(Either.forLeft(new TextEdit(replace, text)));
            item.setSortText(String.format("%05d", items.size()));
            items.put(text, item);
        }

        List<CompletionItem> list() {
            return new ArrayList<>(items.values());
        }
    }

    private static void services(Snapshot snapshot, Items items) {
        Set<String> inTree = new TreeSet<>();
        for (Rule rule : snapshot.load.tree().rules()) {
            if (rule.service() instanceof ServiceSpec.Named named && !named.name().isEmpty()) {
                inTree.add(named.name());
            }
        }
        for (String name : inTree) {
            items.add(name, CompletionItemKind.Function, QubesServices.get(name)
                    .map(QubesServices.Service::description).orElse("a service of this policy"));
        }
        for (QubesServices.Service service : QubesServices.all()) {
            items.add(service.name(), CompletionItemKind.Function, service.description()
                    + service.scope().map(s -> " (scope: " + s.text + ")").orElse(""));
        }
    }

    private static void arguments(Snapshot snapshot, String service, Items items) {
        items.add("*", CompletionItemKind.Keyword, "any argument, or none");
        items.add("+", CompletionItemKind.Keyword, "no argument");
        Set<String> used = new TreeSet<>();
        for (Rule rule : snapshot.load.tree().rules()) {
            if (rule.service().text().equals(service) && rule.argument() instanceof ArgumentSpec.Exact exact) {
                used.add(exact.argument());
            }
        }
        used.forEach(a -> items.add(a, CompletionItemKind.Value, "an argument this policy uses"));
    }

    private static void sourceTokens(Snapshot snapshot, Items items) {
        items.add("@anyvm", CompletionItemKind.Keyword, "any qube except dom0");
        items.add("*", CompletionItemKind.Keyword, "any qube, dom0 included");
        items.add("@adminvm", CompletionItemKind.Keyword, "dom0");
        qubeFacts(snapshot, items, true);
    }

    private static void targetTokens(Snapshot snapshot, Items items) {
        items.add("@anyvm", CompletionItemKind.Keyword, "any qube except dom0");
        items.add("*", CompletionItemKind.Keyword, "any qube, dom0 included");
        items.add("@adminvm", CompletionItemKind.Keyword, "dom0");
        items.add("@default", CompletionItemKind.Keyword, "the caller named no target");
        items.add("@dispvm", CompletionItemKind.Keyword, "a new disposable from the caller's default template");
        qubeFacts(snapshot, items, true);
    }

    /** Redirect targets ({@code target=}, {@code default_target=}): qubes, dom0 and disposables. */
    private static void redirectTokens(Snapshot snapshot, Items items, String key) {
        items.add(key + "@adminvm", CompletionItemKind.Keyword, "dom0");
        items.add(key + "dom0", CompletionItemKind.Value, "dom0");
        items.add(key + "@dispvm", CompletionItemKind.Keyword, "a new disposable from the caller's default template");
        Facts facts = facts(snapshot);
        facts.names.forEach(n -> items.add(key + n, CompletionItemKind.Value, "qube"));
        facts.templates.forEach(t -> items.add(key + "@dispvm:" + t, CompletionItemKind.Value,
                "a new disposable based on " + t));
    }

    /** Names, tags, types and disposable templates: from the system information, then from the tree's tokens. */
    private record Facts(Set<String> names, Set<String> tags, Set<String> types, Set<String> templates) {}

    private static Facts facts(Snapshot snapshot) {
        Facts facts = new Facts(new LinkedHashSet<>(), new TreeSet<>(), new TreeSet<>(), new TreeSet<>());
        if (snapshot.info.isPresent()) {
            SystemInfo info = snapshot.info.get();
            for (Domain domain : info.domains()) {
                facts.names.add(domain.name());
                facts.tags.addAll(domain.tags());
                if (domain.type() != null) {
                    facts.types.add(domain.type());
                }
                if (domain.templateForDispvms()) {
                    facts.templates.add(domain.name());
                }
            }
        }
        for (Rule rule : snapshot.load.tree().rules()) {
            for (Token token : new Token[] {rule.source(), rule.target()}) {
                switch (token) {
                    case Token.Name name -> facts.names.add(name.name());
                    case Token.Tag tag -> facts.tags.add(tag.tag());
                    case Token.Type type -> facts.types.add(type.type());
                    case Token.DispVmTemplate template -> facts.templates.add(template.template());
                    case Token.DispVmTag tag -> facts.tags.add(tag.tag());
                    case Token.Any any -> { }
                    case Token.AnyVm anyVm -> { }
                    case Token.AdminVm adminVm -> { }
                    case Token.Default def -> { }
                    case Token.DispVm dispVm -> { }
                    case Token.Uuid uuid -> { }
                }
            }
        }
        return facts;
    }

    private static void qubeFacts(Snapshot snapshot, Items items, boolean dispvmTags) {
        Facts facts = facts(snapshot);
        facts.names.forEach(n -> items.add(n, CompletionItemKind.Value, "qube"));
        facts.tags.forEach(t -> items.add("@tag:" + t, CompletionItemKind.EnumMember, "the qubes tagged " + t));
        facts.types.forEach(t -> items.add("@type:" + t, CompletionItemKind.EnumMember, "the qubes of type " + t));
        facts.templates.forEach(t -> items.add("@dispvm:" + t, CompletionItemKind.Value,
                "a new disposable based on " + t));
        if (dispvmTags) {
            facts.tags.forEach(t -> items.add("@dispvm:@tag:" + t, CompletionItemKind.EnumMember,
                    "a new disposable based on a template tagged " + t));
        }
    }

    private static void parameters(Snapshot snapshot, String action, Fields fields, int k, String word,
                                   Items items) {
        List<String> keys = switch (action) {
            case "allow" -> List.of("target", "user", "notify", "autostart");
            case "ask" -> List.of("target", "default_target", "user", "notify", "autostart");
            case "deny" -> List.of("notify");
            default -> List.of();
        };
        int equals = word.indexOf('=');
        if (equals < 0) {
            Set<String> present = new LinkedHashSet<>();
            for (int i = 0; i < fields.size(); i++) {
                int eq = fields.get(i).text().indexOf('=');
                if (i != k && eq > 0) {
                    present.add(fields.get(i).text().substring(0, eq));
                }
            }
            for (String key : keys) {
                if (!present.contains(key)) {
                    items.add(key + "=", CompletionItemKind.Property, parameterHelp(key));
                }
            }
            return;
        }
        String key = word.substring(0, equals);
        if (!keys.contains(key)) {
            return;
        }
        switch (key) {
            case "target", "default_target" -> redirectTokens(snapshot, items, key + "=");
            case "user" -> {
                items.add("user=root", CompletionItemKind.Value, "run the service as root");
                items.add("user=user", CompletionItemKind.Value, "run the service as the qube's user");
            }
            default -> {
                items.add(key + "=yes", CompletionItemKind.Value, "yes");
                items.add(key + "=no", CompletionItemKind.Value, "no");
            }
        }
    }

    static String parameterHelp(String key) {
        return switch (key) {
            case "target" -> "the qube the call goes to instead of the one named";
            case "default_target" -> "the target the prompt proposes";
            case "user" -> "the user the service runs as in the target";
            case "notify" -> "whether the user is told of the call";
            case "autostart" -> "whether the target may be started for the call";
            default -> key;
        };
    }

    /** The names in the directory typed so far, relative to the include base. */
    private static void files(Path base, String word, boolean directoriesOnly, Items items) {
        int slash = word.lastIndexOf('/');
        String prefix = slash < 0 ? "" : word.substring(0, slash + 1);
        Path directory;
        try {
            directory = prefix.startsWith("/") ? Path.of(prefix) : base.resolve(prefix);
        } catch (InvalidPathException e) {
            return;
        }
        List<String> names;
        try {
            names = new ArrayList<>(FileView.real().list(directory));
        } catch (IOException | RuntimeException e) {
            return;
        }
        names.sort(null);
        for (String name : names) {
            if (name.startsWith(".")) {
                continue;
            }
            boolean directoryEntry = FileView.real().kind(directory.resolve(name)) == FileView.Kind.DIRECTORY;
            if (directoryEntry) {
                items.add(prefix + name + "/", CompletionItemKind.Folder, "directory");
            } else if (!directoriesOnly) {
                items.add(prefix + name, CompletionItemKind.File, "file");
            }
        }
    }
}
