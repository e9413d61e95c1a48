package dev.qrexec.cli.toolkit;

import java.util.ArrayList;
import java.util.List;

/**
 * A unified diff of a file and its formatted text. Formatting keeps one line per
 * line, so the two are compared line by line; when the line counts differ (line
 * ends only), the whole file is one hunk.
 */
final class UnifiedDiff {
    private static final int CONTEXT = 3;

    private UnifiedDiff() {}

    static String of(String name, String before, String after) {
        List<String> a = before.lines().toList();
        List<String> b = after.lines().toList();
        StringBuilder out = new StringBuilder("--- " + name + "\n+++ " + name + " (formatted)\n");
        if (a.size() != b.size()) {
            out.append("@@ -1,").append(a.size()).append(" +1,").append(b.size()).append(" @@\n");
            a.forEach(l -> out.append('-').append(l).append('\n'));
            b.forEach(l -> out.append('+').append(l).append('\n'));
            return out.toString();
        }
        List<Integer> changed = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            if (!a.get(i).equals(b.get(i))) {
                changed.add(i);
            }
        }
        int at = 0;
        while (at < changed.size()) {
            int start = Math.max(0, changed.get(at) - CONTEXT);
            int last = changed.get(at);
            while (at + 1 < changed.size() && changed.get(at + 1) - last <= 2 * CONTEXT) {
                last = changed.get(++at);
            }
            at++;
            int end = Math.min(a.size() - 1, last + CONTEXT);
            int length = end - start + 1;
            out.append("@@ -").append(start + 1).append(',').append(length).append(" +").append(start + 1)
                    .append(',').append(length).append(" @@\n");
            int cursor = start;
            while (cursor <= end) {
                if (a.get(cursor).equals(b.get(cursor))) {
                    out.append(' ').append(a.get(cursor++)).append('\n');
                    continue;
                }
                int runEnd = cursor;
                while (runEnd <= end && !a.get(runEnd).equals(b.get(runEnd))) {
                    runEnd++;
                }
                for (int i = cursor; i < runEnd; i++) {
                    out.append('-').append(a.get(i)).append('\n');
                }
                for (int i = cursor; i < runEnd; i++) {
                    out.append('+').append(b.get(i)).append('\n');
                }
                cursor = runEnd;
            }
        }
        return out.toString();
    }
}
