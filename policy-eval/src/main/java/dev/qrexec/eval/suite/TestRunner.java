package dev.qrexec.eval.suite;

import dev.qrexec.eval.Domain;
import dev.qrexec.eval.Evaluator;
import dev.qrexec.eval.ReferenceCrash;
import dev.qrexec.eval.Request;
import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.diff.Outcome;
import dev.qrexec.parser.Position;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Runs the tests of a file against one policy: every request is decided by the
 * {@link Evaluator} the daemon uses and answered by its responder, so a test sees
 * exactly what {@code eval} and the daemon give.
 */
public final class TestRunner {
    private final Evaluator evaluator;
    private final SystemInfo info;

    public TestRunner(Evaluator evaluator, SystemInfo info) {
        this.evaluator = evaluator;
        this.info = info;
    }

    /** The results of every test of {@code file}, matrices expanded, in file order. */
    public List<TestResult> run(PolicyTestFile file) {
        List<TestResult> out = new ArrayList<>();
        for (TestSpec spec : file.tests()) {
            switch (spec) {
                case TestSpec.Single single -> out.add(run(file.path(), single.line(), single.source(),
                        single.target(), single.call(), single.requestedSource(), single.expectation()));
                case TestSpec.Matrix matrix -> runMatrix(file.path(), matrix, out);
            }
        }
        return out;
    }

    private void runMatrix(Path path, TestSpec.Matrix matrix, List<TestResult> out) {
        Map<List<String>, TestSpec.Single> listed = new HashMap<>();
        for (TestSpec.Single single : matrix.cases()) {
            listed.put(List.of(single.source(), single.target(), single.call()), single);
        }
        List<String> sources = new ArrayList<>();
        List<String> targets = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (String token : matrix.sources()) {
            expand(token, sources, problems);
        }
        for (String token : matrix.targets()) {
            expand(token, targets, problems);
        }
        if (!problems.isEmpty()) {
            out.add(new TestResult(path, matrix.line(), Optional.empty(), matrix.otherwise(), Optional.empty(),
                    problems));
            return;
        }
        Set<List<String>> used = new java.util.HashSet<>();
        for (String call : matrix.calls()) {
            for (String source : new LinkedHashSet<>(sources)) {
                for (String target : new LinkedHashSet<>(targets)) {
                    List<String> key = List.of(source, target, call);
                    TestSpec.Single single = listed.get(key);
                    if (single != null) {
                        used.add(key);
                        out.add(run(path, single.line(), source, target, call, single.requestedSource(),
                                single.expectation()));
                    } else {
                        out.add(run(path, matrix.line(), source, target, call, "", matrix.otherwise()));
                    }
                }
            }
        }
        for (TestSpec.Single single : matrix.cases()) {
            if (!used.contains(List.of(single.source(), single.target(), single.call()))) {
                out.add(new TestResult(path, single.line(), Optional.empty(), single.expectation(), Optional.empty(),
                        List.of("this case is not a combination of the matrix")));
            }
        }
    }

    /** Adds the qubes {@code token} stands for ({@code @tag:}, {@code @type:}, {@code @anyvm}), or itself. */
    private void expand(String token, List<String> out, List<String> problems) {
        List<String> qubes = new ArrayList<>();
        if (token.startsWith("@tag:")) {
            String tag = token.substring("@tag:".length());
            for (Domain domain : info.domains()) {
                if (tagsOf(domain).contains(tag)) {
                    qubes.add(domain.name());
                }
            }
        } else if (token.startsWith("@type:")) {
            String type = token.substring("@type:".length());
            for (Domain domain : info.domains()) {
                if (type.equals(typeOf(domain))) {
                    qubes.add(domain.name());
                }
            }
        } else if (token.equals("@anyvm")) {
            for (Domain domain : info.domains()) {
                if (!domain.name().equals("dom0")) {
                    qubes.add(domain.name());
                }
            }
        } else {
            out.add(token);
            return;
        }
        if (qubes.isEmpty()) {
            problems.add(token + " stands for no qube of the system information");
        }
        out.addAll(qubes);
    }

    private static List<String> tagsOf(Domain domain) {
        try {
            return domain.tags();
        } catch (ReferenceCrash missing) {
            return List.of();
        }
    }

    private static String typeOf(Domain domain) {
        try {
            return domain.type();
        } catch (ReferenceCrash missing) {
            return null;
        }
    }

    private TestResult run(Path path, int line, String source, String target, String call, String requestedSource,
                           Expectation expected) {
        Request request = Request.of(source, target, call, requestedSource);
        Outcome actual = Outcome.of(evaluator.evaluate(request, info), info);
        return new TestResult(path, line, Optional.of(request), expected, Optional.of(actual),
                expected.mismatches(actual));
    }

    /** The deciding rules of the results, by position. */
    public static Set<Position> decidingRules(List<TestResult> results) {
        Set<Position> out = new LinkedHashSet<>();
        for (TestResult result : results) {
            result.actual().flatMap(Outcome::rule).ifPresent(out::add);
        }
        return out;
    }
}
