package dev.qrexec.bench.startup;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A policy directory the size of a stock dom0's: 33 top-level files and 7 include
 * files, about 200 rules, with {@code !include} and {@code !include-service}, on the
 * qubes of the demo's system information ({@code testdata/demo/system-info.json}).
 */
final class StockTree {
    static final int TOP_LEVEL_FILES = 33;
    private static final List<String> QUBES = List.of("work", "personal", "vault", "sys-net", "sys-usb", "mgmt");
    private static final List<String> SERVICES = List.of("qubes.Filecopy", "qubes.OpenInVM", "qubes.OpenURL",
            "qubes.ClipboardPaste", "qubes.Gpg", "qubes.StartApp", "qubes.USB", "qubes.InputMouse",
            "qubes.InputKeyboard", "qubes.UpdatesProxy", "qubes.GetDate", "qubes.PdfConvert", "qubes.SshAgent",
            "qubes.ConnectTCP", "qubes.NotifyUpdates", "qubes.SyncAppMenus", "u2f.Register", "u2f.Authenticate");
    private static final List<String> INCLUDES = List.of("admin-local-ro", "admin-local-rwx", "admin-global-ro",
            "admin-global-rwx", "admin-policy-ro", "admin-policy-rwx");

    private StockTree() {}

    /** Writes the tree into {@code directory} (created) and returns how many rules it holds. */
    static int write(Path directory) throws IOException {
        Path include = Files.createDirectories(directory.resolve("include"));
        int rules = 0;
        for (String name : INCLUDES) {
            StringBuilder text = new StringBuilder("## Do not modify this file, create a new policy file instead\n");
            text.append("mgmt @adminvm allow target=dom0\n");
            text.append("@tag:created-by-mgmt @tag:created-by-mgmt allow target=dom0\n");
            rules += 2;
            write(include.resolve(name), text);
        }
        write(include.resolve("user-extra"), "qubes.Gpg * work vault ask default_target=vault\n"
                + "qubes.Gpg * @anyvm vault deny\n");
        for (int file = 0; file < TOP_LEVEL_FILES; file++) {
            StringBuilder text = new StringBuilder();
            String name;
            if (file == 0) {
                name = "30-user.policy";
            } else if (file == TOP_LEVEL_FILES - 2) {
                name = "90-admin-default.policy";
                for (String service : List.of("admin.vm.List", "admin.vm.property.Get", "admin.vm.feature.Get",
                        "admin.Events", "policy.List", "policy.Get")) {
                    text.append("!include-service ").append(service).append(" * include/admin-global-ro\n");
                }
                text.append("!include-service admin.vm.Start * include/admin-local-rwx\n");
                text.append("!include-service policy.Replace * include/admin-policy-rwx\n");
            } else if (file == TOP_LEVEL_FILES - 1) {
                name = "90-default.policy";
            } else {
                name = String.format("50-config-%02d.policy", file);
            }
            text.append("## Policy file ").append(name).append("\n\n");
            for (int rule = 0; rule < 5; rule++) {
                int n = file * 5 + rule;
                String service = SERVICES.get(n % SERVICES.size());
                String source = QUBES.get(n % QUBES.size());
                String target = QUBES.get((n / QUBES.size() + 1) % QUBES.size());
                String action = switch (n % 4) {
                    case 0 -> "allow";
                    case 1 -> "ask default_target=" + target;
                    case 2 -> "deny notify=no";
                    default -> "allow target=" + target;
                };
                String line = switch (n % 5) {
                    case 0 -> service + " * " + source + " " + target + " " + action;
                    case 1 -> service + " +arg" + n + " @tag:work @anyvm " + action;
                    case 2 -> service + " * @type:AppVM @dispvm allow";
                    case 3 -> service + " * @anyvm @default " + (action.startsWith("allow target") ? action
                            : "allow target=" + target);
                    default -> service + " * " + source + " @dispvm:default-dvm allow";
                };
                text.append(line).append('\n');
                rules++;
            }
            if (file == 1) {
                text.append("!include include/user-extra\n");
                rules += 2;
            }
            if (file == TOP_LEVEL_FILES - 1) {
                text.append("* * @anyvm @anyvm deny\n");
                rules++;
            }
            write(directory.resolve(name), text);
        }
        return rules;
    }

    private static void write(Path file, CharSequence text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
