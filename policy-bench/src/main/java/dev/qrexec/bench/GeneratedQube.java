package dev.qrexec.bench;

import java.util.List;
import java.util.Objects;

/**
 * One qube of a generated system, with the fields that qubesd's
 * {@code internal.GetSystemInfo} reports for it.
 *
 * @param relayvm      the relay of a RemoteVM, null for every other type
 * @param transportRpc the transport service of a RemoteVM, null for every other type
 */
public record GeneratedQube(String name, String type, String label, List<String> tags, boolean templateForDispvms,
                            String defaultDispvm, boolean running, boolean internal, String uuid, String relayvm,
                            String transportRpc) {
    public GeneratedQube {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(label, "label");
        tags = List.copyOf(tags);
        Objects.requireNonNull(uuid, "uuid");
    }

    /** The icon qubesd derives from the class and label, such as {@code appvm-red}. */
    public String icon() {
        return type.toLowerCase(java.util.Locale.ROOT) + "-" + label;
    }

    public boolean isDom0() {
        return type.equals("AdminVM");
    }
}
