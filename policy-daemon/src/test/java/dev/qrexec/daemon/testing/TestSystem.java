package dev.qrexec.daemon.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/** A small system and policy for the daemon's tests and the command-line tests. */
public final class TestSystem {
    private TestSystem() {}

    public static final String SYSTEM_INFO = """
            {"domains": {
              "dom0": {"type": "AdminVM", "tags": [], "icon": "adminvm-black", "guivm": null,
                       "uuid": "00000000-0000-0000-0000-000000000000", "power_state": "Running",
                       "template_for_dispvms": false, "default_dispvm": null, "internal": null},
              "work": {"type": "AppVM", "tags": ["guivm-dom0"], "icon": "appvm-blue", "guivm": "dom0",
                       "uuid": "11111111-1111-1111-1111-111111111111", "power_state": "Running",
                       "template_for_dispvms": false, "default_dispvm": "fedora-dvm", "internal": null},
              "personal": {"type": "AppVM", "tags": ["guivm-dom0"], "icon": "appvm-yellow", "guivm": "dom0",
                       "uuid": "22222222-2222-2222-2222-222222222222", "power_state": "Halted",
                       "template_for_dispvms": false, "default_dispvm": "fedora-dvm", "internal": null},
              "vault": {"type": "AppVM", "tags": ["guivm-sys-gui"], "icon": "appvm-black", "guivm": "sys-gui",
                       "uuid": "33333333-3333-3333-3333-333333333333", "power_state": "Halted",
                       "template_for_dispvms": false, "default_dispvm": null, "internal": null},
              "fedora-dvm": {"type": "AppVM", "tags": [], "icon": "appvm-red", "guivm": "dom0",
                       "uuid": "44444444-4444-4444-4444-444444444444", "power_state": "Halted",
                       "template_for_dispvms": true, "default_dispvm": null, "internal": null}
            }}
            """;

    public static final String POLICY = """
            test.Allow * work personal allow
            test.Allow * @anyvm @anyvm deny notify=no
            test.Ask * @anyvm @anyvm ask default_target=personal
            test.Notify * work @anyvm allow target=personal notify=yes
            * * @anyvm @anyvm deny
            """;

    /** The reply of {@code test.Allow} from work to personal. */
    public static final String ALLOW_WORK_PERSONAL = "user=DEFAULT\nresult=allow\ntarget=personal\n"
            + "target_uuid=uuid:22222222-2222-2222-2222-222222222222\nautostart=True\nrequested_target=personal";

    public static byte[] systemInfo() {
        return SYSTEM_INFO.getBytes(StandardCharsets.UTF_8);
    }

    /** Writes {@code text} to {@code file} the way editors and the admin service do: a new file renamed over it. */
    public static void replace(Path file, String text) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = file.resolveSibling("." + file.getFileName() + ".tmp");
        Files.writeString(temporary, text);
        Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }
}
