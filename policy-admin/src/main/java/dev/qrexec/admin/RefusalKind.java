package dev.qrexec.admin;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of refusal of the admin services. Their names are part of the wire
 * protocol: a refused call writes the kind's name, a space and the message on stderr,
 * and clients map the name back to the kind. Kinds below {@link #PROTOCOL} are
 * requests a well-behaved client should not have sent.
 */
public enum RefusalKind {
    /** The file is not in the state the client's token expects. */
    TOKEN("PolicyAdminTokenException", false),
    /** The file does not exist (or is not a regular file). */
    FILE_NOT_FOUND("PolicyAdminFileNotFoundException", false),
    /** A malformed request. */
    PROTOCOL("PolicyAdminProtocolException", true),
    /** The policy would not load after the change. */
    SYNTAX("PolicyAdminSyntaxException", true),
    /** The file name breaks the naming rules. */
    INVALID_FILE_NAME("PolicyAdminInvalidFileNameException", true),
    /** The file name leads out of its directory. */
    INVALID_FILE_PATH("PolicyAdminInvalidFilePathException", true);

    private final String wireName;
    private final boolean protocol;

    RefusalKind(String wireName, boolean protocol) {
        this.wireName = wireName;
        this.protocol = protocol;
    }

    /** The exception name the reference prints, e.g. {@code PolicyAdminTokenException}. */
    public String wireName() {
        return wireName;
    }

    /** Whether this kind is {@link #PROTOCOL} or one of its sub-kinds. */
    public boolean isProtocolError() {
        return protocol;
    }

    /** The kind printed under this name, if any. */
    public static Optional<RefusalKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }
}
