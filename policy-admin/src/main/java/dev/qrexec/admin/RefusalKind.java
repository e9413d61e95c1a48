package dev.qrexec.admin;

import java.util.Arrays;
import java.util.Optional;

/**
 * The kinds of refusal of the admin services. Their names are part of the wire
 * protocol: a refused call writes the kind's name, a space and the message on stderr,
 * and clients map the name back to the kind.
 */
public enum RefusalKind {
    /** The file is not in the state the client's token expects. */
    TOKEN("PolicyAdminTokenException"),
    /** The file does not exist (or is not a regular file). */
    FILE_NOT_FOUND("PolicyAdminFileNotFoundException"),
    /** A malformed request. */
    PROTOCOL("PolicyAdminProtocolException"),
    /** The policy would not load after the change. */
    SYNTAX("PolicyAdminSyntaxException"),
    /** The file name breaks the naming rules. */
    INVALID_FILE_NAME("PolicyAdminInvalidFileNameException"),
    /** The file name leads out of its directory. */
    INVALID_FILE_PATH("PolicyAdminInvalidFilePathException");

    private final String wireName;

    RefusalKind(String wireName) {
        this.wireName = wireName;
    }

    /** The exception name the reference prints, e.g. {@code PolicyAdminTokenException}. */
    public String wireName() {
        return wireName;
    }

    /** The kind printed under this name, if any. */
    public static Optional<RefusalKind> fromWireName(String name) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(name)).findFirst();
    }
}
