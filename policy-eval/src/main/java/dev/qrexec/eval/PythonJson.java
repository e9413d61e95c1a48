package dev.qrexec.eval;

import java.util.List;
import java.util.Map;

/**
 * JSON as Python's {@code json.dumps} writes it by default: {@code ", "} between
 * items, {@code ": "} after keys, every non-ASCII character escaped as
 * {@code \\uXXXX}. The policy agent reads what the reference writes this way.
 */
final class PythonJson {
    private PythonJson() {}

    static void string(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    static void list(StringBuilder out, List<String> items) {
        out.append('[');
        for (int i = 0; i < items.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            string(out, items.get(i));
        }
        out.append(']');
    }

    static void map(StringBuilder out, Map<String, String> items) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, String> entry : items.entrySet()) {
            if (!first) {
                out.append(", ");
            }
            first = false;
            string(out, entry.getKey());
            out.append(": ");
            string(out, entry.getValue());
        }
        out.append('}');
    }
}
