package io.maprace.probe.scan;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Counters of a scan's work and of what it cost the target.
 *
 * @param longestPauseMillis the longest time the scan held the target's threads (suspension or heap walk);
 *                           0 when it only read fields
 * @param safepointMillis time the target spent at safepoints while the scan ran, for any reason (GC included),
 *                        from its hsperfdata counters; -1 when unknown (remote target)
 * @param longestSafepointMillis the longest single safepoint of the target while the scan ran (any cause)
 * @param cutBy {@code limit}, {@code timeout} or null when the walk finished
 */
public record ScanStats(int classes, int staticFields, int threads, long objects, int maps, int mapsChecked,
                        int corrupted, int transientIgnored, long requests, long elapsedMillis,
                        double longestPauseMillis, int suspensions, double safepointMillis, long safepoints,
                        double longestSafepointMillis, String cutBy, boolean heapWalk, long errors) {

    /** The stats as the report's {@code source.stats}. */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("classes", classes);
        m.put("staticFields", staticFields);
        m.put("threads", threads);
        m.put("objectsRead", objects);
        m.put("mapsFound", maps);
        m.put("mapsChecked", mapsChecked);
        m.put("mapsCorrupted", corrupted);
        m.put("transientInconsistencies", transientIgnored);
        m.put("jdwpRequests", requests);
        m.put("elapsedMillis", elapsedMillis);
        m.put("longestPauseMillis", Math.round(longestPauseMillis * 10) / 10.0);
        m.put("suspensions", suspensions);
        m.put("targetSafepointMillis", safepointMillis < 0 ? null : Math.round(safepointMillis * 10) / 10.0);
        m.put("targetSafepoints", safepoints < 0 ? null : safepoints);
        m.put("targetLongestSafepointMillis", longestSafepointMillis < 0 ? null
                : Math.round(longestSafepointMillis * 10) / 10.0);
        m.put("cutBy", cutBy == null ? "none" : cutBy);
        m.put("heapWalk", heapWalk);
        m.put("readErrors", errors);
        return m;
    }
}
