package dev.qrexec.admin;

import dev.qrexec.parser.load.FileView;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * What a Replace or Remove expects of the file, as its token says: nothing
 * ({@code any}), that it does not exist ({@code new}), or that it holds exactly the
 * bytes of a {@link ContentHash}. Checking it under the directory lock makes
 * Get-then-Replace safe against concurrent editors.
 */
public sealed interface Precondition {
    /** {@code any}: no check. */
    record Any() implements Precondition {}

    /** {@code new}: the file must not exist. */
    record Absent() implements Precondition {}

    /** {@code sha256:...}: the file must exist with this token. */
    record Matches(String token) implements Precondition {
        public Matches {
            Objects.requireNonNull(token, "token");
        }
    }

    /** The precondition a token's exact bytes state, or empty when they state none. */
    static Optional<Precondition> parse(byte[] token) {
        if (Arrays.equals(token, "any".getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(new Any());
        }
        if (Arrays.equals(token, "new".getBytes(StandardCharsets.US_ASCII))) {
            return Optional.of(new Absent());
        }
        String text = new String(token, StandardCharsets.UTF_8);
        return text.startsWith(ContentHash.PREFIX) ? Optional.of(new Matches(text)) : Optional.empty();
    }

    /** The token text stating this precondition. */
    default String token() {
        return switch (this) {
            case Any any -> "any";
            case Absent absent -> "new";
            case Matches matches -> matches.token();
        };
    }

    /** Refuses unless {@code file} (a canonical path) is as expected. */
    default void check(Path file) throws Refusal.RefusedException, IOException {
        switch (this) {
            case Any any -> { }
            case Absent absent -> {
                if (Files.exists(file)) {
                    throw new Refusal(RefusalKind.TOKEN, "File exists but token is 'new'").exception();
                }
            }
            case Matches matches -> {
                if (!Files.exists(file)) {
                    throw new Refusal(RefusalKind.TOKEN, "File doesn't exist, but token isn't 'new'").exception();
                }
                if (!Files.isRegularFile(file)) {
                    throw notRegular(file).exception();
                }
                if (!ContentHash.of(FileView.real().read(file)).equals(matches.token())) {
                    throw new Refusal(RefusalKind.TOKEN, "Token mismatch").exception();
                }
            }
        }
    }

    /** The refusal for a path that exists but is no regular file (a directory, say). */
    static Refusal notRegular(Path file) {
        return new Refusal(RefusalKind.FILE_NOT_FOUND, "Not a regular file: " + file);
    }
}
