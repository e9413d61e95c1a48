/** The policy.* admin services: validated, atomic, token-checked edits; legacy conversion and restore. */
module dev.qrexec.admin {
    requires transitive dev.qrexec.parser;

    exports dev.qrexec.admin;
    exports dev.qrexec.admin.convert;
    exports dev.qrexec.admin.posix;
    exports dev.qrexec.admin.restore;
}
