package io.maprace.rules;

import io.maprace.model.MapCall;

import java.util.IdentityHashMap;
import java.util.Map;

/**
 * What a rule worked out for a classified call, kept by the call's identity: the classifier hands out one
 * {@link MapCall} per distinct call, and a recording has millions of samples over a few thousand calls. Bounded:
 * past {@code max} calls it starts again (the classifier starts new instances when its own cache is trimmed).
 */
final class PerCall<V> {

    private final Map<MapCall, V> byCall = new IdentityHashMap<>();
    private final int max;
    /* The last call asked for or kept, and its value: samples of one call often come one after another. */
    private MapCall lastCall;
    private V lastValue;

    PerCall(int max) {
        this.max = max;
    }

    /** The value kept for {@code call}, or null. */
    V get(MapCall call) {
        if (call == lastCall) {
            return lastValue;
        }
        V v = byCall.get(call);
        if (v != null) {
            lastCall = call;
            lastValue = v;
        }
        return v;
    }

    /**
     * Keeps {@code value} for {@code call} and returns it. (No compute-if-absent with a function: on the rules'
     * path, once per sample, a capturing lambda would be an allocation per sample under the C1 compiler.)
     */
    V put(MapCall call, V value) {
        if (byCall.size() >= max) {
            byCall.clear();
        }
        byCall.put(call, value);
        lastCall = call;
        lastValue = value;
        return value;
    }
}
