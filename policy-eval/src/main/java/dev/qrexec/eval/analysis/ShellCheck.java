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
import java.util.Set;

/**
 * {@code allow} of a service that runs any command ({@code qubes.VMShell},
 * {@code qubes.VMExec}, {@code qubes.VMRootShell}) to a target that is not a
 * disposable: the caller gets full control of that qube. The target that counts is
 * {@code target=} when given, else the target column; {@code @dispvm},
 * {@code @dispvm:NAME} and {@code @dispvm:@tag:T} are disposables.
 */
final class ShellCheck implements Check {
    private static final Set<String> SHELL_SERVICES = Set.of("qubes.VMShell", "qubes.VMExec", "qubes.VMRootShell");

    @Override
    public void run(List<Rule> rules, Optional<SystemInfo> info, List<Diagnostic> out) {
        for (Rule rule : rules) {
            if (rule.service() instanceof ServiceSpec.Named named && SHELL_SERVICES.contains(named.name())
                    && rule.action() instanceof Action.Allow allow) {
                Token target = allow.target().orElse(rule.target());
                if (!isDisposable(target)) {
                    out.add(Diagnostic.warning(Code.SHELL_NOT_TO_DISPVM, rule.position(),
                            named.name() + " allowed to " + target.text()
                                    + ", which is not a disposable: the caller can run any command there")
                            .withHint("allow it to @dispvm, or use ask"));
                }
            }
        }
    }

    private static boolean isDisposable(Token token) {
        return token instanceof Token.DispVm || token instanceof Token.DispVmTemplate
                || token instanceof Token.DispVmTag;
    }
}
