package dev.qrexec.admin;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Which lines two texts have in common, in order (a longest common subsequence), by
 * Myers' O(ND) algorithm after the common head and tail are set aside. Texts that
 * differ in more than {@link #MAX_EDITS} lines are treated as having nothing in common
 * beyond head and tail: a merge then sees one large change, which is safe.
 */
final class LineDiff {
    static final int MAX_EDITS = 2000;

    private LineDiff() {}

    /** For each line of {@code a}, the index of the line of {@code b} it is matched with, or -1. */
    static int[] matches(List<String> a, List<String> b) {
        int[] match = new int[a.size()];
        Arrays.fill(match, -1);
        int head = 0;
        while (head < a.size() && head < b.size() && a.get(head).equals(b.get(head))) {
            match[head] = head;
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && a.get(a.size() - 1 - tail).equals(b.get(b.size() - 1 - tail))) {
            match[a.size() - 1 - tail] = b.size() - 1 - tail;
            tail++;
        }
        myers(a.subList(head, a.size() - tail), b.subList(head, b.size() - tail), match, head, head);
        return match;
    }

    /** Fills {@code match} for the middle parts, whose first lines are at {@code aStart} and {@code bStart}. */
    private static void myers(List<String> a, List<String> b, int[] match, int aStart, int bStart) {
        int n = a.size();
        int m = b.size();
        if (n == 0 || m == 0) {
            return;
        }
        // trace.get(d)[k + d] is the furthest x reached on diagonal k after round d - 1
        List<int[]> trace = new ArrayList<>();
        int[] v = {0, 0};
        int rounds = -1;
        for (int d = 0; d <= n + m && d <= MAX_EDITS; d++) {
            trace.add(v);
            int[] next = new int[2 * d + 3];
            boolean done = false;
            for (int k = -d; k <= d; k += 2) {
                int x = k == -d || (k != d && at(v, d - 1, k - 1) < at(v, d - 1, k + 1))
                        ? at(v, d - 1, k + 1) : at(v, d - 1, k - 1) + 1;
                int y = x - k;
                while (x < n && y < m && a.get(x).equals(b.get(y))) {
                    x++;
                    y++;
                }
                next[k + d + 1] = x;
                if (x >= n && y >= m) {
                    done = true;
                    break;
                }
            }
            v = next;
            if (done) {
                rounds = d;
                break;
            }
        }
        if (rounds < 0) {
            return;
        }
        int x = n;
        int y = m;
        for (int d = rounds; d >= 0; d--) {
            int[] before = trace.get(d);
            int k = x - y;
            int previousK = k == -d || (k != d && at(before, d - 1, k - 1) < at(before, d - 1, k + 1))
                    ? k + 1 : k - 1;
            int previousX = d == 0 ? 0 : at(before, d - 1, previousK);
            int previousY = d == 0 ? 0 : previousX - previousK;
            while (x > previousX && y > previousY) {
                x--;
                y--;
                match[aStart + x] = bStart + y;
            }
            x = previousX;
            y = previousY;
        }
    }

    /** The entry for diagonal {@code k} of a round-{@code d} array (diagonals -d-1 .. d+1). */
    private static int at(int[] v, int d, int k) {
        int index = k + d + 1;
        return index >= 0 && index < v.length ? v[index] : 0;
    }
}
