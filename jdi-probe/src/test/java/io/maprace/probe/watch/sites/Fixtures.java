package io.maprace.probe.watch.sites;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** Write patterns the site finder must recognise (and a few it must not). Compiled, never run. */
@SuppressWarnings({"unused", "MismatchedQueryAndUpdateOfCollection"})
class Fixtures {

    static final Map<String, Integer> STATIC_CACHE = new HashMap<>();
    final Map<String, Integer> cache = new HashMap<>();
    final Set<Object> inProgress = new HashSet<>();
    final Map<String, Integer> unwatched = new HashMap<>();
    Fixtures ctx;

    void thisPut(String k) {
        cache.put(k, 1);
    }

    Integer staticCheckThenPut(String k) {
        Integer v = STATIC_CACHE.get(k);
        if (v == null) {
            v = k.length();
            STATIC_CACHE.put(k, v);
        }
        return v;
    }

    void viaLocal() {
        Map<String, Integer> m = cache;
        m.remove("x");
    }

    void iteratorRemove() {
        for (Iterator<String> it = cache.keySet().iterator(); it.hasNext(); ) {
            if (it.next().isEmpty()) {
                it.remove();
            }
        }
    }

    void computeWithLambda(String k) {
        cache.computeIfAbsent(k, x -> x.length());
    }

    static void throughParameter(Fixtures f) {
        f.cache.clear();
    }

    void chain() {
        ctx.cache.put("a", 1);
    }

    void localBase(Fixtures other) {
        Fixtures o = pick(other);
        o.cache.put("b", 2);
    }

    void addThenRemoveInFinally(Object x) {
        inProgress.add(x);
        try {
            work();
        } finally {
            inProgress.remove(x);
        }
    }

    int reads() {
        return cache.size() + (cache.containsKey("a") ? 1 : 0);
    }

    void notAFieldRead(Map<String, Integer> m) {
        m.put("c", 3);
    }

    void ternaryArgument(int i) {
        cache.put(i > 0 ? "p" : "n", i);
    }

    void unwatchedField() {
        unwatched.put("d", 4);
    }

    void reassignedBeforeUse(Fixtures other) {
        Map<String, Integer> m = other.cache;
        other = null;
        m.put("e", 5);
    }

    long wideLocals(long a, double b, String k) {
        cache.put(k, (int) (a + b));
        return a;
    }

    private static Fixtures pick(Fixtures f) {
        return f;
    }

    private static void work() {
    }
}
