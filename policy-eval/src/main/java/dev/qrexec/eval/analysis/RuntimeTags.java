package dev.qrexec.eval.analysis;

import dev.qrexec.parser.ast.Token;
import java.util.Set;

/**
 * Tags that qubesd and the stock configuration set while the system runs, so that a
 * policy may name them before any qube has them: {@code created-by-QUBE} (a qube made
 * through the Admin API), {@code backup-restore-*} (during a restore), and Whonix's
 * {@code anon-vm}, {@code anon-gateway} and {@code whonix-updatevm}.
 */
final class RuntimeTags {
    private static final Set<String> WHONIX = Set.of("anon-vm", "anon-gateway", "whonix-updatevm");

    private RuntimeTags() {}

    static boolean isRuntime(String tag) {
        return tag.startsWith("created-by-") || tag.startsWith("backup-restore-") || WHONIX.contains(tag);
    }

    /** Whether {@code token} names such a tag ({@code @tag:T} or {@code @dispvm:@tag:T}). */
    static boolean namesRuntimeTag(Token token) {
        return token instanceof Token.Tag tag && isRuntime(tag.tag())
                || token instanceof Token.DispVmTag dispvmTag && isRuntime(dispvmTag.tag());
    }
}
