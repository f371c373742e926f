package io.maprace.probe.testapp;

import io.maprace.heap.Corruptions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code watch} must rank when no map is named: a map already corrupted, a shared map written all the time, a
 * shared map only read, one map per session object (many sessions, each written), and the JDK's own static maps
 * (always there). Prints {@code ready pid=N} once everything is in place.
 */
public final class RankingTarget {

    /** Damaged before anyone looks: never written again. */
    static final class Damaged {
        static final HashMap<String, Integer> MAP = Corruptions.wrongSize();
    }

    /** Shared, and written by two threads as long as the target runs. */
    static final class Racy {
        static final Map<Integer, Integer> CACHE = new HashMap<>();
    }

    /** Shared, filled once, only read afterwards. */
    static final class Quiet {
        static final Map<String, String> TABLE = new HashMap<>(Map.of("a", "1", "b", "2"));
    }

    /** One map per session; each session written by its own thread. */
    public static final class Session {
        final Map<Integer, Integer> attrs = new HashMap<>();
    }

    static final List<Session> SESSIONS = new ArrayList<>();

    private RankingTarget() {
    }

    public static void main(String[] args) throws Exception {
        for (int i = 0; i < 6; i++) {
            SESSIONS.add(new Session());
        }
        System.getenv(); // the JDK's own static maps (ProcessEnvironment) are there in any case
        Object[] touch = {Damaged.MAP, Racy.CACHE, Quiet.TABLE};
        for (int t = 0; t < 2; t++) {
            int offset = t * 1000;
            Thread w = new Thread(() -> write(offset), "writer-" + t);
            w.setDaemon(true);
            w.start();
        }
        System.out.println("ready pid=" + ProcessHandle.current().pid() + " " + touch.length);
        Thread.sleep(120_000);
    }

    private static void write(int offset) {
        for (long n = 0; ; n++) {
            int k = offset + (int) (n % 500);
            synchronized (Racy.class) { // the race is not what this target is about: keep the map healthy
                Racy.CACHE.put(k, k);
                Racy.CACHE.remove(k);
            }
            Session s = SESSIONS.get((int) (n % SESSIONS.size()));
            synchronized (s) {
                s.attrs.put(k, k);
                s.attrs.remove(k);
            }
            if (n % 1000 == 0) {
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }
}
