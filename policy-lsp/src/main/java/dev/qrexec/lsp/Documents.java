package dev.qrexec.lsp;

import dev.qrexec.parser.load.FileView;
import dev.qrexec.parser.compat.RealPath;
import java.net.URI;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.lsp4j.Range;
import org.eclipse.lsp4j.TextDocumentContentChangeEvent;

/**
 * The open documents. Changed by the protocol's notifications on the thread that
 * reads messages, read as a whole by the analysis: every change counts one
 * generation, and {@link #state()} gives the documents of one generation together.
 */
final class Documents {
    /** The documents of one generation. */
    record State(long generation, Map<String, OpenDocument> byUri) {
        State {
            byUri = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(byUri));
        }

        Optional<OpenDocument> get(String uri) {
            return Optional.ofNullable(byUri.get(uri));
        }
    }

    private final Map<String, OpenDocument> byUri = new LinkedHashMap<>();
    private long generation;

    synchronized void open(String uri, int version, String text) {
        byUri.put(uri, new OpenDocument(uri, canonical(uri), version, new DocumentText(text)));
        generation++;
    }

    /** Applies the changes in order; full-text changes replace the text, others their range. */
    synchronized void change(String uri, int version, List<TextDocumentContentChangeEvent> changes) {
        OpenDocument document = byUri.get(uri);
        if (document == null) {
            return;
        }
        for (TextDocumentContentChangeEvent change : changes) {
            Range range = change.getRange();
            String text = change.getText() == null ? "" : change.getText();
            if (range == null) {
                document = document.withText(version, text);
            } else {
                DocumentText current = document.text();
                int start = current.offset(range.getStart());
                int end = Math.max(start, current.offset(range.getEnd()));
                String updated = current.text().substring(0, start) + text + current.text().substring(end);
                document = document.withText(version, updated);
            }
        }
        byUri.put(uri, document);
        generation++;
    }

    synchronized void close(String uri) {
        if (byUri.remove(uri) != null) {
            generation++;
        }
    }

    /** Counts a change that is not in the documents (a file saved, the settings). */
    synchronized void touch() {
        generation++;
    }

    synchronized State state() {
        return new State(generation, byUri);
    }

    /** The canonical path of a {@code file:} URI (another scheme or a bad URI: the URI's text as a path). */
    static Path canonical(String uri) {
        Path path = path(uri);
        try {
            return FileView.real().realPath(path.toAbsolutePath().normalize());
        } catch (RealPath.SymlinkLoopException e) {
            return path.toAbsolutePath().normalize();
        }
    }

    static Path path(String uri) {
        try {
            URI parsed = new URI(uri);
            if ("file".equals(parsed.getScheme())) {
                return Path.of(parsed);
            }
        } catch (java.net.URISyntaxException | IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            // not a file URI: fall through
        }
        return Path.of("/nonexistent-document", Integer.toHexString(uri.hashCode()));
    }
}
