package dev.qrexec.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The editor's three-way merge: exact results for typical edits, and the laws any merge must keep. */
class LineMergeTest {
    private static final String BASE = "a\nb\nc\nd\ne\n";

    @Test
    void editsOfDifferentLinesAreCombined() {
        LineMerge.Result result = LineMerge.merge(BASE, "a\nB\nc\nd\ne\n", "a\nb\nc\nd\nE\nf\n");
        assertEquals(new LineMerge.Clean("a\nB\nc\nd\nE\nf\n"), result);
    }

    @Test
    void insertionsAndDeletionsOnBothSidesAreCombined() {
        assertEquals(new LineMerge.Clean("new\na\nc\ne\nend"),
                LineMerge.merge(BASE, "new\na\nc\nd\ne\n", "a\nb\nc\ne\nend"));
    }

    @Test
    void theSameChangeOnBothSidesIsNoConflict() {
        assertEquals(new LineMerge.Clean("a\nX\nc\nd\ne\n"), LineMerge.merge(BASE, "a\nX\nc\nd\ne\n", "a\nX\nc\nd\ne\n"));
    }

    @Test
    void overlappingChangesAreKeptBetweenMarkers() {
        LineMerge.Result result = LineMerge.merge(BASE, "a\nmine\nc\nd\ne\n", "a\ntheirs\nc\nd\nE\n");
        assertEquals(new LineMerge.Conflicted("a\n<<<<<<< your version\nmine\n=======\ntheirs\n"
                + ">>>>>>> current version\nc\nd\nE\n", 1), result);
    }

    @Test
    void aLastLineWithoutNewlineStillGetsItsOwnMarkerLine() {
        LineMerge.Result result = LineMerge.merge("x", "mine", "theirs");
        assertEquals("<<<<<<< your version\nmine\n=======\ntheirs\n>>>>>>> current version\n", result.text());
        assertInstanceOf(LineMerge.Conflicted.class, result);
    }

    @Test
    void aFileCreatedOnBothSidesConflictsUnlessEqual() {
        assertInstanceOf(LineMerge.Conflicted.class, LineMerge.merge("", "a\n", "b\n"));
        assertEquals(new LineMerge.Clean("a\n"), LineMerge.merge("", "a\n", "a\n"));
    }

    @Property
    void unchangedSidesTakeTheOther(@ForAll("texts") String base, @ForAll("texts") String other) {
        assertEquals(new LineMerge.Clean(other), LineMerge.merge(base, base, other));
        assertEquals(new LineMerge.Clean(other), LineMerge.merge(base, other, base));
        assertEquals(new LineMerge.Clean(other), LineMerge.merge(base, other, other));
    }

    @Property
    void editsInSeparateHalvesMergeCleanly(@ForAll("lineLists") List<String> head, @ForAll("lineLists") List<String> tail,
                                           @ForAll("lineLists") List<String> newHead,
                                           @ForAll("lineLists") List<String> newTail) {
        String separator = "=== separator ===\n";
        String base = String.join("", head) + separator + String.join("", tail);
        String ours = String.join("", newHead) + separator + String.join("", tail);
        String theirs = String.join("", head) + separator + String.join("", newTail);
        assertEquals(new LineMerge.Clean(String.join("", newHead) + separator + String.join("", newTail)),
                LineMerge.merge(base, ours, theirs));
    }

    @Property
    void diffMatchesAreALongestCommonSubsequence(@ForAll("lineLists") List<String> a, @ForAll("lineLists") List<String> b) {
        int[] match = LineDiff.matches(a, b);
        int previous = -1;
        int matched = 0;
        for (int i = 0; i < match.length; i++) {
            if (match[i] >= 0) {
                assertEquals(a.get(i), b.get(match[i]));
                assertTrue(match[i] > previous, "matches must increase");
                previous = match[i];
                matched++;
            }
        }
        assertEquals(lcsLength(a, b), matched);
    }

    /** The textbook dynamic program, as the oracle. */
    private static int lcsLength(List<String> a, List<String> b) {
        int[][] length = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                length[i][j] = a.get(i).equals(b.get(j)) ? length[i + 1][j + 1] + 1
                        : Math.max(length[i + 1][j], length[i][j + 1]);
            }
        }
        return length[0][0];
    }

    @Provide
    Arbitrary<List<String>> lineLists() {
        return Arbitraries.of("a\n", "b\n", "c\n", "d\n", "qubes.Gpg * work vault allow\n").list().ofMaxSize(12);
    }

    @Provide
    Arbitrary<String> texts() {
        return lineLists().flatMap(lines -> Arbitraries.of(String.join("", lines), String.join("", lines) + "end"));
    }
}
