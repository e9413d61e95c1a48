package dev.qrexec.admin;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A three-way merge of texts by lines, as the editor uses it when someone else changed
 * a file while the user was editing it: {@code base} is the version the user started
 * from, {@code ours} the user's text, {@code theirs} the version now in place. Changes
 * of one side to parts the other left alone are combined; where both sides changed the
 * same lines differently, both versions are kept between conflict markers, which the
 * policy parser refuses, so an unresolved conflict can never be saved.
 */
public final class LineMerge {
    public static final String OURS_MARKER = "<<<<<<< your version";
    public static final String SEPARATOR = "=======";
    public static final String THEIRS_MARKER = ">>>>>>> current version";

    private LineMerge() {}

    /** The merged text. */
    public sealed interface Result {
        String text();
    }

    /** Every change merged. */
    public record Clean(String text) implements Result {
        public Clean {
            Objects.requireNonNull(text, "text");
        }
    }

    /** Merged but for {@code conflicts} places where both sides changed the same lines. */
    public record Conflicted(String text, int conflicts) implements Result {
        public Conflicted {
            Objects.requireNonNull(text, "text");
        }
    }

    public static Result merge(String base, String ours, String theirs) {
        List<String> b = lines(base);
        List<String> o = lines(ours);
        List<String> t = lines(theirs);
        int[] toOurs = LineDiff.matches(b, o);
        int[] toTheirs = LineDiff.matches(b, t);
        StringBuilder out = new StringBuilder(Math.max(ours.length(), theirs.length()));
        int conflicts = 0;
        int i = 0;
        int j = 0;
        int k = 0;
        while (true) {
            int stable = i;
            while (stable < b.size() && (toOurs[stable] < 0 || toTheirs[stable] < 0)) {
                stable++;
            }
            int oursEnd = stable < b.size() ? toOurs[stable] : o.size();
            int theirsEnd = stable < b.size() ? toTheirs[stable] : t.size();
            if (!chunk(b.subList(i, stable), o.subList(j, oursEnd), t.subList(k, theirsEnd), out)) {
                conflicts++;
            }
            if (stable == b.size()) {
                break;
            }
            out.append(b.get(stable));
            i = stable + 1;
            j = oursEnd + 1;
            k = theirsEnd + 1;
        }
        return conflicts == 0 ? new Clean(out.toString()) : new Conflicted(out.toString(), conflicts);
    }

    /** Appends the merge of one unstable chunk; false when it is a conflict. */
    private static boolean chunk(List<String> base, List<String> ours, List<String> theirs, StringBuilder out) {
        if (ours.equals(base) || ours.equals(theirs)) {
            theirs.forEach(out::append);
            return true;
        }
        if (theirs.equals(base)) {
            ours.forEach(out::append);
            return true;
        }
        out.append(OURS_MARKER).append('\n');
        appendTerminated(ours, out);
        out.append(SEPARATOR).append('\n');
        appendTerminated(theirs, out);
        out.append(THEIRS_MARKER).append('\n');
        return false;
    }

    private static void appendTerminated(List<String> lines, StringBuilder out) {
        lines.forEach(out::append);
        if (!lines.isEmpty() && !lines.getLast().endsWith("\n")) {
            out.append('\n');
        }
    }

    /** The lines of a text, each with its newline (the last one may have none). */
    static List<String> lines(String text) {
        List<String> lines = new ArrayList<>();
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            end = end < 0 ? text.length() : end + 1;
            lines.add(text.substring(start, end));
            start = end;
        }
        return lines;
    }
}
