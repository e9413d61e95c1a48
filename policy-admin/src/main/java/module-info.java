/** The policy.* admin services: validated, atomic, token-checked edits. */
module dev.qrexec.admin {
    requires transitive dev.qrexec.eval;

    exports dev.qrexec.admin;
}
