package dev.qrexec.eval.analysis;

import dev.qrexec.eval.Domain;
import dev.qrexec.eval.ReferenceCrash;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Token;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Tokens of a rule (source, target, {@code target=}, {@code default_target=}) that
 * name a qube, tag or type that no qube of the system information has: such a
 * token never matches (or redirects nowhere) until the qube exists. dom0 always
 * exists. Needs the system information; does nothing without it.
 */
final class ExistenceCheck implements Check {
    @Override
    public void run(List<Rule> rules, Optional<SystemInfo> info, List<Diagnostic> out) {
        if (info.isEmpty()) {
            return;
        }
        for (Rule rule : rules) {
            Set<Token> tokens = new LinkedHashSet<>(List.of(rule.source(), rule.target()));
            rule.action().redirect().ifPresent(tokens::add);
            if (rule.action() instanceof Action.Ask ask) {
                ask.defaultTarget().ifPresent(tokens::add);
            }
            for (Token token : tokens) {
                problem(token, info.get(), rule).ifPresent(out::add);
            }
        }
    }

    static Optional<Diagnostic> problem(Token token, SystemInfo info, Rule rule) {
        return switch (token) {
            case Token.Name name -> unknownQube(name.text(), token, info, rule);
            case Token.Uuid uuid -> unknownQube(uuid.text(), token, info, rule);
            case Token.DispVmTemplate template -> unknownQube(template.template(), token, info, rule);
            case Token.Tag tag -> unknownTag(tag.tag(), token, info, rule);
            case Token.DispVmTag tag -> unknownTag(tag.tag(), token, info, rule);
            case Token.Type type -> info.domains().stream().anyMatch(d -> type.type().equals(typeOf(d)))
                    ? Optional.empty()
                    : Optional.of(Diagnostic.warning(Code.UNKNOWN_TYPE, rule.position(),
                            token.text() + ": no qube is of type " + type.type()));
            case Token.Any any -> Optional.empty();
            case Token.AnyVm anyVm -> Optional.empty();
            case Token.AdminVm adminVm -> Optional.empty();
            case Token.Default def -> Optional.empty();
            case Token.DispVm dispVm -> Optional.empty();
        };
    }

    private static Optional<Diagnostic> unknownQube(String name, Token token, SystemInfo info, Rule rule) {
        if (Coverage.isDom0(Token.literal(name)) || info.contains(name)) {
            return Optional.empty();
        }
        Diagnostic warning = Diagnostic.warning(Code.UNKNOWN_QUBE, rule.position(),
                token.text() + ": no qube " + name + " in the system information");
        return Optional.of(name.startsWith("$")
                ? warning.withHint("keywords are written with @ (such as @anyvm), except in legacy files")
                : warning);
    }

    private static Optional<Diagnostic> unknownTag(String tag, Token token, SystemInfo info, Rule rule) {
        if (RuntimeTags.isRuntime(tag)) {
            return Optional.empty();
        }
        return info.domains().stream().anyMatch(d -> tagsOf(d).contains(tag))
                ? Optional.empty()
                : Optional.of(Diagnostic.warning(Code.UNKNOWN_TAG, rule.position(),
                        token.text() + ": no qube has the tag " + tag));
    }

    /** The qube's tags; none when the system information leaves them out. */
    private static List<String> tagsOf(Domain domain) {
        try {
            return domain.tags();
        } catch (ReferenceCrash missing) {
            return List.of();
        }
    }

    /** The qube's type, or null when the system information leaves it out. */
    private static String typeOf(Domain domain) {
        try {
            return domain.type();
        } catch (ReferenceCrash missing) {
            return null;
        }
    }
}
