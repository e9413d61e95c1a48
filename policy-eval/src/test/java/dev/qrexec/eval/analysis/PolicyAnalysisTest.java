package dev.qrexec.eval.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.eval.SystemInfo;
import dev.qrexec.parser.Diagnostic;
import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.text.PolicyFileParser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Every warning with a case that gets it and a close one that does not, with exact texts. */
class PolicyAnalysisTest {
    static final String SYSTEM_INFO = """
            {"domains": {
              "dom0": {"type": "AdminVM", "tags": [], "template_for_dispvms": false, "uuid": "00000000-0000-0000-0000-000000000000",
                       "power_state": "Running", "internal": false, "default_dispvm": "default-dvm", "icon": "i", "guivm": null},
              "work": {"type": "AppVM", "tags": ["work-tag"], "template_for_dispvms": false, "uuid": "5a1ad0ef-0000-4000-8000-000000000001",
                       "power_state": "Running", "internal": false, "default_dispvm": "default-dvm", "icon": "i", "guivm": "dom0"},
              "vault": {"type": "AppVM", "tags": [], "template_for_dispvms": false, "uuid": "5a1ad0ef-0000-4000-8000-000000000002",
                       "power_state": "Halted", "internal": false, "default_dispvm": "default-dvm", "icon": "i", "guivm": "dom0"},
              "personal": {"type": "AppVM", "tags": [], "template_for_dispvms": false, "uuid": "5a1ad0ef-0000-4000-8000-000000000003",
                       "power_state": "Running", "internal": false, "default_dispvm": "default-dvm", "icon": "i", "guivm": "dom0"},
              "default-dvm": {"type": "AppVM", "tags": ["dvm-tag"], "template_for_dispvms": true, "uuid": "5a1ad0ef-0000-4000-8000-000000000004",
                       "power_state": "Halted", "internal": false, "default_dispvm": "default-dvm", "icon": "i", "guivm": "dom0"}
            }}""";

    static List<Rule> rules(String text) {
        return PolicyFileParser.parse("t.policy", text, Syntax.CURRENT).lines().stream()
                .filter(Rule.class::isInstance)
                .map(Rule.class::cast)
                .toList();
    }

    static List<String> warnings(String text) {
        return PolicyAnalysis.analyse(rules(text), Optional.empty()).stream().map(PolicyAnalysisTest::line).toList();
    }

    static List<String> warningsWithInfo(String text) throws Exception {
        return PolicyAnalysis.analyse(rules(text), Optional.of(SystemInfo.parse(SYSTEM_INFO))).stream()
                .map(PolicyAnalysisTest::line).toList();
    }

    private static String line(Diagnostic d) {
        return d.format() + " [" + d.code().id() + "]" + (d.hint().isEmpty() ? "" : " (" + d.hint() + ")");
    }

    // ------------------------------------------------------------------ shadowed and duplicate rules

    @Test
    void ruleAfterAWildcardRuleIsShadowed() {
        assertEquals(List.of("t.policy:2:1: warning: rule never matches: the rule at t.policy:1 "
                        + "(* * @anyvm @anyvm deny) always matches first [shadowed-rule]"),
                warnings("* * @anyvm @anyvm deny\nqubes.Gpg +sign work vault allow\n"));
    }

    @Test
    void anyvmDoesNotCoverDom0() {
        assertEquals(List.of(), warnings("qubes.Gpg * @anyvm @anyvm deny\nqubes.Gpg * dom0 vault allow\n"
                + "qubes.Gpg * @adminvm personal allow\nqubes.Gpg * work @adminvm allow\n"));
    }

    @Test
    void anyvmDoesNotCoverTagsOrTypes() {
        assertEquals(List.of(), warnings("qubes.Gpg * @anyvm @anyvm deny\nqubes.Gpg * @tag:x vault allow\n"
                + "qubes.Gpg * work @type:AppVM allow\n"));
    }

    @Test
    void anyvmCoversLiteralsAndDisposableTargets() {
        assertEquals(List.of(
                        "t.policy:2:1: warning: rule never matches: the rule at t.policy:1 "
                                + "(qubes.Gpg * @anyvm @anyvm deny) always matches first [shadowed-rule]",
                        "t.policy:3:1: warning: rule never matches: the rule at t.policy:1 "
                                + "(qubes.Gpg * @anyvm @anyvm deny) always matches first [shadowed-rule]"),
                warnings("qubes.Gpg * @anyvm @anyvm deny\nqubes.Gpg * work @dispvm:default-dvm allow\n"
                        + "qubes.Gpg +x uuid:5a1ad0ef-0000-4000-8000-000000000001 @default allow target=vault\n"));
    }

    @Test
    void dom0SpellingsCoverEachOther() {
        assertEquals(List.of("t.policy:2:1: warning: rule never matches: the rule at t.policy:1 "
                        + "(admin.vm.List * dom0 @adminvm deny) always matches first [shadowed-rule]"),
                warnings("admin.vm.List * dom0 @adminvm deny\n"
                        + "admin.vm.List * @adminvm uuid:00000000-0000-0000-0000-000000000000 allow\n"));
    }

    @Test
    void narrowerServiceOrArgumentDoesNotShadow() {
        assertEquals(List.of(), warnings("qubes.Gpg +sign @anyvm @anyvm deny\nqubes.Gpg * work vault allow\n"
                + "* * work vault allow\n"));
    }

    @Test
    void shadowedRuleUnderAnOpenAskGetsAHint() {
        assertEquals(List.of("t.policy:2:1: warning: rule never matches: the rule at t.policy:1 "
                        + "(qubes.Filecopy * @anyvm @anyvm ask) always matches first [shadowed-rule] "
                        + "(it may still add to or take from the targets that an ask without target= offers)"),
                warnings("qubes.Filecopy * @anyvm @anyvm ask\nqubes.Filecopy * work vault deny\n"));
    }

    @Test
    void exactDuplicateIsReportedAsDuplicate() {
        assertEquals(List.of("t.policy:3:1: warning: duplicate of the rule at t.policy:1 [duplicate-rule]"),
                warnings("qubes.Gpg * work vault allow\nqubes.Gpg * work personal allow\n"
                        + "qubes.Gpg  *  work  vault  allow\n"));
    }

    @Test
    void sameColumnsWithAnotherActionAreShadowedNotDuplicate() {
        assertEquals(List.of("t.policy:2:1: warning: rule never matches: the rule at t.policy:1 "
                        + "(qubes.Gpg * work vault deny notify=no) always matches first [shadowed-rule]"),
                warnings("qubes.Gpg * work vault deny notify=no\nqubes.Gpg * work vault deny\n"));
    }

    // ------------------------------------------------------------------ shells and admin calls

    @Test
    void shellAllowedToAPersistentQube() {
        assertEquals(List.of(
                        "t.policy:1:1: warning: qubes.VMShell allowed to @anyvm, which is not a disposable: "
                                + "the caller can run any command there [shell-not-to-dispvm] "
                                + "(allow it to @dispvm, or use ask)",
                        "t.policy:2:1: warning: qubes.VMExec allowed to vault, which is not a disposable: "
                                + "the caller can run any command there [shell-not-to-dispvm] "
                                + "(allow it to @dispvm, or use ask)"),
                warnings("qubes.VMShell * work @anyvm allow\nqubes.VMExec +x work @dispvm allow target=vault\n"));
    }

    @Test
    void shellToDisposablesOrAskedIsFine() {
        assertEquals(List.of(), warnings("qubes.VMShell * work @dispvm allow\n"
                + "qubes.VMRootShell * work @anyvm allow target=@dispvm:default-dvm\n"
                + "qubes.VMExec * work @dispvm:@tag:x allow\nqubes.VMShell * personal vault ask\n"
                + "qubes.VMShell * vault personal deny\n"));
    }

    @Test
    void adminCallNotRedirectedToDom0() {
        assertEquals(List.of(
                        "t.policy:1:1: warning: admin.vm.List allow without target=dom0: the call goes to @anyvm "
                                + "instead of dom0 [admin-without-dom0-target] (add target=dom0)",
                        "t.policy:2:1: warning: admin.vm.Start ask without target=dom0: the call goes to "
                                + "target=work instead of dom0 [admin-without-dom0-target] (add target=dom0)"),
                warnings("admin.vm.List * mgmt @anyvm allow\nadmin.vm.Start * mgmt work ask target=work\n"));
    }

    @Test
    void adminCallToDom0OrDeniedIsFine() {
        assertEquals(List.of(), warnings("admin.vm.List * mgmt @anyvm allow target=dom0\n"
                + "admin.vm.List * mgmt @adminvm allow\nadmin.vm.Start * mgmt work ask target=@adminvm\n"
                + "admin.vm.Kill * mgmt @anyvm deny\n"));
    }

    // ------------------------------------------------------------------ against the system information

    @Test
    void unknownQubesTagsAndTypes() throws Exception {
        assertEquals(List.of(
                        "t.policy:1:1: warning: wrok: no qube wrok in the system information [unknown-qube]",
                        "t.policy:1:1: warning: @tag:wrk: no qube has the tag wrk [unknown-tag]",
                        "t.policy:2:1: warning: $anyvm: no qube $anyvm in the system information [unknown-qube] "
                                + "(keywords are written with @ (such as @anyvm), except in legacy files)",
                        "t.policy:2:1: warning: @type:AppVm: no qube is of type AppVm [unknown-type]",
                        "t.policy:3:1: warning: @dispvm:@tag:none: no qube has the tag none [unknown-tag]",
                        "t.policy:3:1: warning: @dispvm:nodvm: no qube nodvm in the system information "
                                + "[unknown-qube]"),
                warningsWithInfo("qubes.Gpg * wrok @tag:wrk allow\nqubes.Gpg * $anyvm @type:AppVm deny\n"
                        + "qubes.Gpg * work @dispvm:@tag:none allow target=@dispvm:nodvm\n"));
    }

    @Test
    void existingQubesTagsAndTypesAreFine() throws Exception {
        assertEquals(List.of(), warningsWithInfo("qubes.Gpg * work @tag:work-tag allow target=vault\n"
                + "qubes.Gpg * uuid:5a1ad0ef-0000-4000-8000-000000000001 @type:AppVM deny\n"
                + "qubes.Gpg * dom0 @dispvm:@tag:dvm-tag allow\nqubes.Gpg * @adminvm @dispvm:default-dvm deny\n"));
    }

    @Test
    void unknownNamesNeedTheSystemInformation() {
        assertEquals(List.of(), warnings("qubes.Gpg * wrok @tag:wrk allow target=nosuch\n"));
    }

    // ------------------------------------------------------------------ default_target

    @Test
    void defaultTargetOtherThanTheOnlyTarget() {
        assertEquals(List.of("t.policy:1:1: warning: default_target=personal is never offered: this ask offers "
                        + "only vault [default-target-not-allowed]"),
                warnings("qubes.Gpg * work @anyvm ask target=vault default_target=personal\n"
                        + "qubes.Gpg * personal @anyvm ask target=@adminvm default_target=dom0\n"));
    }

    @Test
    void defaultTargetWithdrawnForSomeCallers() throws Exception {
        assertEquals(List.of("t.policy:3:1: warning: default_target=vault is not among the targets this ask "
                        + "offers to work, vault, so no target is proposed there [default-target-not-allowed]"),
                warningsWithInfo("qubes.Gpg * work vault deny\nqubes.Gpg * personal vault allow\n"
                        + "qubes.Gpg * @anyvm @anyvm ask default_target=vault\n"));
    }

    @Test
    void defaultTargetOfferedToEveryCaller() throws Exception {
        assertEquals(List.of(), warningsWithInfo("qubes.Gpg * work @anyvm ask default_target=vault\n"
                + "qubes.Gpg * @anyvm @dispvm ask target=@dispvm:default-dvm default_target=@dispvm\n"));
    }
}
