package dev.qrexec.admin;

import java.nio.file.Path;
import java.util.Objects;

/** A change to one policy file (a canonical path), checked before it is made. */
public sealed interface Edit {
    /** The file to change. */
    Path file();

    /** The file gets this content, created if it does not exist. */
    record Write(Path file, byte[] content) implements Edit {
        public Write {
            Objects.requireNonNull(file, "file");
            content = content.clone();
        }

        @Override
        public byte[] content() {
            return content.clone();
        }
    }

    /** The file goes away. */
    record Delete(Path file) implements Edit {
        public Delete {
            Objects.requireNonNull(file, "file");
        }
    }
}
