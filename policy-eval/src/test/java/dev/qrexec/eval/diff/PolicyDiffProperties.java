package dev.qrexec.eval.diff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.qrexec.eval.CompiledPolicy;
import dev.qrexec.eval.Domain;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.ReferenceCrash;
import dev.qrexec.eval.Request;
import dev.qrexec.parser.ast.Line;
import dev.qrexec.parser.text.PolicyFileParser;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Syntax;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/**
 * The semantic diff against the evaluator, on pairs of trees made from the conformance
 * vectors by one edit (a rule added, removed, moved or changed): every request of the
 * vector whose evaluation differs between the two is in the diff (as the request of
 * the universe that stands for it), every change the diff lists is real, and a
 * request the universe calls refused before matching is answered alike.
 */
class PolicyDiffProperties {
    private static final List<VectorTrees.Tree> TREES = VectorTrees.load();

    enum Edit { ADD, REMOVE, MOVE, CHANGE }

    @Property(tries = 300)
    void diffListsExactlyTheRealChanges(@ForAll @IntRange(min = 0, max = 100_000) int which, @ForAll Edit edit,
                                        @ForAll long seed) {
        VectorTrees.Tree tree = TREES.get(which % TREES.size());
        Random random = new Random(seed);
        List<Rule> old = tree.rules();
        List<Rule> now = edited(old, edit, random, tree);
        CompiledPolicy before = CompiledPolicy.compile(old);
        CompiledPolicy after = CompiledPolicy.compile(now);
        PolicyDiff diff = PolicyDiff.compare(before, after, tree.info());
        Set<Request> listed = new HashSet<>();
        diff.changes().forEach(c -> listed.add(c.request()));
        Evaluator was = new Evaluator(before);
        Evaluator is = new Evaluator(after);
        String context = tree.id() + " " + edit + "\nold:\n" + text(old) + "new:\n" + text(now);
        int differing = 0;
        for (Request request : tree.requests()) {
            boolean differs = !VectorTrees.observable(was.evaluate(request, tree.info()), tree.info())
                    .equals(VectorTrees.observable(is.evaluate(request, tree.info()), tree.info()));
            Request representative = diff.universe().representative(request);
            if (representative == null) {
                assertTrue(!differs, "refused before matching, yet answered differently: " + request + "\n"
                        + context);
            } else if (differs) {
                differing++;
                assertTrue(listed.contains(representative), request + " changes, but its representative "
                        + representative + " is not in the diff\n" + context);
            }
        }
        for (RequestChange change : diff.changes()) {
            assertNotEquals(VectorTrees.observable(was.evaluate(change.request(), tree.info()), tree.info()),
                    VectorTrees.observable(is.evaluate(change.request(), tree.info()), tree.info()),
                    "listed but not changed: " + change + "\n" + context);
        }
        assertEquals(diff.rules().isEmpty(), old.equals(now), context);
        Statistics.label("vector requests that change").collect(differing == 0 ? "none" : "some");
        Statistics.label("changes listed").collect(diff.changes().isEmpty() ? "none" : "some");
    }

    private static String text(List<Rule> rules) {
        StringBuilder out = new StringBuilder();
        rules.forEach(r -> out.append("  ").append(r.text()).append('\n'));
        return out.toString();
    }

    /** {@code rules} with one edit applied (or unchanged where the edit has nothing to work on). */
    static List<Rule> edited(List<Rule> rules, Edit edit, Random random, VectorTrees.Tree tree) {
        List<Rule> out = new ArrayList<>(rules);
        switch (edit) {
            case ADD -> out.add(random.nextInt(out.size() + 1), randomRule(random, tree));
            case REMOVE -> {
                if (!out.isEmpty()) {
                    out.remove(random.nextInt(out.size()));
                }
            }
            case MOVE -> {
                if (!out.isEmpty()) {
                    Rule rule = out.remove(random.nextInt(out.size()));
                    out.add(random.nextInt(out.size() + 1), rule);
                }
            }
            case CHANGE -> {
                if (!out.isEmpty()) {
                    int at = random.nextInt(out.size());
                    Rule rule = out.get(at);
                    String[] fields = rule.text().split(" ", 5);
                    int field = random.nextInt(3);
                    switch (field) {
                        case 0 -> fields[2] = token(random, tree, true);
                        case 1 -> fields[3] = token(random, tree, false);
                        default -> fields[4] = action(random, tree);
                    }
                    Rule changed = parse(String.join(" ", fields));
                    if (changed != null) {
                        out.set(at, changed);
                    }
                }
            }
        }
        return out;
    }

    private static Rule randomRule(Random random, VectorTrees.Tree tree) {
        List<String> services = new ArrayList<>(List.of("*", "qubes.Filecopy", "other.Service"));
        tree.rules().forEach(r -> services.add(r.service().text()));
        String service = services.get(random.nextInt(services.size()));
        String argument = service.equals("*") || random.nextBoolean() ? "*" : List.of("+", "+arg1", "+x")
                .get(random.nextInt(3));
        Rule rule = parse(service + " " + argument + " " + token(random, tree, true) + " "
                + token(random, tree, false) + " " + action(random, tree));
        return rule != null ? rule : parse("* * @anyvm @anyvm deny");
    }

    private static String token(Random random, VectorTrees.Tree tree, boolean source) {
        List<String> tokens = new ArrayList<>(List.of("@anyvm", "*", "@adminvm", "dom0", "ghost"));
        if (!source) {
            tokens.addAll(List.of("@default", "@dispvm"));
        }
        for (Domain domain : tree.info().domains()) {
            tokens.add(domain.name());
            if (domain.uuid() != null && random.nextInt(4) == 0) {
                tokens.add("uuid:" + domain.uuid());
            }
            try {
                domain.tags().forEach(t -> tokens.add("@tag:" + t));
                tokens.add("@type:" + domain.type());
                if (!source && domain.templateForDispvms()) {
                    tokens.add("@dispvm:" + domain.name());
                }
            } catch (ReferenceCrash | NullPointerException missing) {
                // a qube without those fields
            }
        }
        return tokens.get(random.nextInt(tokens.size()));
    }

    private static String action(Random random, VectorTrees.Tree tree) {
        List<String> names = tree.info().domains().stream().map(Domain::name).toList();
        String qube = names.isEmpty() ? "dom0" : names.get(random.nextInt(names.size()));
        return switch (random.nextInt(7)) {
            case 0, 1 -> "deny";
            case 2 -> "allow";
            case 3 -> "allow target=" + qube;
            case 4 -> "ask";
            case 5 -> "ask default_target=" + qube;
            default -> "ask target=" + qube + (random.nextBoolean() ? " autostart=no" : " user=root");
        };
    }

    private static Rule parse(String text) {
        Line line = PolicyFileParser.parse("edited.policy", text, Syntax.CURRENT).lines().getFirst();
        return line instanceof Rule rule ? rule : null;
    }

    @Property(tries = 1)
    void someVectorsLoad() {
        assertNotNull(TREES);
        assertTrue(TREES.size() > 1000, "only " + TREES.size() + " vectors load");
    }
}
