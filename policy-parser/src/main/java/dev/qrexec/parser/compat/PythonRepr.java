package dev.qrexec.parser.compat;

import java.util.List;

/**
 * Python 3's {@code repr()} of strings, tuples and lists of strings, as the reference
 * prints them inside its error messages. Printability follows Python 3.11
 * (Unicode 14.0), see {@link PythonPrintable}.
 */
public final class PythonRepr {
    private PythonRepr() {}

    /** {@code repr(s)} for a string. */
    public static String str(String s) {
        char quote = s.indexOf('\'') >= 0 && s.indexOf('"') < 0 ? '"' : '\'';
        StringBuilder out = new StringBuilder(s.length() + 2);
        out.append(quote);
        s.codePoints().forEach(cp -> appendEscaped(out, cp, quote));
        return out.append(quote).toString();
    }

    /** {@code repr(tuple)} for a tuple of strings: {@code ('a',)} or {@code ('a', 'b')}. */
    public static String tuple(List<String> items) {
        StringBuilder out = new StringBuilder("(");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(str(items.get(i)));
        }
        if (items.size() == 1) {
            out.append(',');
        }
        return out.append(')').toString();
    }

    /** {@code repr(list)} for a list of strings: {@code ['a', 'b']}. */
    public static String list(List<String> items) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            out.append(str(items.get(i)));
        }
        return out.append(']').toString();
    }

    private static void appendEscaped(StringBuilder out, int cp, char quote) {
        switch (cp) {
            case '\\' -> out.append("\\\\");
            case '\t' -> out.append("\\t");
            case '\n' -> out.append("\\n");
            case '\r' -> out.append("\\r");
            default -> {
                if (cp == quote) {
                    out.append('\\').append(quote);
                } else if (cp >= 0x20 && cp < 0x7f) {
                    out.append((char) cp);
                } else if (cp >= 0x7f && PythonPrintable.isPrintable(cp)) {
                    out.appendCodePoint(cp);
                } else if (cp <= 0xff) {
                    out.append(String.format("\\x%02x", cp));
                } else if (cp <= 0xffff) {
                    out.append(String.format("\\u%04x", cp));
                } else {
                    out.append(String.format("\\U%08x", cp));
                }
            }
        }
    }
}
