package dev.qrexec.eval.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.Code;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.PolicyFile;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.text.PolicyFileParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The checks added for policy authors (catch-all rules hiding later files, redirects
 * past a deny, rules that never match), the selection of warnings and the suppression
 * comments, with exact texts.
 */
class NewChecksTest {
    private static List<Rule> rules(String file, String text) {
        return PolicyFileParser.parse(file, text, Syntax.CURRENT).lines().stream()
                .filter(Rule.class::isInstance).map(Rule.class::cast).toList();
    }

    private static List<String> lines(List<Diagnostic> diagnostics, Code... codes) {
        Set<Code> wanted = Set.of(codes);
        return diagnostics.stream().filter(d -> wanted.contains(d.code())).map(Diagnostic::format).toList();
    }

    @Test
    void aCatchAllRuleSaysHowManyRulesOfLaterFilesItHides() {
        List<Rule> all = new ArrayList<>(rules("30-a.policy", "qubes.Gpg * work vault allow\n* * @anyvm @anyvm deny\n"));
        all.addAll(rules("40-b.policy", "qubes.Gpg * work personal allow\nqubes.X * @anyvm dom0 allow\n"
                + "qubes.Y * @anyvm @anyvm ask\n"));
        assertEquals(List.of("30-a.policy:2:1: warning: catch-all rule hides 2 rules of later files, which never "
                        + "match (the first: 40-b.policy:1)"),
                lines(PolicyAnalysis.analyse(all, Optional.empty()), Code.CATCH_ALL_HIDES_LATER));
    }

    @Test
    void aCatchAllRuleAtTheEndHidesNothing() {
        List<Rule> all = new ArrayList<>(rules("30-a.policy", "qubes.Gpg * work vault allow\n"));
        all.addAll(rules("90-default.policy", "* * @anyvm @anyvm deny\n"));
        assertEquals(List.of(), lines(PolicyAnalysis.analyse(all, Optional.empty()), Code.CATCH_ALL_HIDES_LATER));
    }

    @Test
    void redirectsPastAnEarlierDenyAreNamed() {
        List<Rule> all = rules("t.policy", """
                qubes.Gpg  *  work  vault     deny
                qubes.Gpg  *  work  @default  allow target=vault
                qubes.Gpg  *  work  @default  ask default_target=vault
                qubes.Gpg  *  work  @default  ask default_target=personal
                qubes.Gpg  *  mail  @default  allow target=vault
                """);
        assertEquals(List.of(
                        "t.policy:2:1: warning: target=vault sends calls to vault, which the earlier rule at t.policy:1 "
                                + "(qubes.Gpg * work vault deny) denies",
                        "t.policy:3:1: warning: default_target=vault sends calls to vault, which the earlier rule at "
                                + "t.policy:1 (qubes.Gpg * work vault deny) denies"),
                lines(PolicyAnalysis.analyse(all, Optional.empty()), Code.REDIRECT_PAST_DENY));
    }

    @Test
    void rulesThatNeverMatchWithTheseQubes() throws Exception {
        SystemInfo info = SystemInfo.parse(PolicyAnalysisTest.SYSTEM_INFO);
        List<Rule> all = rules("t.policy", """
                qubes.A  *  work  @dispvm:personal  allow
                qubes.B  *  @dispvm:default-dvm  work  allow
                qubes.C  *  work  @dispvm:default-dvm  allow
                qubes.D  *  work  @tag:nosuch  allow
                qubes.E  *  @tag:created-by-mgmt  work  allow
                """);
        assertEquals(List.of(
                        "t.policy:1:1: warning: rule never matches: its target @dispvm:personal stands for no qube of "
                                + "the system information",
                        "t.policy:2:1: warning: rule never matches: its source @dispvm:default-dvm stands for no qube "
                                + "of the system information"),
                lines(PolicyAnalysis.analyse(all, Optional.of(info)), Code.NEVER_MATCHES));
        assertEquals(List.of("t.policy:4:1: warning: @tag:nosuch: no qube has the tag nosuch"),
                lines(PolicyAnalysis.analyse(all, Optional.of(info)), Code.UNKNOWN_TAG));
    }

    @Test
    void suppressionCommentsCoverTheirLineAndTheNext() {
        String text = """
                * * @anyvm @anyvm deny
                # qrexec-lint: ignore=shadowed-rule,duplicate-rule
                qubes.Gpg * work vault allow
                qubes.Gpg * work personal allow
                """;
        PolicyFile file = PolicyFileParser.parse("t.policy", text, Syntax.CURRENT);
        List<Rule> all = rules("t.policy", text);
        List<Diagnostic> warnings = PolicyAnalysis.analyse(all, Optional.empty());
        assertEquals(List.of("t.policy:4:1: warning: rule never matches: the rule at t.policy:1 (* * @anyvm @anyvm deny) "
                        + "always matches first"),
                lines(WarningSelection.ALL.apply(warnings, Suppressions.of(List.of(file))), Code.SHADOWED_RULE));
        assertEquals(WarningSelection.ALL.apply(warnings, Suppressions.of(List.of(file))),
                WarningSelection.ALL.apply(warnings, Suppressions.ofText("t.policy", text)));
        assertEquals(List.of(), new WarningSelection(Set.of(), Set.of(Code.SHADOWED_RULE))
                .apply(warnings, Suppressions.ofText("x", "")).stream().map(Diagnostic::format).toList());
        assertEquals(List.of(), new WarningSelection(Set.of(Code.DUPLICATE_RULE), Set.of())
                .apply(warnings, Suppressions.ofText("x", "")).stream().map(Diagnostic::format).toList());
    }

    @Test
    void repetitionsOfR40FilesAndStockDefaultsAreNotTheAuthors() {
        List<Rule> all = new ArrayList<>(rules("/etc/qubes-rpc/policy/qubes.Gpg", ""));
        all.addAll(rules("/etc/qubes/policy.d/30-user.policy", "qubes.Gpg * work vault allow\n"));
        all.addAll(rules("/etc/qubes-rpc/policy/qubes.Gpg", "qubes.Gpg * work vault allow\n"));
        all.addAll(rules("/etc/qubes/policy.d/50-config-filecopy.policy", "qubes.Filecopy * @anyvm @anyvm ask\n"));
        all.addAll(rules("/etc/qubes/policy.d/90-default.policy", "qubes.Filecopy * @anyvm @anyvm ask\n"));
        all.addAll(rules("/etc/qubes/policy.d/91-mine.policy", "qubes.Filecopy * @anyvm @anyvm ask\n"));
        List<String> out = TreeWarnings.of(all, Optional.empty(), f -> f.startsWith("/etc/qubes-rpc/policy/"))
                .stream().map(Diagnostic::format).toList();
        assertEquals(List.of("/etc/qubes/policy.d/91-mine.policy:1:1: warning: duplicate of the rule at "
                + "/etc/qubes/policy.d/50-config-filecopy.policy:1"), out);
    }
}
