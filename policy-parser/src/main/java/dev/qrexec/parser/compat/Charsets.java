package dev.qrexec.parser.compat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

/** The character sets of service names, arguments and policy file names. */
public final class Charsets {
    private Charsets() {}

    /** ASCII letters, digits, {@code -}, {@code .} and {@code _}; with {@code plus} also {@code +}. */
    public static boolean isServiceChar(int cp, boolean plus) {
        return (cp >= 'a' && cp <= 'z')
                || (cp >= 'A' && cp <= 'Z')
                || (cp >= '0' && cp <= '9')
                || cp == '-'
                || cp == '.'
                || cp == '_'
                || (plus && cp == '+');
    }

    /** Characters allowed in the name of a file in a policy directory: {@code 0-9 a-z _ . -}. */
    public static boolean isPolicyFileNameChar(int cp) {
        return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || cp == '_' || cp == '.' || cp == '-';
    }

    /** Whether every character of a file name is allowed in a policy directory. */
    public static boolean isValidPolicyFileName(String name) {
        return name.codePoints().allMatch(Charsets::isPolicyFileNameChar);
    }

    /**
     * The repr of the tuple of distinct characters outside the service set (sorted by
     * code point), or null when there are none.
     */
    public static String invalidCharacters(String text, boolean plus) {
        TreeSet<Integer> bad = null;
        for (int i = 0; i < text.length(); ) {
            int cp = text.codePointAt(i);
            if (!isServiceChar(cp, plus)) {
                if (bad == null) {
                    bad = new TreeSet<>();
                }
                bad.add(cp);
            }
            i += Character.charCount(cp);
        }
        if (bad == null) {
            return null;
        }
        List<String> chars = new ArrayList<>(bad.size());
        for (int cp : bad) {
            chars.add(Character.toString(cp));
        }
        return PythonRepr.tuple(chars);
    }
}
