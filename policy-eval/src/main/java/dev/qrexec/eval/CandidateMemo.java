package dev.qrexec.eval;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The candidate lists an index has worked out with one system information, by
 * service, argument and source: the list depends on nothing else but the source's
 * qube, so a request like an earlier one costs one lookup. Bounded in total size,
 * beyond which lists are worked out again each time. A new system information
 * starts a new memo; the old one is dropped whole.
 */
final class CandidateMemo {
    private static final long MAX_INDICES = 4L << 20;

    private volatile Lists current = new Lists(null);

    private record Key(String service, String argument, String source) {}

    private record Lists(SystemInfo info, ConcurrentHashMap<Key, int[]> byKey, AtomicLong size) {
        Lists(SystemInfo info) {
            this(info, new ConcurrentHashMap<>(), new AtomicLong());
        }
    }

    /** The candidates of {@code index} for the request and subject, from the memo when it has them. */
    int[] candidates(RuleIndex index, Request request, Subject subject) {
        Lists lists = current;
        if (lists.info() != subject.info) {
            lists = new Lists(subject.info);
            current = lists;
        }
        Key key = new Key(request.service(), request.argument(), subject.source);
        int[] list = lists.byKey().get(key);
        if (list == null) {
            list = index.candidates(request, subject);
            if (lists.size().addAndGet(list.length + 8L) <= MAX_INDICES) {
                lists.byKey().putIfAbsent(key, list);
            }
        }
        return list;
    }
}
