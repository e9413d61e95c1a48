package dev.qrexec.parser.ast;

import dev.qrexec.parser.Position;
import java.util.Objects;

/**
 * A rule: {@code SERVICE ARGUMENT SOURCE TARGET ACTION [PARAM...]}. As a line it is a
 * rule of the current syntax; in {@link PolicyTree#rules()} it is also how a legacy
 * rule looks once its file's service and argument are applied. Equality ignores the
 * position.
 */
public record Rule(ServiceSpec service, ArgumentSpec argument, Token source, Token target, Action action,
                   Position position) implements Line {
    public Rule {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(argument, "argument");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(position, "position");
    }

    /** The rule as one line of policy text, fields separated by one space. */
    public String text() {
        return service.text() + " " + argument.text() + " " + source.text() + " " + target.text() + " "
                + action.text();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Rule r
                && service.equals(r.service)
                && argument.equals(r.argument)
                && source.equals(r.source)
                && target.equals(r.target)
                && action.equals(r.action);
    }

    @Override
    public int hashCode() {
        return Objects.hash(service, argument, source, target, action);
    }
}
