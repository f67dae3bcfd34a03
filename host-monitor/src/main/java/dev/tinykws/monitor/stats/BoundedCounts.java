package dev.tinykws.monitor.stats;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Counts per key with a hard cap on distinct keys, so a device (or an attacker) that sends
 * endless distinct names cannot grow the monitor's memory or its {@code summary.json}. Keys are
 * kept in sorted order. Once {@code cap} keys are tracked, a new key is counted in the overflow
 * bucket: {@link Policy#KEEP_FIRST} keeps the first keys seen (keywords, types, codes),
 * {@link Policy#KEEP_LATEST} folds the smallest key into the bucket to make room (hours, so the
 * most recent ones stay). Not thread-safe ({@link LiveStats} synchronizes).
 */
public final class BoundedCounts {
    /** What to do with a new key when {@code cap} keys are tracked. */
    public enum Policy { KEEP_FIRST, KEEP_LATEST }

    private final int cap;
    private final Policy policy;
    private final String overflowKey;
    private final TreeMap<String, Long> counts = new TreeMap<>();
    private long overflow;

    /**
     * @param cap         most distinct keys tracked (at least 1)
     * @param policy      which keys stay when the cap is reached
     * @param overflowKey the bucket's name in {@link #snapshot()}, e.g. {@code "(other)"}
     */
    public BoundedCounts(int cap, Policy policy, String overflowKey) {
        if (cap < 1) {
            throw new IllegalArgumentException("cap must be at least 1, got " + cap);
        }
        this.cap = cap;
        this.policy = policy;
        this.overflowKey = overflowKey;
    }

    /** Counts one occurrence of {@code key}; returns the stored key instance, or null when it went to the bucket. */
    public String add(String key) {
        Long c = counts.get(key);
        if (c != null) {
            counts.put(key, c + 1);
            return counts.ceilingKey(key);
        }
        if (counts.size() >= cap) {
            if (policy == Policy.KEEP_FIRST || key.compareTo(counts.firstKey()) < 0) {
                overflow++;
                return null;
            }
            overflow += counts.pollFirstEntry().getValue();
        }
        counts.put(key, 1L);
        return key;
    }

    /** The stored instance of a tracked key (so callers can share it), or null. */
    public String tracked(String key) {
        return counts.containsKey(key) ? counts.ceilingKey(key) : null;
    }

    /** Distinct keys tracked (never more than the cap). */
    public int size() {
        return counts.size();
    }

    /** Occurrences counted in the overflow bucket. */
    public long overflow() {
        return overflow;
    }

    /** Sorted counts with the overflow bucket (last, or first for KEEP_LATEST) when it is not empty: at most {@code cap + 1} entries. */
    public Map<String, Long> snapshot() {
        Map<String, Long> m = new LinkedHashMap<>();
        if (overflow > 0 && policy == Policy.KEEP_LATEST) {
            m.put(overflowKey, overflow); // the folded keys were the smallest: the bucket comes first
        }
        counts.forEach((k, v) -> m.merge(k, v, Long::sum));
        if (overflow > 0 && policy == Policy.KEEP_FIRST) {
            m.merge(overflowKey, overflow, Long::sum);
        }
        return m;
    }
}
