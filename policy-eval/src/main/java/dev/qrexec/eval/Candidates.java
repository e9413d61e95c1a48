package dev.qrexec.eval;

import java.util.Arrays;

/**
 * The rules one request has to look at: a few sorted lists of rule indices, merged
 * into policy order. A rule in several lists comes out once.
 */
final class Candidates {
    private static final int END = Integer.MAX_VALUE;

    private int[][] lists = new int[8][];
    private int[] positions = new int[8];
    /** The current index of each list, {@link #END} when it is used up. */
    private int[] heads = new int[8];
    private int count;

    /** Adds a sorted list of rule indices; null stands for none. */
    void add(int[] list) {
        if (list == null || list.length == 0) {
            return;
        }
        if (count == lists.length) {
            lists = Arrays.copyOf(lists, count * 2);
            positions = Arrays.copyOf(positions, count * 2);
            heads = Arrays.copyOf(heads, count * 2);
        }
        lists[count] = list;
        positions[count] = 0;
        heads[count] = list[0];
        count++;
    }

    /** The next rule index in policy order, or -1 after the last. */
    int next() {
        int next = END;
        for (int i = 0; i < count; i++) {
            next = Math.min(next, heads[i]);
        }
        if (next == END) {
            return -1;
        }
        for (int i = 0; i < count; i++) {
            if (heads[i] == next) {
                int at = ++positions[i];
                heads[i] = at < lists[i].length ? lists[i][at] : END;
            }
        }
        return next;
    }

    /** Every remaining rule index, in policy order. */
    int[] drain() {
        int[] all = new int[16];
        int size = 0;
        for (int index = next(); index >= 0; index = next()) {
            if (size == all.length) {
                all = Arrays.copyOf(all, size * 2);
            }
            all[size++] = index;
        }
        return Arrays.copyOf(all, size);
    }
}
