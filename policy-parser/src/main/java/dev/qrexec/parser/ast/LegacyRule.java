package dev.qrexec.parser.ast;

import dev.qrexec.parser.Position;
import java.util.Objects;

/**
 * A rule of the legacy per-service syntax, {@code SOURCE TARGET ACTION [PARAM...]}:
 * its service and argument come from the directive that read the file. Equality
 * ignores the position.
 */
public record LegacyRule(Token source, Token target, Action action, Position position) implements Line {
    public LegacyRule {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(position, "position");
    }

    /** The rule for one service and argument. */
    public Rule toRule(ServiceSpec service, ArgumentSpec argument) {
        return new Rule(service, argument, source, target, action, position);
    }

    /** The line as legacy policy text. */
    public String text() {
        return source.text() + " " + target.text() + " " + action.text();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LegacyRule r && source.equals(r.source) && target.equals(r.target)
                && action.equals(r.action);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, target, action);
    }
}
