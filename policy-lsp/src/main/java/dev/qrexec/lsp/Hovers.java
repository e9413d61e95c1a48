package dev.qrexec.lsp;

import dev.qrexec.eval.Domain;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.TokenQubes;
import dev.qrexec.lsp.PolicyLanguageServer.Feature;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.ast.Comment;
import dev.qrexec.parser.ast.Compat40;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Include;
import dev.qrexec.parser.ast.IncludeDir;
import dev.qrexec.parser.ast.IncludeService;
import dev.qrexec.parser.ast.LegacyRule;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Token;
import java.util.List;
import java.util.Optional;
import org.eclipse.lsp4j.Hover;
import org.eclipse.lsp4j.MarkupContent;
import org.eclipse.lsp4j.MarkupKind;
import org.eclipse.lsp4j.Position;
import org.eclipse.lsp4j.Range;

/**
 * What hovering shows. On a rule: the calls it decides, or when it decides none, the
 * earlier rule that hides it. On a source, target or {@code target=} token: the qubes
 * it stands for. On an include line: the file and how many rules it brings. On a
 * service name: what the service is, when it is a known Qubes service. On an
 * {@code # explain:} comment: the explanation of that call.
 */
final class Hovers {
    /** At most this many lines of calls in a rule's hover. */
    static final int CALL_LINES = 12;

    private Hovers() {}

    static Hover hover(Feature feature, Position position) {
        Optional<Line> found = feature.line(position.getLine());
        if (found.isEmpty()) {
            return null;
        }
        Line line = found.get();
        String lineText = feature.document().text().line(position.getLine());
        Fields fields = Fields.of(lineText, feature.syntax());
        int k = fields.at(position.getCharacter());
        String text = switch (line) {
            case Rule rule -> ruleHover(feature, rule, k, 0, fields);
            case LegacyRule rule -> treeRule(feature.snapshot(), rule.position())
                    .map(r -> ruleHover(feature, r, k, -2, fields))
                    .orElse(null);
            case Include include -> includeHover(feature, line);
            case IncludeDir include -> includeHover(feature, line);
            case Compat40 compat -> includeHover(feature, line);
            case IncludeService include -> k == 1 ? serviceHover(feature, include.service()) : includeHover(feature, line);
            case Comment comment -> Explains.request(comment.text())
                    .map(args -> "```\n" + Explains.execute(feature.snapshot(), args,
                            feature.snapshot().options.explanationText()) + "```")
                    .orElse(null);
            default -> null;
        };
        if (text == null) {
            return null;
        }
        Range range = k >= 0
                ? new Range(new Position(position.getLine(), fields.get(k).start()),
                        new Position(position.getLine(), fields.get(k).end()))
                : null;
        return new Hover(new MarkupContent(MarkupKind.MARKDOWN, text), range);
    }

    /** The rule of the tree (the evaluator's object) at this position. */
    static Optional<Rule> treeRule(Snapshot snapshot, dev.qrexec.parser.Position position) {
        for (Rule rule : snapshot.load.tree().rules()) {
            if (rule.position().equals(position)) {
                return Optional.of(rule);
            }
        }
        return Optional.empty();
    }

    /**
     * A rule's hover; {@code offset} shifts the field indices (-2 for a legacy rule,
     * which has no service and argument fields).
     */
    private static String ruleHover(Feature feature, Rule written, int k, int offset, Fields fields) {
        Snapshot snapshot = feature.snapshot();
        Rule rule = treeRule(snapshot, written.position()).orElse(written);
        int field = k < 0 ? -1 : k - offset;
        if (field == 0) {
            return serviceHover(feature, rule.service());
        }
        Optional<SystemInfo> info = snapshot.info;
        if (field == 2) {
            return tokenHover(rule.source(), true, info, rule, snapshot);
        }
        if (field == 3) {
            return tokenHover(rule.target(), false, info, rule, snapshot);
        }
        if (field >= 5 && k < fields.size()) {
            String parameter = fields.get(k).text();
            if (parameter.startsWith("target=") && rule.action().redirect().isPresent()) {
                return tokenHover(rule.action().redirect().get(), false, info, rule, snapshot);
            }
            if (parameter.startsWith("default_target=") && rule.action() instanceof Action.Ask ask
                    && ask.defaultTarget().isPresent()) {
                return tokenHover(ask.defaultTarget().get(), false, info, rule, snapshot);
            }
        }
        return decides(snapshot, rule);
    }

    /** The calls a rule decides, or what hides it. */
    static String decides(Snapshot snapshot, Rule rule) {
        StringBuilder out = new StringBuilder();
        out.append("**rule** `").append(rule.text()).append("`\n\n");
        Optional<Diagnostic> hidden = snapshot.warnings.stream()
                .filter(d -> d.position().equals(rule.position())
                        && (d.code() == Code.SHADOWED_RULE || d.code() == Code.DUPLICATE_RULE))
                .findFirst();
        boolean inTree = snapshot.load.tree().rules().stream().anyMatch(r -> r == rule);
        if (!inTree) {
            out.append("The policy does not read this rule.\n");
            return out.toString();
        }
        if (snapshot.info.isEmpty()) {
            hidden.ifPresent(d -> out.append("Decides no call: ").append(d.message()).append('\n'));
            if (hidden.isEmpty()) {
                out.append("The calls it decides need the system information (").append(snapshot.infoProblem)
                        .append(").\n");
            }
            return out.toString();
        }
        List<RuleReach.Call> calls = RuleReach.calls(rule, snapshot.reaching(), snapshot.info.get());
        if (calls.isEmpty()) {
            out.append("Decides no call between the qubes of the system information");
            out.append(hidden.map(d -> ": " + d.message()).orElse(": earlier rules decide every call it matches, "
                    + "or it matches none")).append('\n');
        } else {
            boolean arguments = calls.stream().map(RuleReach.Call::argument).distinct().count() > 1;
            out.append("Decides ").append(calls.size()).append(calls.size() == 1 ? " call" : " calls");
            if (rule.service() instanceof ServiceSpec.Any) {
                out.append(" of any service no other rule names");
            }
            out.append(":\n\n");
            RuleReach.summary(calls, arguments, CALL_LINES).forEach(l -> out.append(l).append('\n'));
            hidden.ifPresent(d -> out.append("\n").append(d.message()).append('\n'));
        }
        if (!snapshot.load.ok()) {
            out.append("\n(The policy does not load now: until it does, the daemon denies every call.)\n");
        }
        return out.toString();
    }

    private static String serviceHover(Feature feature, ServiceSpec service) {
        if (!(service instanceof ServiceSpec.Named named)) {
            return "`*`: every service";
        }
        StringBuilder out = new StringBuilder("**").append(named.name()).append("**");
        QubesServices.get(named.name()).ifPresentOrElse(known -> {
            out.append(": ").append(known.description());
            known.scope().ifPresent(scope -> out.append("\n\nScope: ").append(scope.text));
        }, () -> out.append(": not a service Qubes OS ships"));
        long rules = feature.snapshot().load.tree().rules().stream()
                .filter(r -> r.service() instanceof ServiceSpec.Named n && n.name().equals(named.name())).count();
        out.append("\n\n").append(rules).append(rules == 1 ? " rule names it" : " rules name it");
        return out.toString();
    }

    private static String tokenHover(Token token, boolean source, Optional<SystemInfo> info, Rule rule,
                                     Snapshot snapshot) {
        StringBuilder out = new StringBuilder("`").append(token.text()).append("`: ").append(meaning(token, source));
        if (info.isEmpty()) {
            out.append("\n\n(which qubes: needs the system information)");
            return out.toString();
        }
        SystemInfo system = info.get();
        List<String> qubes;
        if (source) {
            qubes = TokenQubes.asSource(token, system);
        } else {
            List<String> sources = TokenQubes.asSource(rule.source(), system);
            qubes = TokenQubes.asTarget(token, system, sources.isEmpty() ? "" : sources.getFirst());
        }
        List<String> named = qubes.stream().filter(q -> system.get(q) != null).toList();
        List<String> others = qubes.stream().filter(q -> system.get(q) == null).toList();
        out.append("\n\n").append(source ? "As a source it stands for " : "As a target it stands for ");
        if (named.isEmpty()) {
            out.append("no qube of the system information");
        } else {
            out.append(named.size()).append(named.size() == 1 ? " qube: " : " qubes: ")
                    .append(String.join(", ", named.stream().map(q -> "`" + q + "`").toList()));
        }
        if (!others.isEmpty()) {
            out.append("; and the targets ").append(String.join(", ", others.stream().map(q -> "`" + q + "`")
                    .toList()));
        }
        if (token instanceof Token.Name name) {
            Domain domain = system.get(name.name());
            if (domain != null) {
                out.append("\n\n").append(describe(domain));
            } else {
                out.append("\n\nThere is no qube named ").append(name.name()).append('.');
            }
        }
        return out.toString();
    }

    private static String describe(Domain domain) {
        StringBuilder out = new StringBuilder("`").append(domain.name()).append("`: ")
                .append(domain.type() == null ? "of no known type" : domain.type());
        if (domain.powerState() != null) {
            out.append(", ").append(domain.powerState());
        }
        if (!domain.tags().isEmpty()) {
            out.append(", tags ").append(String.join(", ", domain.tags()));
        }
        if (domain.templateForDispvms()) {
            out.append(", a disposable template");
        }
        if (domain.defaultDispvm() != null) {
            out.append(", default disposable template ").append(domain.defaultDispvm());
        }
        return out.toString();
    }

    /** What a token means in the language. */
    static String meaning(Token token, boolean source) {
        return switch (token) {
            case Token.Any any -> "any qube, dom0 included";
            case Token.AnyVm anyVm -> "any qube except dom0";
            case Token.AdminVm adminVm -> "dom0";
            case Token.Default def -> "the caller named no target";
            case Token.DispVm dispVm -> "a new disposable from the caller's default disposable template";
            case Token.DispVmTemplate template -> "a new disposable based on " + template.template();
            case Token.DispVmTag tag -> "a new disposable based on a disposable template tagged " + tag.tag();
            case Token.Tag tag -> "the qubes tagged " + tag.tag();
            case Token.Type type -> "the qubes of type " + type.type();
            case Token.Name name -> name.name().equals("dom0") ? "dom0" : "the qube " + name.name();
            case Token.Uuid uuid -> "the qube with UUID " + uuid.uuid();
        };
    }

    private static String includeHover(Feature feature, Line line) {
        Snapshot snapshot = feature.snapshot();
        Snapshot.IncludeLink link = snapshot.link(line, snapshot.base(feature.document().path()));
        if (link == null) {
            return null;
        }
        List<Snapshot.TreeFile> read = snapshot.linked(link);
        StringBuilder out = new StringBuilder();
        if (read.isEmpty()) {
            out.append("`").append(link.target()).append("`: the policy reads nothing here");
            return out.toString();
        }
        int rules = snapshot.rulesBrought(link);
        if (link.directory()) {
            out.append("Reads ").append(read.size()).append(read.size() == 1 ? " file" : " files").append(" of `")
                    .append(link.target()).append("`");
        } else {
            out.append("Reads `").append(link.target()).append("`");
        }
        out.append(" (").append(read.getFirst().file().syntax() == dev.qrexec.parser.ast.Syntax.LEGACY
                ? "legacy syntax" : "current syntax").append("): ");
        out.append(rules).append(rules == 1 ? " rule" : " rules");
        return out.toString();
    }
}
