package dev.qrexec.eval.suite;

import java.util.List;
import java.util.Objects;

/** One entry of a test file's {@code tests}: a single request, or a matrix of them. */
public sealed interface TestSpec {
    /** The line the entry starts on. */
    int line();

    /** One request ({@code call} is {@code SERVICE} or {@code SERVICE+ARG}) and what it should get. */
    record Single(int line, String source, String target, String call, String requestedSource,
                  Expectation expectation) implements TestSpec {
        public Single {
            Objects.requireNonNull(source);
            Objects.requireNonNull(target);
            Objects.requireNonNull(call);
            Objects.requireNonNull(requestedSource);
            Objects.requireNonNull(expectation);
        }
    }

    /**
     * Every combination of {@code sources}, {@code targets} and {@code calls} (each may
     * hold {@code @tag:T}, {@code @type:T} and {@code @anyvm}, which stand for the
     * qubes of the system information); the combinations in {@code cases} expect what
     * they say, every other one expects {@code otherwise}.
     */
    record Matrix(int line, List<String> sources, List<String> targets, List<String> calls, List<Single> cases,
                  Expectation otherwise) implements TestSpec {
        public Matrix {
            sources = List.copyOf(sources);
            targets = List.copyOf(targets);
            calls = List.copyOf(calls);
            cases = List.copyOf(cases);
            Objects.requireNonNull(otherwise);
        }
    }
}
