package dev.qrexec.eval;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What qubesd's {@code internal.GetSystemInfo} reports: every qube by name, and by
 * {@code uuid:UUID} for those with a UUID (the aliases the reference adds itself).
 */
public final class SystemInfo {
    private final Map<String, Domain> byKey;
    private final List<Domain> domains;

    private SystemInfo(Map<String, Domain> byKey, List<Domain> domains) {
        this.byKey = byKey;
        this.domains = domains;
    }

    /** Reads the JSON document {@code {"domains": {NAME: {...}}}}. */
    public static SystemInfo parse(byte[] json) throws SystemInfoException {
        try {
            return of(JsonValues.read(json), true);
        } catch (IOException e) {
            throw new SystemInfoException("invalid system information: " + e.getMessage(), e);
        }
    }

    /** Reads the JSON document {@code {"domains": {NAME: {...}}}}. */
    public static SystemInfo parse(String json) throws SystemInfoException {
        try {
            return of(JsonValues.read(json), true);
        } catch (IOException e) {
            throw new SystemInfoException("invalid system information: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the document without adding the {@code uuid:} aliases: the qubes are
     * known by name only, as the reference's {@code qrexec-policy-graph} uses a
     * {@code --system-info} file (a {@code uuid:} target is then no qube).
     */
    public static SystemInfo parseVerbatim(byte[] json) throws SystemInfoException {
        try {
            return of(JsonValues.read(json), false);
        } catch (IOException e) {
            throw new SystemInfoException("invalid system information: " + e.getMessage(), e);
        }
    }

    private static SystemInfo of(Object root, boolean aliases) throws SystemInfoException {
        if (!(root instanceof Map<?, ?> document) || !(document.get("domains") instanceof Map<?, ?> entries)) {
            throw new SystemInfoException("invalid system information: no \"domains\" object");
        }
        Map<String, Domain> byKey = new HashMap<>(entries.size() * 4);
        List<Domain> domains = new ArrayList<>(entries.size());
        for (Map.Entry<?, ?> entry : entries.entrySet()) {
            String name = (String) entry.getKey();
            if (name.isEmpty() || name.startsWith("uuid:")) {
                // no qube has such a name, and the policy could not name it as a target
                throw new SystemInfoException("invalid system information: invalid qube name \"" + name + "\"");
            }
            if (!(entry.getValue() instanceof Map<?, ?> fields)) {
                throw new SystemInfoException("invalid system information: qube " + name + " is not an object");
            }
            if (fields.get("uuid") == JsonValues.NULL) {
                throw new SystemInfoException("invalid system information: qube " + name + " has a null uuid");
            }
            @SuppressWarnings("unchecked")
            Domain domain = new Domain(name, (Map<String, Object>) fields);
            byKey.put(name, domain);
            domains.add(domain);
        }
        for (Domain domain : domains) {
            if (aliases && domain.uuid() != null) {
                byKey.put("uuid:" + domain.uuid(), domain);
            }
        }
        return new SystemInfo(byKey, Collections.unmodifiableList(domains));
    }

    /** The qube with this name or {@code uuid:} alias, or null. */
    public Domain get(String key) {
        return byKey.get(key);
    }

    /** The qube with this name or alias; crashes when there is none. */
    public Domain require(String key) {
        Domain domain = byKey.get(key);
        if (domain == null) {
            throw ReferenceCrash.missingDomain(key);
        }
        return domain;
    }

    public boolean contains(String key) {
        return byKey.containsKey(key);
    }

    /** The qubes (real names, no aliases) in the order qubesd listed them. */
    public List<Domain> domains() {
        return domains;
    }
}
