package dev.qrexec.eval;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of deciding a request: the request, its normalised intended target
 * (what the reply calls {@code requested_target}), the effective source (the
 * requested source of a relayed call), the decision, and what was logged on the way.
 */
public record Evaluation(Request request, String target, String source, Decision decision, List<String> log) {
    public Evaluation {
        Objects.requireNonNull(request);
        Objects.requireNonNull(target);
        Objects.requireNonNull(source);
        Objects.requireNonNull(decision);
        log = List.copyOf(log);
    }
}
