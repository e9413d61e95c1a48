package dev.qrexec.eval;

import java.util.Arrays;

/**
 * The rules one request has to look at: a few sorted lists of rule indices, walked
 * together in policy order. A rule in several lists comes out once.
 */
final class Candidates {
    private static final int END = Integer.MAX_VALUE;

    private final boolean serviceAndArgumentMatch;
    private int[][] lists = new int[16][];
    private int[] positions = new int[16];
    /** The current index of each list, {@link #END} when it is used up. */
    private int[] heads = new int[16];
    private int count;

    /**
     * {@code serviceAndArgumentMatch}: whether every rule added is known to be for the
     * request's service and argument.
     */
    Candidates(boolean serviceAndArgumentMatch) {
        this.serviceAndArgumentMatch = serviceAndArgumentMatch;
    }

    /** Whether the rules are known to be for the request's service and argument (the index put them there). */
    boolean serviceAndArgumentMatch() {
        return serviceAndArgumentMatch;
    }

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

    /** Every remaining rule index, last first. */
    int[] remainingReversed() {
        int[] all = new int[16];
        int size = 0;
        for (int index = next(); index >= 0; index = next()) {
            if (size == all.length) {
                all = Arrays.copyOf(all, size * 2);
            }
            all[size++] = index;
        }
        int[] reversed = new int[size];
        for (int i = 0; i < size; i++) {
            reversed[i] = all[size - 1 - i];
        }
        return reversed;
    }
}
