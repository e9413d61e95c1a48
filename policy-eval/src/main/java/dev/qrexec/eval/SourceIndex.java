package dev.qrexec.eval;

import dev.qrexec.parser.ast.Token;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The rules of one service and argument, by what their source token needs of a
 * request's source: {@code *}, dom0, not dom0 ({@code @anyvm}), a literal name, a tag,
 * a type. A request only looks at the lists its source can satisfy, so rules for
 * other callers cost nothing. Source tokens that never match ({@code @dispvm:...})
 * are left out. Every list is in policy order.
 */
final class SourceIndex {
    static final SourceIndex EMPTY = new Builder().build();

    /** The rules for any source and those for dom0. */
    private final int[] forDom0;
    /** The rules for any source and those for any source but dom0. */
    private final int[] forOthers;
    private final Map<String, int[]> byName;
    private final Map<String, int[]> byTag;
    private final Map<String, int[]> byType;

    private SourceIndex(int[] forDom0, int[] forOthers, Map<String, int[]> byName, Map<String, int[]> byTag,
                        Map<String, int[]> byType) {
        this.forDom0 = forDom0;
        this.forOthers = forOthers;
        this.byName = byName;
        this.byTag = byTag;
        this.byType = byType;
    }

    /** Adds the lists that hold every rule whose source can match, or fail on, {@code keys}. */
    void select(SourceKeys keys, Candidates candidates) {
        candidates.add(keys.dom0 ? forDom0 : forOthers);
        if (!byName.isEmpty()) {
            for (String name : keys.names) {
                candidates.add(byName.get(name));
            }
        }
        if (!keys.known) {
            return;
        }
        if (!byTag.isEmpty()) {
            if (keys.tags == null) {
                byTag.values().forEach(candidates::add);
            } else {
                for (String tag : keys.tags) {
                    candidates.add(byTag.get(tag));
                }
            }
        }
        if (!byType.isEmpty()) {
            if (keys.everyType) {
                byType.values().forEach(candidates::add);
            } else if (keys.type != null) {
                candidates.add(byType.get(keys.type));
            }
        }
    }

    /** Collects rule indices, in increasing order, under their source token. */
    static final class Builder {
        private final Ints always = new Ints();
        private final Ints dom0 = new Ints();
        private final Ints notDom0 = new Ints();
        private final Map<String, Ints> byName = new HashMap<>();
        private final Map<String, Ints> byTag = new HashMap<>();
        private final Map<String, Ints> byType = new HashMap<>();

        void add(int index, Token source) {
            switch (source) {
                case Token.Any any -> always.add(index);
                case Token.AdminVm adminVm -> dom0.add(index);
                case Token.AnyVm anyVm -> notDom0.add(index);
                case Token.Name name -> literal(index, name.text());
                case Token.Uuid uuid -> literal(index, uuid.text());
                case Token.Tag tag -> byTag.computeIfAbsent(tag.tag(), k -> new Ints()).add(index);
                case Token.Type type -> byType.computeIfAbsent(type.type(), k -> new Ints()).add(index);
                // never matching a source (the parser accepts only the @dispvm: forms there)
                case Token.Default def -> { }
                case Token.DispVm dispVm -> { }
                case Token.DispVmTemplate template -> { }
                case Token.DispVmTag tag -> { }
            }
        }

        private void literal(int index, String text) {
            if (Targets.isDom0(text)) {
                dom0.add(index);
            } else {
                byName.computeIfAbsent(text, k -> new Ints()).add(index);
            }
        }

        SourceIndex build() {
            return new SourceIndex(union(always.toArray(), dom0.toArray()), union(always.toArray(), notDom0.toArray()),
                    arrays(byName), arrays(byTag), arrays(byType));
        }

        /** The sorted union of two sorted lists without common elements. */
        private static int[] union(int[] a, int[] b) {
            int[] union = new int[a.length + b.length];
            int i = 0;
            int j = 0;
            int k = 0;
            while (i < a.length || j < b.length) {
                union[k++] = j >= b.length || i < a.length && a[i] < b[j] ? a[i++] : b[j++];
            }
            return union;
        }

        private static Map<String, int[]> arrays(Map<String, Ints> lists) {
            Map<String, int[]> arrays = new HashMap<>(lists.size() * 2);
            lists.forEach((key, list) -> arrays.put(key, list.toArray()));
            return arrays;
        }
    }

    /** A growing list of rule indices. */
    private static final class Ints {
        private int[] values = new int[4];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int[] toArray() {
            return Arrays.copyOf(values, size);
        }
    }
}
