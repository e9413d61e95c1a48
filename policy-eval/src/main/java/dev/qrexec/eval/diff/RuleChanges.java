package dev.qrexec.eval.diff;

import dev.qrexec.parser.ast.Rule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules written differently between two policies, in evaluation order: rules
 * only the new policy has (added), rules only the old one has (removed), and rules
 * both have whose place among the common rules changed (moved: every common rule
 * outside a longest sequence of common rules kept in the same order). Rules are
 * compared as {@link Rule#equals} does: every field, not the position.
 */
public record RuleChanges(List<Rule> added, List<Rule> removed, List<Move> moved) {
    /** A rule at {@code from} in the old policy and at {@code to} in the new one. */
    public record Move(Rule from, Rule to) {}

    public RuleChanges {
        added = List.copyOf(added);
        removed = List.copyOf(removed);
        moved = List.copyOf(moved);
    }

    public boolean isEmpty() {
        return added.isEmpty() && removed.isEmpty() && moved.isEmpty();
    }

    /** The changes from {@code old} to {@code now} (both in evaluation order). */
    public static RuleChanges between(List<Rule> old, List<Rule> now) {
        Map<Rule, Deque<Integer>> inNew = new HashMap<>();
        for (int i = 0; i < now.size(); i++) {
            inNew.computeIfAbsent(now.get(i), k -> new ArrayDeque<>()).add(i);
        }
        int[] partner = new int[old.size()];
        boolean[] matched = new boolean[now.size()];
        List<Rule> removed = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            Deque<Integer> places = inNew.get(old.get(i));
            if (places == null || places.isEmpty()) {
                partner[i] = -1;
                removed.add(old.get(i));
            } else {
                partner[i] = places.poll();
                matched[partner[i]] = true;
            }
        }
        List<Rule> added = new ArrayList<>();
        for (int j = 0; j < now.size(); j++) {
            if (!matched[j]) {
                added.add(now.get(j));
            }
        }
        boolean[] kept = keptInOrder(partner);
        List<Move> moved = new ArrayList<>();
        for (int i = 0; i < old.size(); i++) {
            if (partner[i] >= 0 && !kept[i]) {
                moved.add(new Move(old.get(i), now.get(partner[i])));
            }
        }
        return new RuleChanges(added, removed, moved);
    }

    /** Which entries of {@code partner} (ignoring -1) form one longest increasing subsequence. */
    private static boolean[] keptInOrder(int[] partner) {
        int n = partner.length;
        int[] tails = new int[n];
        int[] tailIndex = new int[n];
        int[] previous = new int[n];
        int length = 0;
        for (int i = 0; i < n; i++) {
            if (partner[i] < 0) {
                continue;
            }
            int at = Arrays.binarySearch(tails, 0, length, partner[i]);
            if (at < 0) {
                at = -at - 1;
            }
            tails[at] = partner[i];
            tailIndex[at] = i;
            previous[i] = at > 0 ? tailIndex[at - 1] : -1;
            if (at == length) {
                length++;
            }
        }
        boolean[] kept = new boolean[n];
        for (int i = length > 0 ? tailIndex[length - 1] : -1; i >= 0; i = previous[i]) {
            kept[i] = true;
        }
        return kept;
    }
}
