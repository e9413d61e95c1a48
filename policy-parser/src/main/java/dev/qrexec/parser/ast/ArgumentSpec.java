package dev.qrexec.parser.ast;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.PolicySyntaxException;
import dev.qrexec.parser.compat.Charsets;
import dev.qrexec.parser.compat.PythonRepr;
import java.util.Objects;

/** The argument column of a rule: {@code *}, or an exact argument starting with {@code +}. */
public sealed interface ArgumentSpec {
    /** The column as written. */
    String text();

    /** {@code *}: any argument, including none. */
    record Any() implements ArgumentSpec {
        /** The one {@code *}. */
        public static final Any INSTANCE = new Any();

        @Override
        public String text() {
            return "*";
        }
    }

    /** One argument, with its leading {@code +}; {@code +} alone is the empty argument. */
    record Exact(String argument) implements ArgumentSpec {
        public Exact {
            Objects.requireNonNull(argument);
            if (!argument.startsWith("+")) {
                throw new IllegalArgumentException("argument must start with +: " + argument);
            }
        }

        @Override
        public String text() {
            return argument;
        }
    }

    /** Whether a request argument ({@code +...}) is covered. */
    default boolean matches(String argument) {
        return switch (this) {
            case Any any -> true;
            case Exact exact -> exact.argument().equals(argument);
        };
    }

    /**
     * Reads an argument column in the reference's order of checks: the character set,
     * the leading {@code +}, and that a {@code *} service takes only a {@code *} argument.
     */
    static ArgumentSpec parse(String text, ServiceSpec service) throws PolicySyntaxException {
        if (text.equals("*")) {
            return Any.INSTANCE;
        }
        String bad = Charsets.invalidCharacters(text, true);
        if (bad != null) {
            throw new PolicySyntaxException(Code.INVALID_ARGUMENT,
                    "argument " + PythonRepr.str(text) + " contains invalid characters: " + bad);
        }
        if (!text.startsWith("+")) {
            throw new PolicySyntaxException(Code.ARGUMENT_WITHOUT_PLUS,
                    "argument " + PythonRepr.str(text) + " does not start with +");
        }
        if (service instanceof ServiceSpec.Any) {
            throw new PolicySyntaxException(Code.WILDCARD_SERVICE_ARGUMENT, "only * argument allowed for * service");
        }
        return new Exact(text);
    }
}
