package dev.qrexec.parser;

import dev.qrexec.parser.ast.Token;
import java.util.Objects;

/**
 * A field that cannot be read: the {@link Code}, the reference's message, and the
 * 0-based code point offset inside the field where the problem is (usually 0).
 * Thrown only inside the parser and by {@link Token#parse}; it carries no stack trace.
 */
public final class PolicySyntaxException extends Exception {
    private static final long serialVersionUID = 1L;

    private final Code code;

    public PolicySyntaxException(Code code, String message) {
        super(message, null, false, false);
        this.code = Objects.requireNonNull(code);
    }

    public Code code() {
        return code;
    }
}
