package dev.qrexec.admin;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The edit token of a policy file: {@code sha256:} and the SHA-256 of its exact
 * bytes in 64 lower-case hex digits. A client that sends back the token it got
 * proves it edited the content it saw.
 */
public final class ContentHash {
    public static final String PREFIX = "sha256:";

    private ContentHash() {}

    /** The token of these bytes. */
    public static String of(byte[] content) {
        try {
            return PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
