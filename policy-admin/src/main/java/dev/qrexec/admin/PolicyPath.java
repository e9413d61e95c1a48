package dev.qrexec.admin;

import dev.qrexec.parser.compat.RealPath;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * The file an admin request names, resolved strictly inside its directory: the name
 * must follow {@link Scope#isValidName}, and the path with every symlink resolved must
 * lie directly in the scope's directory. A symlink from one policy file to another in
 * the same directory is followed (the reference does so); one leading anywhere else,
 * a symlink loop, {@code ..} or {@code /} is refused.
 *
 * @param scope the directory
 * @param name  the name as the client gave it
 * @param file  the canonical path operated on
 */
public record PolicyPath(Scope scope, String name, Path file) {
    public PolicyPath {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(file, "file");
    }

    /** The longest file name the file systems of a Qubes dom0 take (NAME_MAX). */
    static final int MAX_FILE_NAME_BYTES = 255;

    /** Resolves a client's name, or refuses it. */
    static PolicyPath resolve(Scope scope, String name, AdminConfig config) throws Refusal.RefusedException {
        if (!scope.isValidName(name)) {
            boolean upperCaseOnly = scope == Scope.MAIN
                    && Scope.INCLUDE.isValidName(name) && !name.equals(name.toLowerCase(Locale.ROOT));
            throw new Refusal(RefusalKind.INVALID_FILE_NAME, "Invalid policy file name: " + name + (upperCaseOnly
                    ? "\nMain policy file names must not contain upper-case letters (the policy does not read "
                            + "such files); use a-z, 0-9, underscore and hyphen."
                    : "\nNames must contain only alphanumeric characters, underscore and hyphen.")).exception();
        }
        if ((name + scope.suffix()).length() > MAX_FILE_NAME_BYTES) {
            // valid names are ASCII: one byte a character
            throw new Refusal(RefusalKind.INVALID_FILE_NAME, "Invalid policy file name: " + name
                    + "\nFile names are at most " + MAX_FILE_NAME_BYTES + " bytes long (" + scope.suffix().length()
                    + " of them for the suffix \"" + scope.suffix() + "\").").exception();
        }
        Path directory = config.directory(scope);
        Refusal outside = new Refusal(RefusalKind.INVALID_FILE_PATH, "Expecting a path inside " + directory);
        Path file;
        try {
            file = RealPath.resolve(directory.resolve(name + scope.suffix()));
        } catch (RealPath.SymlinkLoopException e) {
            throw outside.exception();
        }
        if (!directory.equals(file.getParent())) {
            throw outside.exception();
        }
        return new PolicyPath(scope, name, file);
    }
}
