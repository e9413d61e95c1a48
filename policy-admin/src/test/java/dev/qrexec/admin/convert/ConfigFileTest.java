package dev.qrexec.admin.convert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.qrexec.parser.ast.Rule;
import dev.qrexec.parser.ast.ServiceSpec;
import dev.qrexec.parser.ast.Syntax;
import dev.qrexec.parser.text.PolicyFileParser;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Which file each converted rule goes to: its tool's file only when the tool can show it. */
class ConfigFileTest {
    private static Rule rule(String text) {
        return (Rule) PolicyFileParser.parse("t.policy", text + "\n", Syntax.CURRENT).lines().getFirst();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "qubes.ClipboardPaste * work vault ask                          | 50-config-clipboard",
        "qubes.ClipboardPaste * work vault deny                         | 50-config-clipboard",
        "qubes.ClipboardPaste * work vault allow                        | 30-user",
        "qubes.ClipboardPaste * work vault ask default_target=vault     | 30-user",
        "qubes.Filecopy * work @anyvm allow                             | 50-config-filecopy",
        "qubes.Filecopy * work @anyvm allow user=root                   | 30-user",
        "qubes.UpdatesProxy * @type:TemplateVM @default allow target=sys-net | 50-config-updates",
        "qubes.UpdatesProxy * @tag:whonix-updatevm @default allow target=sys-whonix | 50-config-updates",
        "qubes.UpdatesProxy * @anyvm @default allow target=sys-net      | 30-user",
        "qubes.UpdatesProxy * @type:TemplateVM @default deny            | 30-user",
        "qubes.UpdatesProxy * work @anyvm allow                         | 30-user",
        "qubes.OpenURL * work @dispvm allow target=@dispvm:dvm          | 50-config-openurl",
        "qubes.OpenURL * work @dispvm allow                             | 30-user",
        "qubes.OpenInVM * work @dispvm ask default_target=@dispvm       | 50-config-openinvm",
        "qubes.OpenInVM * work @dispvm deny                             | 50-config-openinvm",
        "qubes.OpenInVM * work vault deny                               | 30-user",
        "qubes.InputKeyboard * sys-usb dom0 ask default_target=dom0     | 50-config-input",
        "qubes.InputTablet * sys-usb @adminvm allow                     | 50-config-input",
        "qubes.InputMouse * @anyvm dom0 deny                            | 30-user",
        "qubes.InputMouse * sys-usb dom0 ask default_target=@dispvm     | 30-user",
        "qubes.InputMouse * sys-usb work allow                          | 30-user",
        "u2f.Authenticate * work sys-usb allow                          | 50-config-u2f",
        "u2f.Register * work @adminvm ask                               | 50-config-u2f",
        "u2f.Register +x work sys-usb allow                             | 30-user",
        "u2f.Authenticate * work @anyvm allow                           | 30-user",
        "policy.RegisterArgument +u2f.Authenticate sys-usb dom0 allow   | 50-config-u2f",
        "policy.RegisterArgument +other sys-usb dom0 allow              | 30-user",
        "qubes.Gpg * work vault allow                                   | 30-user",
    })
    void destination(String text, String file) {
        Rule rule = rule(text.strip());
        String service = ((ServiceSpec.Named) rule.service()).name();
        assertEquals(file + ".policy", ConfigFile.destination(service, rule).fileName());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "\n# THIS IS AN AUTOMATICALLY GENERATED POLICY FILE.\n# Any changes made manually may be overwritten by "
                + "Qubes Configuration Tools.\n\nold\tline\n",
        "\n\nold\tline\n",
    })
    void toolFileKeepsItsOldRulesAfterTheNewOnesWithOneHeader(String old) {
        Rule rule = rule("qubes.Filecopy * work @anyvm ask");
        assertEquals(LegacyConversion.TOOL_DISCLAIMER + "\nqubes.Filecopy\t*\twork\t@anyvm\task\nold\tline\n",
                LegacyConversion.text(ConfigFile.FILECOPY, List.of(rule), Optional.of(old)));
    }

    @org.junit.jupiter.api.Test
    void inputFileIsReplacedWhole() {
        Rule rule = rule("qubes.InputMouse * sys-usb dom0 deny");
        assertEquals(LegacyConversion.TOOL_DISCLAIMER + "\nqubes.InputMouse\t*\tsys-usb\tdom0\tdeny\n",
                LegacyConversion.text(ConfigFile.INPUT, List.of(rule), Optional.of("old rules\n")));
    }
}
