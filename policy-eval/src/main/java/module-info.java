/** System information, requests, matching and resolutions: the daemon's exact replies. */
module dev.qrexec.eval {
    requires transitive dev.qrexec.parser;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.dataformat.yaml;

    exports dev.qrexec.eval;
    exports dev.qrexec.eval.analysis;
    exports dev.qrexec.eval.diff;
    exports dev.qrexec.eval.graph;
    exports dev.qrexec.eval.query;
    exports dev.qrexec.eval.suite;
}
