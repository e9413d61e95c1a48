package dev.qrexec.eval;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What qubesd's {@code internal.GetSystemInfo} reports: every qube by name, and by
 * {@code uuid:UUID} for those with a UUID (the aliases the reference adds itself).
 */
public final class SystemInfo {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Domain> byKey;
    private final List<Domain> domains;

    private SystemInfo(Map<String, Domain> byKey, List<Domain> domains) {
        this.byKey = byKey;
        this.domains = domains;
    }

    /** Reads the JSON document {@code {"domains": {NAME: {...}}}}. */
    public static SystemInfo parse(byte[] json) throws SystemInfoException {
        try {
            return of(JSON.readTree(json));
        } catch (IOException e) {
            throw new SystemInfoException("invalid system information: " + e.getMessage(), e);
        }
    }

    /** Reads the JSON document {@code {"domains": {NAME: {...}}}}. */
    public static SystemInfo parse(String json) throws SystemInfoException {
        try {
            return of(JSON.readTree(json));
        } catch (JsonProcessingException e) {
            throw new SystemInfoException("invalid system information: " + e.getOriginalMessage(), e);
        }
    }

    /** Builds the view from an already parsed document. */
    public static SystemInfo of(JsonNode root) throws SystemInfoException {
        if (root == null || !root.isObject() || !root.path("domains").isObject()) {
            throw new SystemInfoException("invalid system information: no \"domains\" object");
        }
        JsonNode domainsNode = root.get("domains");
        Map<String, Domain> byKey = new HashMap<>(domainsNode.size() * 4);
        List<Domain> domains = new ArrayList<>(domainsNode.size());
        Iterator<Map.Entry<String, JsonNode>> it = domainsNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            if (!entry.getValue().isObject()) {
                throw new SystemInfoException("invalid system information: qube " + entry.getKey()
                        + " is not an object");
            }
            JsonNode uuid = entry.getValue().get("uuid");
            if (uuid != null && uuid.isNull()) {
                throw new SystemInfoException("invalid system information: qube " + entry.getKey() + " has a null uuid");
            }
            Domain domain = new Domain(entry.getKey(), entry.getValue());
            byKey.put(entry.getKey(), domain);
            domains.add(domain);
        }
        for (Domain domain : domains) {
            if (domain.uuid() != null) {
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
