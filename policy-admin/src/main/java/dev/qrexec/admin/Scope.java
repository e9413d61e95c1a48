package dev.qrexec.admin;

import java.nio.file.Path;

/**
 * Which directory an admin service works on: the main policy directory (files named
 * {@code NAME.policy}, addressed as {@code NAME}) or its {@code include/} directory
 * (files addressed by their whole name).
 */
public enum Scope {
    MAIN("policy.", ".policy"),
    INCLUDE("policy.include.", "");

    private final String servicePrefix;
    private final String suffix;

    Scope(String servicePrefix, String suffix) {
        this.servicePrefix = servicePrefix;
        this.suffix = suffix;
    }

    /** {@code policy.} or {@code policy.include.}. */
    public String servicePrefix() {
        return servicePrefix;
    }

    /** What a file name adds to the name a client uses: {@code .policy} or nothing. */
    public String suffix() {
        return suffix;
    }

    /** The directory of this scope under the main policy directory. */
    public Path directory(Path mainDirectory) {
        return switch (this) {
            case MAIN -> mainDirectory;
            case INCLUDE -> mainDirectory.resolve("include");
        };
    }

    /**
     * Whether a client may use {@code name}: one or more of {@code a-z 0-9 _ -} in the
     * main directory (the loader refuses upper-case file names there, so writing one
     * would break the whole policy), also {@code A-Z} in the include directory.
     */
    public boolean isValidName(String name) {
        if (name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            boolean ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-'
                    || (this == INCLUDE && c >= 'A' && c <= 'Z');
            if (!ok) {
                return false;
            }
        }
        return true;
    }
}
