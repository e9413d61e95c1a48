package dev.qrexec.daemon;

import dev.qrexec.admin.posix.Posix;
import java.io.IOException;
import java.util.function.Consumer;

/** What the daemon's process does before it opens its sockets. */
public final class ProcessSetup {
    private ProcessSetup() {}

    /**
     * As the reference: mode 0660 sockets ({@code umask 0007}), and as root the group
     * {@code qubes} (when it exists), so that the dom0 user and qrexec can connect.
     * Problems are warnings: {@code warn} hears them.
     */
    public static void joinQubesGroup(Consumer<String> warn) {
        Posix.umask(0007);
        if (Posix.getuid() != 0) {
            return;
        }
        int gid = Posix.groupId("qubes");
        if (gid < 0) {
            warn.accept("warning: there is no group qubes; the sockets keep root's group");
            return;
        }
        try {
            Posix.setgid(gid);
        } catch (IOException e) {
            warn.accept("warning: cannot switch to group qubes: " + e.getMessage());
        }
    }
}
