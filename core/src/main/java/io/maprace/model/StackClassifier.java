package io.maprace.model;

import io.maprace.events.CallStack;
import io.maprace.events.Frame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds the map call in a stack: the block of map frames nearest the top, the application frame that called
 * it, the family, whether it writes and whether a lock was taken on the way. Results are cached by stack
 * identity because sources share one stack object between the many events that have it.
 */
public final class StackClassifier {

    private final Map<CallStack, Optional<MapCall>> cache = new IdentityHashMap<>();
    /* Every rule classifies the same event's stack in turn: the last answer saves them the table. */
    private CallStack lastStack;
    private Optional<MapCall> lastCall;

    /*
     * One instance per distinct call: sources decode their stacks anew in every chunk, and rules remember what
     * they did for a call by its identity (so a call seen in the last chunk is known in this one).
     */
    private final Map<MapCall, Optional<MapCall>> calls = new HashMap<>();

    public Optional<MapCall> classify(CallStack stack) {
        if (stack != lastStack) {
            // No compute-if-absent: a method reference to this classifier would be an allocation per call under
            // the C1 compiler, and this runs for most samples (threads alternate).
            Optional<MapCall> call = cache.get(stack);
            if (call == null) {
                call = canonical(stack);
                cache.put(stack, call);
            }
            lastCall = call;
            lastStack = stack;
        }
        return lastCall;
    }

    private Optional<MapCall> canonical(CallStack stack) {
        Optional<MapCall> call = compute(stack);
        if (call.isEmpty()) {
            return call;
        }
        Optional<MapCall> known = calls.putIfAbsent(call.get(), call);
        return known == null ? call : known;
    }

    private static final int MAX_CACHED = 50_000;

    /**
     * Bounds the cache: call at a source's segment end. Sources reuse stack objects across segments, so the
     * cache is dropped only when it has grown large.
     */
    public void trim() {
        if (cache.size() > MAX_CACHED || calls.size() > MAX_CACHED) {
            cache.clear();
            calls.clear();
            lastStack = null;
            lastCall = null;
        }
    }

    static Optional<MapCall> compute(CallStack stack) {
        List<Frame> frames = stack.frames();
        int first = -1;
        for (int i = 0; i < frames.size(); i++) {
            if (MapApi.isMapFrame(frames.get(i))) {
                first = i;
                break;
            }
        }
        if (first < 0) {
            return Optional.empty();
        }
        List<Frame> mapFrames = new ArrayList<>();
        MapFamily family = null;
        boolean linked = false;
        Frame entry = null;
        String lock = null;
        int i = first;
        for (; i < frames.size(); i++) {
            Frame f = frames.get(i);
            Optional<MapFamily> fam = MapFamily.ofFrameClass(f.className());
            if (fam.isPresent()) {
                mapFrames.add(f);
                family = fam.get();
                entry = f;
                linked |= family == MapFamily.LINKED_HASH_MAP;
            } else if (MapApi.isPassThroughFrame(f)) {
                mapFrames.add(f);
            } else if (MapApi.isLockingWrapperFrame(f)) {
                lock = "monitor of " + f.className();
                mapFrames.add(f);
            } else {
                break;
            }
            if (f.synchronizedMethod() && lock == null) {
                lock = "monitor of synchronized " + f.qualifiedMethod();
            }
        }
        if (i >= frames.size()) {
            // Map code at the bottom of a (truncated) stack: no caller to report.
            return Optional.empty();
        }
        Frame site = frames.get(i);
        // A monitor taken anywhere down the stack (the site, or a synchronized caller such as a subclass's
        // synchronized put calling super.put) is held during the write. Whether every writer takes the same
        // one samples cannot say; the live watch can.
        for (int j = i; j < frames.size() && lock == null; j++) {
            if (frames.get(j).synchronizedMethod()) {
                lock = "monitor of synchronized " + frames.get(j).qualifiedMethod();
            }
        }
        // Inherited methods run in HashMap/HashSet frames: a LinkedHashMap frame inside says what the map is.
        if (linked && family == MapFamily.HASH_MAP) {
            family = MapFamily.LINKED_HASH_MAP;
        } else if (linked && family == MapFamily.HASH_SET) {
            family = MapFamily.LINKED_HASH_SET;
        }
        WriteKind kind = MapApi.writeKind(family, entry, mapFrames);
        Frame innermost = frames.get(first);
        List<Frame> mapped = List.copyOf(mapFrames);
        return Optional.of(new MapCall(site, i, family, entry, innermost, mapped, kind, lock,
                MapCall.Keys.of(site, family, entry, innermost, mapped), MapApi.isJdkFrame(site),
                MapApi.isSpinProne(innermost)));
    }
}
