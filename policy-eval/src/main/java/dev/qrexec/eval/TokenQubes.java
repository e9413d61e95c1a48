package dev.qrexec.eval;

import dev.qrexec.parser.ast.Token;
import java.util.ArrayList;
import java.util.List;

/**
 * What a token stands for among the qubes of one system information, asked of the
 * evaluator's own compiled matchers: the qubes it matches as a source, and the
 * intended targets it matches as a target (qube names, and {@code @dispvm:NAME} for
 * each disposable template). For editors and explanations; evaluation does not use it.
 */
public final class TokenQubes {
    private TokenQubes() {}

    /** The qubes (by name, in system-information order) that {@code token} matches in the source column. */
    public static List<String> asSource(Token token, SystemInfo info) {
        TokenMatcher matcher = TokenMatcher.of(token);
        List<String> out = new ArrayList<>();
        for (Domain domain : info.domains()) {
            try {
                if (matcher.matchesSource(new Subject(info, domain.name(), "@default"))) {
                    out.add(domain.name());
                }
            } catch (ReferenceCrash crash) {
                // the reference fails for this qube: it is no match to show
            }
        }
        return out;
    }

    /**
     * The intended targets that {@code token} matches in the target column of a call
     * from {@code source} (which matters only for {@code @dispvm}): every qube by
     * name, then {@code @dispvm:NAME} for each disposable template, then the keywords
     * {@code @dispvm} and {@code @default}, in that order.
     */
    public static List<String> asTarget(Token token, SystemInfo info, String source) {
        TokenMatcher matcher = TokenMatcher.of(token);
        List<String> candidates = new ArrayList<>();
        for (Domain domain : info.domains()) {
            candidates.add(domain.name());
        }
        for (Domain domain : info.domains()) {
            if (domain.templateForDispvms()) {
                candidates.add(new Token.DispVmTemplate(domain.name()).text());
            }
        }
        candidates.add(Token.DispVm.INSTANCE.text());
        candidates.add(Token.Default.INSTANCE.text());
        List<String> out = new ArrayList<>();
        for (String candidate : candidates) {
            try {
                if (matcher.matchesTarget(new Subject(info, source, candidate))) {
                    out.add(candidate);
                }
            } catch (ReferenceCrash crash) {
                // the reference fails for this target: it is no match to show
            }
        }
        return out;
    }
}
