package dev.qrexec.lsp;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** A small policy tree on disk, with system information, for the sessions of the tests. */
final class PolicyFixture {
    static final String USER = String.join("\n",
            "# rules of the owner",
            "qubes.Filecopy * work personal allow",
            "qubes.Filecopy * @anyvm @anyvm ask",
            "qubes.Filecopy * work personal deny",
            "admin.vm.List * work vault allow",
            "!include include/extra",
            "# explain: work personal qubes.Filecopy",
            "");
    static final String EXTRA = "qubes.Gpg * @tag:work vault allow\n";
    static final String DEFAULTS = "* * @anyvm @anyvm deny\n";
    static final String SYSTEM_INFO = """
            {"domains": {
             "dom0": {"tags": [], "type": "AdminVM", "template_for_dispvms": false, "default_dispvm": "default-dvm", \
            "power_state": "Running", "uuid": "00000000-0000-0000-0000-000000000000", "icon": "black", "guivm": null},
             "work": {"tags": ["work"], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": "default-dvm", \
            "power_state": "Running", "uuid": "11111111-1111-1111-1111-111111111111", "icon": "blue", "guivm": "dom0"},
             "personal": {"tags": [], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": "default-dvm", \
            "power_state": "Halted", "uuid": "22222222-2222-2222-2222-222222222222", "icon": "yellow", "guivm": "dom0"},
             "vault": {"tags": ["secrets"], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": null, \
            "power_state": "Halted", "uuid": "33333333-3333-3333-3333-333333333333", "icon": "black", "guivm": "dom0"},
             "default-dvm": {"tags": [], "type": "AppVM", "template_for_dispvms": true, "default_dispvm": "default-dvm", \
            "power_state": "Halted", "uuid": "44444444-4444-4444-4444-444444444444", "icon": "red", "guivm": "dom0"}
            }}
            """;

    final Path root;
    final Path policy;
    final Path user;
    final Path extra;
    final Path defaults;
    final Path systemInfo;

    PolicyFixture(Path root) throws IOException {
        this.root = root.toRealPath();
        this.policy = Files.createDirectories(this.root.resolve("policy.d"));
        Files.createDirectories(policy.resolve("include"));
        this.user = write(policy.resolve("30-user.policy"), USER);
        this.extra = write(policy.resolve("include/extra"), EXTRA);
        this.defaults = write(policy.resolve("90-default.policy"), DEFAULTS);
        this.systemInfo = write(this.root.resolve("system-info.json"), SYSTEM_INFO);
    }

    static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Options of a server on this tree, with the system information file. */
    ServerOptions options() {
        return ServerOptions.of(List.of(policy), root.resolve("legacy"))
                .withSystemInfo(Optional.of(new dev.qrexec.eval.SystemInfoFile(systemInfo)));
    }

    static String uri(Path path) {
        return path.toUri().toString();
    }
}
