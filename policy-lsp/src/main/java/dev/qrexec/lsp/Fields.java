package dev.qrexec.lsp;

import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.compat.Whitespace;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the fields of one line are, as the policy language separates them (runs of
 * its whitespace; in the legacy syntax commas too), in UTF-16 offsets of the line.
 * Only for placing ranges and finding what the cursor is on: the meaning of a line
 * always comes from the parser's AST.
 */
record Fields(List<Field> fields) {
    /** One field: its text and its offsets in the line. */
    record Field(String text, int start, int end) {
        boolean contains(int offset) {
            return offset >= start && offset <= end;
        }
    }

    static Fields of(String line, Syntax syntax) {
        List<Field> out = new ArrayList<>();
        int i = 0;
        int n = line.length();
        while (i < n) {
            while (i < n && isSeparator(line.charAt(i), syntax)) {
                i++;
            }
            int start = i;
            while (i < n && !isSeparator(line.charAt(i), syntax)) {
                i++;
            }
            if (i > start) {
                out.add(new Field(line.substring(start, i), start, i));
            }
        }
        return new Fields(List.copyOf(out));
    }

    private static boolean isSeparator(char c, Syntax syntax) {
        return Whitespace.isSpace(c) || (syntax == Syntax.LEGACY && c == ',');
    }

    /** The index of the field holding (or ending at) {@code offset}, or -1. */
    int at(int offset) {
        for (int k = 0; k < fields.size(); k++) {
            if (fields.get(k).contains(offset)) {
                return k;
            }
        }
        return -1;
    }

    /**
     * The index the field being typed at {@code offset} has: the field holding it,
     * or, between fields, the index of the next one.
     */
    int typing(int offset) {
        int k = at(offset);
        if (k >= 0) {
            return k;
        }
        int count = 0;
        for (Field field : fields) {
            if (field.end() < offset) {
                count++;
            }
        }
        return count;
    }

    int size() {
        return fields.size();
    }

    Field get(int index) {
        return fields.get(index);
    }
}
