package dev.qrexec.lsp;

import java.util.ArrayList;
import java.util.List;
import org.eclipse.lsp4j.Position;

/**
 * The text of a policy file cut into lines as the policy language cuts it (at LF,
 * CR LF or a lone CR), with the conversions between the loader's positions (1-based
 * line, 1-based column in code points) and the protocol's (0-based line, 0-based
 * character in UTF-16 code units).
 */
final class DocumentText {
    private final String text;
    /** The offset of each line's first character. */
    private final int[] starts;
    /** The offset just after each line's last character (before its line end). */
    private final int[] ends;

    DocumentText(String text) {
        this.text = text;
        List<int[]> lines = new ArrayList<>();
        int start = 0;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                lines.add(new int[] {start, i});
                i += c == '\r' && i + 1 < n && text.charAt(i + 1) == '\n' ? 2 : 1;
                start = i;
            } else {
                i++;
            }
        }
        lines.add(new int[] {start, n});
        starts = new int[lines.size()];
        ends = new int[lines.size()];
        for (int k = 0; k < lines.size(); k++) {
            starts[k] = lines.get(k)[0];
            ends[k] = lines.get(k)[1];
        }
    }

    String text() {
        return text;
    }

    /** The number of lines (a final line end starts one more, empty line). */
    int lineCount() {
        return starts.length;
    }

    /** Line {@code index} (0-based) without its line end; empty past the end. */
    String line(int index) {
        return index >= 0 && index < starts.length ? text.substring(starts[index], ends[index]) : "";
    }

    /** The protocol position of a loader position (line and column 1-based, column in code points). */
    Position position(int line, int column) {
        int index = Math.max(0, line - 1);
        String content = line(index);
        return new Position(index, utf16(content, Math.max(0, column - 1)));
    }

    /** The UTF-16 offset in {@code line} of code point {@code codePoints}, clamped to the line. */
    static int utf16(String line, int codePoints) {
        int count = line.codePointCount(0, line.length());
        return line.offsetByCodePoints(0, Math.min(codePoints, count));
    }

    /** The offset in the whole text of a protocol position, clamped to the text. */
    int offset(Position position) {
        int index = position.getLine();
        if (index < 0) {
            return 0;
        }
        if (index >= starts.length) {
            return text.length();
        }
        return Math.min(starts[index] + Math.max(0, position.getCharacter()), ends[index]);
    }

    /** The protocol position just after the text. */
    Position end() {
        int last = starts.length - 1;
        return new Position(last, ends[last] - starts[last]);
    }
}
