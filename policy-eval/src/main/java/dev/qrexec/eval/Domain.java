package dev.qrexec.eval;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * One qube as {@code internal.GetSystemInfo} describes it. Fields may be missing or
 * null; where the reference would fail on a missing field, the accessor throws
 * {@link ReferenceCrash} so that the request ends in a deny.
 */
public final class Domain {
    private final String name;
    private final boolean empty;
    private final boolean internal;
    private final List<String> tags;
    private final String type;
    private final boolean hasType;
    private final Boolean templateForDispvms;
    private final String defaultDispvm;
    private final String icon;
    private final String label;
    private final String guivm;
    private final boolean hasGuivm;
    private final String relayvm;
    private final String transportRpc;
    private final String powerState;
    private final String uuid;
    private final String uuidKey;

    Domain(String name, Map<String, Object> fields) {
        this.name = name;
        this.empty = fields.isEmpty();
        this.internal = JsonValues.truthy(fields.get("internal"));
        if (fields.get("tags") instanceof List<?> list) {
            List<String> names = new ArrayList<>(list.size());
            list.forEach(t -> names.add(t instanceof String s ? s : JsonValues.json(t)));
            this.tags = Collections.unmodifiableList(names);
        } else {
            this.tags = null;
        }
        this.hasType = fields.containsKey("type");
        this.type = JsonValues.text(fields.get("type"));
        this.templateForDispvms = fields.containsKey("template_for_dispvms")
                ? JsonValues.truthy(fields.get("template_for_dispvms"))
                : null;
        this.defaultDispvm = JsonValues.text(fields.get("default_dispvm"));
        this.icon = JsonValues.text(fields.get("icon"));
        this.label = JsonValues.text(fields.get("label"));
        this.hasGuivm = fields.containsKey("guivm");
        this.guivm = JsonValues.text(fields.get("guivm"));
        this.relayvm = JsonValues.text(fields.get("relayvm"));
        this.transportRpc = JsonValues.text(fields.get("transport_rpc"));
        this.powerState = JsonValues.text(fields.get("power_state"));
        this.uuid = JsonValues.text(fields.get("uuid"));
        this.uuidKey = uuid == null ? null : Targets.UUID_PREFIX + uuid;
    }

    /** The qube's name (the key of its entry). */
    public String name() {
        return name;
    }

    /** Whether qubesd sent an empty entry ({@code {}}). */
    public boolean isEmpty() {
        return empty;
    }

    /** Whether the {@code internal} feature is set to a true value. */
    public boolean internal() {
        return internal;
    }

    /** The tags; crashes when the field is missing. */
    public List<String> tags() {
        if (tags == null) {
            throw ReferenceCrash.missingField(name, "tags");
        }
        return tags;
    }

    /** The tags, or null when the field is missing. */
    List<String> tagsOrNull() {
        return tags;
    }

    /** Whether the qube has {@code tag}; crashes when the tags are missing. */
    public boolean hasTag(String tag) {
        return tags().contains(tag);
    }

    /** The class name ({@code AppVM}, ...); crashes when the field is missing, null when it is null. */
    public String type() {
        if (!hasType) {
            throw ReferenceCrash.missingField(name, "type");
        }
        return type;
    }

    /** Whether the qube is a {@code RemoteVM} (reached through a relay); crashes when the type is missing. */
    public boolean isRemoteVm() {
        return "RemoteVM".equals(type());
    }

    /** Whether the type field is present (it may be null). */
    boolean hasType() {
        return hasType;
    }

    /** Whether disposables may be based on this qube; crashes when the field is missing. */
    public boolean templateForDispvms() {
        if (templateForDispvms == null) {
            throw ReferenceCrash.missingField(name, "template_for_dispvms");
        }
        return templateForDispvms;
    }

    /** The default disposable template, or null. */
    public String defaultDispvm() {
        return defaultDispvm;
    }

    /** The icon, or null when missing. */
    public String icon() {
        return icon;
    }

    /** The label colour, or null when missing. */
    public String label() {
        return label;
    }

    /** Whether the {@code guivm} field is present at all (null counts as present). */
    public boolean hasGuivm() {
        return hasGuivm;
    }

    /** The GUI qube, or null. */
    public String guivm() {
        return guivm;
    }

    /** The relay of a RemoteVM, or null. */
    public String relayvm() {
        return relayvm;
    }

    /** The transport service of a RemoteVM, or null. */
    public String transportRpc() {
        return transportRpc;
    }

    /** The power state; crashes when the field is missing. */
    public String powerState() {
        if (powerState == null) {
            throw new ReferenceCrash("AssertionError", "qube " + name + " has no power_state");
        }
        return powerState;
    }

    /** Whether the qube is running; crashes when the power state is missing. */
    public boolean isRunning() {
        return "Running".equals(powerState());
    }

    /** The UUID, or null when missing. */
    public String uuid() {
        return uuid;
    }

    /** {@code uuid:UUID}, the key of the qube's alias, or null without a UUID. */
    String uuidKey() {
        return uuidKey;
    }

    /** The UUID; crashes when it is missing. */
    public String requireUuid() {
        if (uuid == null) {
            throw ReferenceCrash.missingField(name, "uuid");
        }
        return uuid;
    }

    @Override
    public String toString() {
        return name;
    }
}
