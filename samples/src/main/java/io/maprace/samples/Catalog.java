package io.maprace.samples;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Every sample program and what a test of the tool should expect from it. Tests of other modules read this instead
 * of hard-coding class, method and field names.
 *
 * <p><b>Map paths</b> say how to reach a map from a static field, the way the live {@code scan} walks the heap:
 * {@code <class>.<STATIC_FIELD>} followed by {@code .<field>} steps into instance fields (JDK fields included, e.g.
 * {@code .m} of a {@code Collections.synchronizedMap} wrapper) and {@code [*]} steps into every value of the map
 * (or element of the array) reached so far. The class is the segments up to the first one that starts with an
 * upper-case letter, e.g. {@code io.maprace.samples.registry.Registry.INSTANCE.entries[*].cache}. See
 * {@link MapPath#parse}.
 *
 * <p><b>Sites</b> are {@code <class>.<method>} names (no signature); each names one method declared in that class.
 */
public final class Catalog {

    /** The add-opens flag the corrupt samples need. */
    public static final String ADD_OPENS_JAVA_UTIL = "--add-opens=java.base/java.util=ALL-UNNAMED";

    private static final String P = "io.maprace.samples.";

    /** What a sample is for. */
    public enum Kind {
        /** Threads write a non-thread-safe map without a common lock: the tool must report it. */
        RACE,
        /** The fixed twin of a race: the same work, done correctly. */
        FIXED,
        /** A correct way to share a map, for the {@code watch} command's tests: must not be reported. */
        CORRECT,
        /** Maps damaged on purpose, deterministically. */
        CORRUPTED,
        /** A throughput target. */
        BENCHMARK
    }

    /** What a site does to the sample's maps. */
    public enum SiteRole {
        /** Calls a write method of a subject map: the frame right below the JDK's map (and wrapper) frames. */
        WRITE,
        /** Reaches a {@link #WRITE} site through a custom {@code Map} implementation (shape 6): the caller's view. */
        CALLER,
        /** Writes a bystander map, correctly. */
        BYSTANDER_WRITE,
        /** Threads spin here, inside a corrupted map's lookup. */
        SPIN
    }

    /** What a map is to the sample. */
    public enum MapRole {
        /** The map the sample is about: racy in a race, made safe in its twin, damaged in a corrupt sample. */
        SUBJECT,
        /** Another map the same program writes correctly, which must not be reported. */
        BYSTANDER,
        /** A map nobody writes concurrently, kept as a control: healthy, or not written after start. */
        CONTROL
    }

    /** A method of the sample, {@code <class>.<method>}, and what it does. */
    public record Site(String method, SiteRole role) {

        /** The class part of {@link #method}. */
        public String className() {
            return method.substring(0, method.lastIndexOf('.'));
        }

        /** The method name part of {@link #method}. */
        public String methodName() {
            return method.substring(method.lastIndexOf('.') + 1);
        }
    }

    /** A map of the sample, by its {@linkplain Catalog path} from a static field. */
    public record MapRef(String path, MapRole role, String note) {
    }

    /**
     * One sample program.
     *
     * @param name         short id, also the {@code sample=} of its {@code ready} line
     * @param mainClass    the class to run
     * @param shape        the race shape (1 to 6) it shows or fixes, 0 for none
     * @param kind         what it is for
     * @param racy         whether its threads write a non-thread-safe map without a common lock
     * @param twin         the name of its twin (race to fixed and back)
     * @param description  one line
     * @param jvmFlags     flags its JVM needs
     * @param threadPrefix what the names of its {@code --threads} worker threads start with (they are
     *                     {@code <prefix>-1 .. <prefix>-N}, except in {@code single-writer-thread}: one
     *                     {@code snapshot-writer} and {@code snapshot-reader-1 .. N-1}); helper threads (janitors,
     *                     GC pressure) have other names
     * @param sites        its interesting methods
     * @param maps         its interesting maps
     */
    public record Sample(String name, String mainClass, int shape, Kind kind, boolean racy, Optional<String> twin,
                         String description, List<String> jvmFlags, String threadPrefix, List<Site> sites,
                         List<MapRef> maps) {

        public Sample {
            sites = List.copyOf(sites);
            maps = List.copyOf(maps);
            jvmFlags = List.copyOf(jvmFlags);
        }

        /** The {@link SiteRole#WRITE} sites: where the subject maps are written (racily, if {@link #racy}). */
        public List<String> writeSites() {
            return sitesOf(SiteRole.WRITE);
        }

        /** The methods of the sites with {@code role}. */
        public List<String> sitesOf(SiteRole role) {
            return sites.stream().filter(s -> s.role() == role).map(Site::method).toList();
        }

        /** The paths of the maps with {@code role}. */
        public List<String> mapPaths(MapRole role) {
            return maps.stream().filter(m -> m.role() == role).map(MapRef::path).toList();
        }

        /** The path of the (first) subject map, if any static path reaches it. */
        public Optional<String> mapPath() {
            return mapPaths(MapRole.SUBJECT).stream().findFirst();
        }
    }

    /** A parsed map path: the class, its static field, and the steps after it. */
    public record MapPath(String className, String staticField, List<String> steps) {

        /** The step that stands for "every value of the map (or element of the array)". */
        public static final String EACH = "[*]";

        public static MapPath parse(String path) {
            List<String> segments = new ArrayList<>();
            for (String segment : path.split("\\.")) {
                String rest = segment;
                while (rest.endsWith(EACH)) {
                    rest = rest.substring(0, rest.length() - EACH.length());
                }
                segments.add(rest);
                for (int i = rest.length(); i < segment.length(); i += EACH.length()) {
                    segments.add(EACH);
                }
            }
            int classEnd = 0;
            while (classEnd < segments.size() && !Character.isUpperCase(segments.get(classEnd).charAt(0))) {
                classEnd++;
            }
            if (classEnd + 1 >= segments.size()) {
                throw new IllegalArgumentException("not a map path (no Class.FIELD): " + path);
            }
            String className = String.join(".", segments.subList(0, classEnd + 1));
            return new MapPath(className, segments.get(classEnd + 1), List.copyOf(segments.subList(classEnd + 2,
                    segments.size())));
        }
    }

    private static final List<Sample> ALL = List.of(
            // Shape 1
            new Sample("factory-cache", P + "singleton.FactoryCacheRace", 1, Kind.RACE, true,
                    Optional.of("factory-cache-fixed"),
                    "Static singleton cache: check-then-put on a HashMap with tree bins, no lock.",
                    List.of(), "factory-worker",
                    sites(SiteRole.WRITE, "singleton.Factory", "widgetFor", "evict", "reload"),
                    List.of(subject("singleton.Factory.DEFAULT.cache", "HashMap, 4 tree bins"))),
            new Sample("factory-cache-fixed", P + "singleton.FactoryCacheFixed", 1, Kind.FIXED, false,
                    Optional.of("factory-cache"),
                    "Static singleton cache in a ConcurrentHashMap filled with computeIfAbsent.",
                    List.of(), "factory-worker",
                    sites(SiteRole.WRITE, "singleton.ConcurrentFactory", "widgetFor", "evict", "reload"),
                    List.of(subject("singleton.ConcurrentFactory.DEFAULT.cache", "ConcurrentHashMap"))),
            // Shape 2
            new Sample("read-locked-lru", P + "lru.ReadLockedLruRace", 2, Kind.RACE, true,
                    Optional.of("read-locked-lru-fixed"),
                    "Access-ordered LinkedHashMap LRU whose get() (a structural write) runs under a read lock.",
                    List.of(), "quote-worker",
                    sites(SiteRole.WRITE, "lru.ReadLockedLru", "get", "put"),
                    List.of(subject("lru.QuoteService.INSTANCE.quotes.map", "LruMap (access-ordered LinkedHashMap)"))),
            new Sample("read-locked-lru-fixed", P + "lru.ReadLockedLruFixed", 2, Kind.FIXED, false,
                    Optional.of("read-locked-lru"),
                    "The same LRU behind Collections.synchronizedMap, without the read-write lock.",
                    List.of(), "quote-worker",
                    sites(SiteRole.WRITE, "lru.SynchronizedLru", "get", "put"),
                    List.of(subject("lru.SynchronizedQuoteService.INSTANCE.quotes.lru",
                            "LruMap, wrapped by quotes.map (Collections$SynchronizedMap)"))),
            // Shape 3
            new Sample("weak-key-cache", P + "weak.WeakKeyCacheRace", 3, Kind.RACE, true,
                    Optional.of("weak-key-cache-fixed"),
                    "Static WeakHashMap keyed by hidden classes that keep being unloaded; expunging reads race too.",
                    List.of(), "handler-worker",
                    sites(SiteRole.WRITE, "weak.HandlerCache", "infoFor", "forget", "size", "clear"),
                    List.of(subject("weak.HandlerCache.CACHE", "WeakHashMap<Class<?>, HandlerInfo>"))),
            new Sample("weak-key-cache-fixed", P + "weak.WeakKeyCacheFixed", 3, Kind.FIXED, false,
                    Optional.of("weak-key-cache"),
                    "The same static weak-keyed cache behind Collections.synchronizedMap.",
                    List.of(), "handler-worker",
                    sites(SiteRole.WRITE, "weak.SynchronizedHandlerCache", "infoFor", "forget", "size", "clear"),
                    List.of(subject("weak.SynchronizedHandlerCache.CACHE.m",
                            "WeakHashMap inside Collections$SynchronizedMap"))),
            // Shape 4
            new Sample("registry-inner-maps", P + "registry.RegistryInnerMapsRace", 4, Kind.RACE, true,
                    Optional.of("registry-inner-maps-fixed"),
                    "A synchronized registry hands out entries whose own HashMaps every thread writes unlocked.",
                    List.of(), "registry-worker",
                    concat(sites(SiteRole.WRITE, "registry.Entry", "valueFor", "invalidate", "clear"),
                            sites(SiteRole.BYSTANDER_WRITE, "registry.Registry", "entryFor", "retire")),
                    List.of(subject("registry.Registry.INSTANCE.entries[*].cache",
                                    "one HashMap per entry; three hot entries shared by all threads"),
                            bystander("registry.Registry.INSTANCE.entries", "HashMap guarded by the registry"))),
            new Sample("registry-inner-maps-fixed", P + "registry.RegistryInnerMapsFixed", 4, Kind.FIXED, false,
                    Optional.of("registry-inner-maps"),
                    "The same registry whose entries keep their caches in ConcurrentHashMaps.",
                    List.of(), "registry-worker",
                    concat(sites(SiteRole.WRITE, "registry.ConcurrentEntry", "valueFor", "invalidate", "clear"),
                            sites(SiteRole.BYSTANDER_WRITE, "registry.ConcurrentEntryRegistry", "entryFor",
                                    "retire")),
                    List.of(subject("registry.ConcurrentEntryRegistry.INSTANCE.entries[*].cache",
                                    "one ConcurrentHashMap per entry"),
                            bystander("registry.ConcurrentEntryRegistry.INSTANCE.entries",
                                    "HashMap guarded by the registry"))),
            // Shape 5
            new Sample("in-progress-set", P + "percall.InProgressSetRace", 5, Kind.RACE, true,
                    Optional.of("in-progress-set-fixed"),
                    "A shared context's HashSet of nodes being validated: spurious recursion errors, negative size.",
                    List.of(), "validator-worker",
                    sites(SiteRole.WRITE, "percall.Context", "validate"),
                    List.of(subject("percall.Context.SHARED.inProgress", "HashSet (its HashMap is .map)"))),
            new Sample("in-progress-set-fixed", P + "percall.InProgressSetFixed", 5, Kind.FIXED, false,
                    Optional.of("in-progress-set"),
                    "The in-progress set allocated per call and passed down: thread confinement, no lock.",
                    List.of(), "validator-worker",
                    sites(SiteRole.WRITE, "percall.Validator", "validate"),
                    List.of()),
            // Shape 6
            new Sample("hidden-inner-map", P + "custommap.HiddenInnerMapRace", 6, Kind.RACE, true,
                    Optional.of("hidden-inner-map-fixed"),
                    "A HashMap inside a custom weak identity Map, written outside the lock via Map.computeIfAbsent.",
                    List.of(), "attach-worker",
                    concat(sites(SiteRole.WRITE, "custommap.WeakIdentityMap", "put", "remove", "clear"),
                            sites(SiteRole.CALLER, "custommap.Attachments", "attach", "attachAll", "detachAll",
                                    "clear"),
                            sites(SiteRole.BYSTANDER_WRITE, "custommap.Attachments", "mapFor", "dropCategory")),
                    List.of(subject("custommap.Attachments.INSTANCE.byCategory[*].map",
                                    "the HashMap inside each WeakIdentityMap; two hot categories"),
                            bystander("custommap.Attachments.INSTANCE.byCategory",
                                    "HashMap guarded by the Attachments monitor"))),
            new Sample("hidden-inner-map-fixed", P + "custommap.HiddenInnerMapFixed", 6, Kind.FIXED, false,
                    Optional.of("hidden-inner-map"),
                    "The same attachments whose custom map has every method synchronized.",
                    List.of(), "attach-worker",
                    concat(sites(SiteRole.WRITE, "custommap.WeakIdentityMap", "put", "remove", "clear"),
                            sites(SiteRole.CALLER, "custommap.SynchronizedAttachments", "attach", "attachAll",
                                    "detachAll", "clear"),
                            sites(SiteRole.BYSTANDER_WRITE, "custommap.SynchronizedAttachments", "mapFor",
                                    "dropCategory")),
                    List.of(subject("custommap.SynchronizedAttachments.INSTANCE.byCategory[*].map",
                                    "the HashMap inside each SynchronizedWeakIdentityMap"),
                            bystander("custommap.SynchronizedAttachments.INSTANCE.byCategory",
                                    "HashMap guarded by the SynchronizedAttachments monitor"))),
            // Correct twins for the watch command
            correct("common-lock-writers", "CommonLockWriters", "locked-writer",
                    "Every write to a shared HashMap inside synchronized (LOCK).", "COUNTS", "HashMap"),
            correct("write-lock-writers", "WriteLockWriters", "rw-writer",
                    "Every write to a shared HashMap under the write side of a ReentrantReadWriteLock.", "COUNTS",
                    "HashMap"),
            correct("single-writer-thread", "SingleWriterThread", "snapshot-",
                    "One thread writes a HashMap; the others only read published copies through a volatile field.",
                    "WORKING", "HashMap written only by the thread snapshot-writer; snapshot-reader-N only read"),
            correct("synchronized-wrapper-writers", "SynchronizedWrapperWriters", "sync-writer",
                    "Writers share a HashMap behind Collections.synchronizedMap.", "COUNTS.m",
                    "HashMap inside Collections$SynchronizedMap"),
            correct("concurrent-map-writers", "ConcurrentMapWriters", "chm-writer",
                    "Writers share a ConcurrentHashMap.", "COUNTS", "ConcurrentHashMap"),
            correct("thread-confined-writers", "ThreadConfinedWriters", "confined-writer",
                    "Each writer counts a batch in a HashMap of its own, made per batch.", "LATEST",
                    "HashMap of the last batch, written only by its thread before it is published"),
            // Corruption
            new Sample("spinning-tree-bin", P + "corrupt.SpinningTreeBin", 0, Kind.CORRUPTED, false, Optional.empty(),
                    "A HashMap tree bin with a cycle; threads looking up an absent key spin in HashMap$TreeNode.find.",
                    List.of(ADD_OPENS_JAVA_UTIL), "tree-spinner",
                    sites(SiteRole.SPIN, "corrupt.SpinningTreeBin", "lookup"),
                    List.of(subject("corrupt.SpinningTreeBin.MAP", "HashMap, one tree bin with a cycle"))),
            new Sample("cyclic-bin", P + "corrupt.CyclicBin", 0, Kind.CORRUPTED, false, Optional.empty(),
                    "A HashMap list bin whose next chain is a cycle; lookups of an absent key spin in getNode.",
                    List.of(ADD_OPENS_JAVA_UTIL), "bin-spinner",
                    sites(SiteRole.SPIN, "corrupt.CyclicBin", "lookup"),
                    List.of(subject("corrupt.CyclicBin.MAP", "HashMap, one list bin with a cycle"))),
            new Sample("corrupted-maps", P + "corrupt.CorruptedMaps", 0, Kind.CORRUPTED, false, Optional.empty(),
                    "Idles holding one damaged map per kind of damage, and healthy controls, for scan.",
                    List.of(ADD_OPENS_JAVA_UTIL), "",
                    List.of(),
                    corruptedMaps()),
            // Benchmark
            new Sample("busy-maps", P + "bench.BusyMaps", 0, Kind.BENCHMARK, true, Optional.empty(),
                    "Throughput target: thread-local map work, a racy shared map, --maps N maps held statically.",
                    List.of(), "busy-worker",
                    sites(SiteRole.WRITE, "bench.BusyMaps", "recordShared", "forgetShared"),
                    List.of(subject("bench.BusyMaps.SHARED", "HashMap written once every --shared-every operations"),
                            new MapRef(P + "bench.BusyMaps.population[*]", MapRole.CONTROL,
                                    "--maps small maps, never written after start"))));

    private Catalog() {
    }

    /** Prints one line per sample: name, kind, shape, main class, JVM flags, description. */
    public static void main(String[] args) {
        for (Sample s : ALL) {
            String line = String.format("%-29s %-9s %d  %-52s %s", s.name(), s.kind(), s.shape(), s.mainClass(),
                    String.join(" ", s.jvmFlags()));
            System.out.println(line.stripTrailing());
            System.out.println("    " + s.description());
        }
    }

    /** Every sample, races first, then their twins' order as above. */
    public static List<Sample> all() {
        return ALL;
    }

    public static Optional<Sample> byName(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /** The sample called {@code name}; fails if there is none. */
    public static Sample require(String name) {
        return byName(name).orElseThrow(() -> new IllegalArgumentException("no sample named '" + name + "'"));
    }

    private static Sample correct(String name, String simpleClass, String threadPrefix, String description,
                                  String mapField, String note) {
        String mainClass = "twins." + simpleClass;
        return new Sample(name, P + mainClass, 0, Kind.CORRECT, false, Optional.empty(), description, List.of(),
                threadPrefix, sites(SiteRole.WRITE, mainClass, "record", "forget"),
                List.of(subject(mainClass + "." + mapField, note)));
    }

    private static List<MapRef> corruptedMaps() {
        List<MapRef> maps = new ArrayList<>();
        String[][] fields = {
            {"HASH_MAP_BIN_CYCLE", "list bin whose next chain is a cycle"},
            {"HASH_MAP_TREE_BIN_CYCLE", "tree bin whose red-black links have a cycle"},
            {"HASH_MAP_ENTRY_IN_WRONG_BIN", "key-3 sits in the bin after its own"},
            {"HASH_MAP_SIZE_MISMATCH", "size 13, 8 entries"},
            {"HASH_MAP_NEGATIVE_SIZE", "size -3, 8 entries"},
            {"HASH_MAP_TREE_BIN_RED_RED", "a red node with a red child"},
            {"HASH_MAP_TREE_BIN_BAD_PARENT", "a leaf whose parent link names a node that is not its parent"},
            {"LINKED_HASH_MAP_LIST_CUT", "after-list cut after the 5th of 10 entries"},
            {"WEAK_HASH_MAP_CLEARED_KEYS", "4 of 10 entries dead but never expunged"},
            {"TREE_MAP_CYCLE", "the greatest entry's right link is the root"},
            {"TREE_MAP_BAD_ORDER", "root and left child swapped keys"},
        };
        for (String[] field : fields) {
            maps.add(subject("corrupt.CorruptedMaps." + field[0], field[1]));
        }
        for (String healthy : new String[] {"HEALTHY_HASH_MAP", "HEALTHY_HASH_MAP_TREE_BIN", "HEALTHY_LINKED_HASH_MAP",
            "HEALTHY_WEAK_HASH_MAP", "HEALTHY_TREE_MAP"}) {
            maps.add(new MapRef(P + "corrupt.CorruptedMaps." + healthy, MapRole.CONTROL, "healthy"));
        }
        return maps;
    }

    private static List<Site> sites(SiteRole role, String className, String... methods) {
        return Arrays.stream(methods).map(m -> new Site(P + className + "." + m, role)).toList();
    }

    @SafeVarargs
    private static List<Site> concat(List<Site>... lists) {
        List<Site> all = new ArrayList<>();
        for (List<Site> list : lists) {
            all.addAll(list);
        }
        return all;
    }

    private static MapRef subject(String path, String note) {
        return new MapRef(P + path, MapRole.SUBJECT, note);
    }

    private static MapRef bystander(String path, String note) {
        return new MapRef(P + path, MapRole.BYSTANDER, note);
    }
}
