package dev.qrexec.parser.compat;

import java.util.ArrayList;
import java.util.List;

/**
 * Whitespace as the policy language defines it: exactly the 29 code points of
 * Python's {@code str.isspace()}. Java's own notions ({@code Character.isWhitespace},
 * {@code String.strip()}, {@code \s}) all differ from it.
 */
public final class Whitespace {
    private Whitespace() {}

    /** Whether {@code cp} separates fields (or is a line terminator). */
    public static boolean isSpace(int cp) {
        return (cp >= 0x09 && cp <= 0x0d)
                || (cp >= 0x1c && cp <= 0x20)
                || cp == 0x85
                || cp == 0xa0
                || cp == 0x1680
                || (cp >= 0x2000 && cp <= 0x200a)
                || cp == 0x2028
                || cp == 0x2029
                || cp == 0x202f
                || cp == 0x205f
                || cp == 0x3000;
    }

    /** The text without leading and trailing whitespace. */
    public static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    /** The text without trailing whitespace. */
    public static String stripTrailing(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Fields separated by runs of whitespace; never an empty field. */
    public static List<String> split(String s) {
        List<String> fields = new ArrayList<>();
        int i = 0;
        int n = s.length();
        while (i < n) {
            while (i < n && isSpace(s.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n && !isSpace(s.charAt(i))) {
                i++;
            }
            if (i > start) {
                fields.add(s.substring(start, i));
            }
        }
        return fields;
    }
}
