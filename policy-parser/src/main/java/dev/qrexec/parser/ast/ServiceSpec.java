package dev.qrexec.parser.ast;

import dev.qrexec.parser.Code;
import dev.qrexec.parser.PolicySyntaxException;
import dev.qrexec.parser.compat.Charsets;
import dev.qrexec.parser.compat.PythonRepr;
import java.util.Objects;

/** The service column of a rule: {@code *} or one service name. */
public sealed interface ServiceSpec {
    /** The column as written. */
    String text();

    /** {@code *}: any service. */
    record Any() implements ServiceSpec {
        /** The one {@code *}. */
        public static final Any INSTANCE = new Any();

        @Override
        public String text() {
            return "*";
        }
    }

    /** One service, compared exactly (it may be empty for legacy files named {@code +ARG}). */
    record Named(String name) implements ServiceSpec {
        public Named {
            Objects.requireNonNull(name);
        }

        @Override
        public String text() {
            return name;
        }
    }

    /** Whether a request for {@code service} is covered. */
    default boolean matches(String service) {
        return switch (this) {
            case Any any -> true;
            case Named named -> named.name().equals(service);
        };
    }

    /**
     * Reads a service column: {@code *}, or a name made of ASCII letters, digits and
     * {@code - . _}.
     */
    static ServiceSpec parse(String text) throws PolicySyntaxException {
        if (text.equals("*")) {
            return Any.INSTANCE;
        }
        String bad = Charsets.invalidCharacters(text, false);
        if (bad != null) {
            throw new PolicySyntaxException(Code.INVALID_SERVICE,
                    "service " + PythonRepr.str(text) + " contains invalid characters: " + bad);
        }
        return new Named(text);
    }
}
