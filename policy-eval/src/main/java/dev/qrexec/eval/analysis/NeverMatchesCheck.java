package dev.qrexec.eval.analysis;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.eval.TokenMeaning;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Token;
import java.util.List;
import java.util.Optional;

/**
 * A rule that can never match with the qubes of the system information: its source
 * column matches no qube, or its target column matches no qube, no disposable of a
 * template and no keyword a caller can name (a target that names no qube is read as
 * {@code @default}). Matching is the evaluator's own. Where an unknown-qube, -tag or
 * -type warning already names the column's token, this one is not given: it covers
 * the other cases, such as {@code @dispvm:X} for a qube X that is no disposable
 * template, or a source column that matches no caller. Needs the system information.
 */
final class NeverMatchesCheck implements Check {
    @Override
    public void run(List<Rule> rules, Optional<SystemInfo> info, List<Diagnostic> out) {
        if (info.isEmpty()) {
            return;
        }
        for (Rule rule : rules) {
            if (!rule.position().hasLine()) {
                continue;
            }
            if (RuntimeTags.namesRuntimeTag(rule.source()) || RuntimeTags.namesRuntimeTag(rule.target())) {
                continue;
            }
            boolean sourceKnownBad = ExistenceCheck.problem(rule.source(), info.get(), rule).isPresent();
            boolean targetKnownBad = ExistenceCheck.problem(rule.target(), info.get(), rule).isPresent();
            if (sourceKnownBad || targetKnownBad) {
                continue; // an unknown-qube, -tag or -type warning says so already
            }
            if (TokenMeaning.sourceQubes(rule.source(), info.get()).isEmpty()) {
                out.add(Diagnostic.warning(Code.NEVER_MATCHES, rule.position(), "rule never matches: its source "
                        + rule.source().text() + " stands for no qube of the system information"));
            } else if (!isKeyword(rule.target()) && TokenMeaning.targetQubes(rule.target(), "", info.get()).isEmpty()) {
                out.add(Diagnostic.warning(Code.NEVER_MATCHES, rule.position(), "rule never matches: its target "
                        + rule.target().text() + " stands for no qube of the system information"));
            }
        }
    }

    /** Targets a caller names without any qube: {@code *}, {@code @default}, {@code @dispvm}, {@code @adminvm}, {@code @anyvm}. */
    private static boolean isKeyword(Token token) {
        return switch (token) {
            case Token.Any any -> true;
            case Token.Default def -> true;
            case Token.DispVm dispVm -> true;
            case Token.AdminVm adminVm -> true;
            case Token.AnyVm anyVm -> true;
            case Token.Name name -> false;
            case Token.Uuid uuid -> false;
            case Token.DispVmTemplate template -> false;
            case Token.DispVmTag tag -> false;
            case Token.Tag tag -> false;
            case Token.Type type -> false;
        };
    }
}
