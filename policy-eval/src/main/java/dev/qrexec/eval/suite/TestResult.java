package dev.qrexec.eval.suite;

import dev.qrexec.eval.Request;
import dev.qrexec.eval.diff.Outcome;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One request of a test, run: the test file and line, the request (absent when the
 * test could not make one, e.g. a matrix token that stands for no qube), what was
 * expected, what the policy does, and every way the two differ.
 */
public record TestResult(Path file, int line, Optional<Request> request, Expectation expected,
                         Optional<Outcome> actual, List<String> problems) {
    public TestResult {
        Objects.requireNonNull(file);
        Objects.requireNonNull(request);
        Objects.requireNonNull(expected);
        Objects.requireNonNull(actual);
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return problems.isEmpty();
    }

    /** {@code SOURCE -> TARGET SERVICE+ARG} (with {@code (for R)} for a relayed call). */
    public String requestText() {
        return request.map(r -> r.source() + " -> " + (r.intendedTarget().isEmpty() ? "\"\"" : r.intendedTarget())
                        + " " + r.serviceAndArgument()
                        + (r.hasRequestedSource() ? " (for " + r.requestedSource() + ")" : ""))
                .orElse("(no request)");
    }
}
