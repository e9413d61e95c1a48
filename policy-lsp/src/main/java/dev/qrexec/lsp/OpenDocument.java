package dev.qrexec.lsp;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file the client has open: its URI as the client spells it, its canonical path
 * (the key under which it overlays the disk) and its current text.
 */
record OpenDocument(String uri, Path path, int version, DocumentText text) {
    OpenDocument {
        Objects.requireNonNull(uri, "uri");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(text, "text");
    }

    OpenDocument withText(int newVersion, String newText) {
        return new OpenDocument(uri, path, newVersion, new DocumentText(newText));
    }
}
