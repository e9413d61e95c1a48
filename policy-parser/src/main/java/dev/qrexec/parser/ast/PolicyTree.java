package dev.qrexec.parser.ast;

import java.util.List;

/**
 * A loaded policy: every file read, in the order first read (top-level files in
 * load order, each followed by what it includes), and the flattened rule list in
 * evaluation order, with legacy rules given their service and argument and the
 * implicit denies of {@code !compat-4.0} in place.
 */
public record PolicyTree(List<PolicyFile> files, List<Rule> rules) {
    public PolicyTree {
        files = List.copyOf(files);
        rules = List.copyOf(rules);
    }
}
