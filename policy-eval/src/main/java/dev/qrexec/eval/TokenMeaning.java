package dev.qrexec.eval;

import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * What a source or target token stands for with one system information, worked out
 * by the evaluator's own matchers: whether it matches a given qube or target form,
 * and which qubes it matches. Where the reference would fail on missing facts, the
 * token is taken not to match.
 */
public final class TokenMeaning {
    private TokenMeaning() {}

    /** Whether {@code token}, in a rule's source column, matches calls from {@code source}. */
    public static boolean matchesSource(Token token, String source, SystemInfo info) {
        try {
            return TokenMatcher.of(token).matchesSource(new Subject(info, source, "@default"));
        } catch (ReferenceCrash crash) {
            return false;
        }
    }

    /**
     * Whether {@code token}, in a rule's target column, matches calls naming
     * {@code target} (a qube, {@code uuid:}, {@code @default}, {@code @dispvm},
     * {@code @dispvm:T}, {@code @adminvm}) from {@code source} ({@code ""} when unknown).
     */
    public static boolean matchesTarget(Token token, String source, String target, SystemInfo info) {
        try {
            return TokenMatcher.of(token).matchesTarget(new Subject(info, source, target));
        } catch (ReferenceCrash crash) {
            return false;
        }
    }

    /** The qubes (by name, in system-information order) that {@code token} matches as a source. */
    public static List<String> sourceQubes(Token token, SystemInfo info) {
        List<String> out = new ArrayList<>();
        for (Domain domain : info.domains()) {
            if (matchesSource(token, domain.name(), info)) {
                out.add(domain.name());
            }
        }
        return out;
    }

    /**
     * The qubes (by name) that {@code token} matches as a target, then the
     * disposables ({@code @dispvm:T}) it matches, for calls from {@code source}
     * ({@code ""} when unknown).
     */
    public static List<String> targetQubes(Token token, String source, SystemInfo info) {
        List<String> out = new ArrayList<>();
        for (Domain domain : info.domains()) {
            if (matchesTarget(token, source, domain.name(), info)) {
                out.add(domain.name());
            }
        }
        for (Domain domain : info.domains()) {
            String form = Token.DISPVM_PREFIX + domain.name();
            boolean template;
            try {
                template = domain.templateForDispvms();
            } catch (ReferenceCrash missing) {
                template = false;
            }
            if (template && matchesTarget(token, source, form, info)) {
                out.add(form);
            }
        }
        return out;
    }
}
