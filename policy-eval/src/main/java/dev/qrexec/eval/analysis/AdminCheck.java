package dev.qrexec.eval.analysis;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Action;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Token;
import java.util.List;
import java.util.Optional;

/**
 * {@code allow} or {@code ask} of an {@code admin.*} call that does not go to dom0.
 * The target column of an admin call names the qube the call is about, while the
 * call itself must be delivered to dom0 with {@code target=dom0}; without it the
 * call goes to that qube (unless the target column is dom0 itself).
 */
final class AdminCheck implements Check {
    @Override
    public void run(List<Rule> rules, Optional<SystemInfo> info, List<Diagnostic> out) {
        for (Rule rule : rules) {
            if (!(rule.service() instanceof ServiceSpec.Named named) || !named.name().startsWith("admin.")) {
                continue;
            }
            Optional<Token> redirect = rule.action().redirect();
            boolean toDom0 = redirect.map(Coverage::isDom0).orElse(Coverage.isDom0(rule.target()));
            boolean grants = !(rule.action() instanceof Action.Deny);
            if (grants && !toDom0) {
                String goes = redirect.map(t -> "target=" + t.text()).orElse(rule.target().text());
                out.add(Diagnostic.warning(Code.ADMIN_WITHOUT_DOM0_TARGET, rule.position(),
                        named.name() + " " + rule.action().keyword() + " without target=dom0: the call goes to "
                                + goes + " instead of dom0")
                        .withHint("add target=dom0"));
            }
        }
    }
}
