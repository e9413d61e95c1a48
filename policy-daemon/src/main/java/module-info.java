/** The resident policy service: sockets, framing, the reloading policy cache, qubesd, the GUI agent. */
module dev.qrexec.daemon {
    requires transitive dev.qrexec.eval;
    requires transitive dev.qrexec.admin;

    exports dev.qrexec.daemon;
}
