package dev.qrexec.cli.toolkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** A scratch directory for the toolkit's command tests, with a small system information. */
record Scratch(Path root) {
    static final String SYSTEM_INFO = """
            {"domains": {
             "dom0": {"tags": [], "type": "AdminVM", "template_for_dispvms": false, "default_dispvm": "dvm",
                      "icon": "i", "guivm": null, "power_state": "Running",
                      "uuid": "00000000-0000-0000-0000-000000000000"},
             "work": {"tags": ["gpg"], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": "dvm",
                      "icon": "i", "guivm": "dom0", "power_state": "Running",
                      "uuid": "11111111-1111-1111-1111-111111111111"},
             "vault": {"tags": [], "type": "AppVM", "template_for_dispvms": false, "default_dispvm": null,
                      "icon": "i", "guivm": "dom0", "power_state": "Running",
                      "uuid": "22222222-2222-2222-2222-222222222222"},
             "dvm": {"tags": [], "type": "AppVM", "template_for_dispvms": true, "default_dispvm": "dvm",
                      "icon": "i", "guivm": "dom0", "power_state": "Halted",
                      "uuid": "33333333-3333-3333-3333-333333333333"}
            }}
            """;

    static Scratch in(Path temporary) throws IOException {
        Scratch s = new Scratch(temporary.toRealPath());
        s.write("si.json", SYSTEM_INFO);
        Files.createDirectories(s.root.resolve("legacy"));
        return s;
    }

    void write(String relative, String text) throws IOException {
        Path path = root.resolve(relative);
        Files.createDirectories(path.getParent());
        Files.writeString(path, text, StandardCharsets.UTF_8);
    }

    String path(String relative) {
        return root.resolve(relative).toString();
    }

    String read(String relative) throws IOException {
        return Files.readString(root.resolve(relative), StandardCharsets.UTF_8);
    }
}
