package dev.qrexec.eval;

import java.util.ArrayList;
import java.util.List;

/**
 * What one request's source is looked up by in a {@link SourceIndex}: whether it is
 * dom0, the literal texts that name it, its tags and its type. Where the source's
 * qube lacks its tags or type field, every tag or type rule stays a candidate, since
 * reaching any of them fails as it fails in the reference.
 */
final class SourceKeys {
    private static final String[] NONE = new String[0];

    final boolean dom0;
    /** The non-dom0 literals that name the source: itself, its {@code uuid:} form or its names. */
    final String[] names;
    /** Whether the source is a known qube; tag and type rules match nothing otherwise. */
    final boolean known;
    /** The source's tags; null when the field is missing (every tag rule is a candidate). */
    final String[] tags;
    /** The source's type (null matches no type rule), unless {@link #everyType}. */
    final String type;
    /** Whether the type field is missing (every type rule is a candidate). */
    final boolean everyType;

    SourceKeys(Subject subject) {
        String source = subject.source;
        Domain domain = subject.sourceDomain;
        this.dom0 = subject.sourceIsDom0;
        this.names = names(source, domain, subject.info);
        this.known = domain != null;
        List<String> domainTags = domain == null ? List.of() : domain.tagsOrNull();
        this.tags = domainTags == null ? null : domainTags.toArray(NONE);
        this.everyType = domain != null && !domain.hasType();
        this.type = domain == null || everyType ? null : domain.type();
    }

    /** The literal texts {@link Targets#nameMatches} accepts for {@code source}. */
    private static String[] names(String source, Domain domain, SystemInfo info) {
        if (!source.startsWith(Targets.UUID_PREFIX)) {
            return domain == null || domain.uuid() == null ? new String[] {source}
                    : new String[] {source, domain.uuidKey()};
        }
        List<String> names = new ArrayList<>(2);
        names.add(source);
        String uuid = source.substring(Targets.UUID_PREFIX.length());
        for (Domain candidate : info.domains()) {
            if (uuid.equals(candidate.uuid())) {
                names.add(candidate.name());
            }
        }
        return names.toArray(NONE);
    }
}
