package io.maprace.heap;

import io.maprace.model.MapFamily;
import io.maprace.progress.Progress;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;

/**
 * Walks the heap breadth-first from roots (static fields, then each live thread's fields), reading each object's
 * reference fields in one request, checking every non-thread-safe map it meets and continuing through map values.
 * Each level is read by several threads at once: JDWP answers one request at a time, but keeping several in
 * flight hides the round trip. Bounded by the {@link ScanBudget} (objects, time) and by path depth.
 *
 * <p>What matters first: objects held by fields (the maps static fields and application objects hold) are walked
 * level by level before the long tail, the elements of arrays and collections and the values of maps, which is
 * walked once no field is left, the elements of small containers first. A map held by a field deep in the
 * application is checked before the 300,000 small maps of one array, whatever the time left. The maps met in a
 * level are checked after its other objects; when they are few, the biggest first, each on its own reading thread,
 * so that one map of a million entries does not hold back the small ones met beside it.
 *
 * <p>Reachability: objects met from static fields are reachable by every thread. Objects met only from threads
 * are tagged with the thread; one met from a second thread becomes shared by several, and what it holds is walked
 * again to carry that on.
 *
 * <p>Over 300 lines on purpose: the level loop and the order it reads in, the reach bookkeeping and the naming of
 * paths each read and write the same visit state (the private {@code Visit} records, the frontiers of a level);
 * apart, every piece would have to expose it.
 */
public final class HeapWalker {

    static final int STATIC = -1;
    static final int MULTI = -2;
    /** Found by the heap walk only: no path from a root. */
    static final int UNREACHED = -3;

    /** A root: a static field's value, or a field of a live thread (reach = the thread's index). */
    public record Root(HeapPath path, Heap.Obj value) {
    }

    /** Where a visit came from: decides how the object is named in paths. */
    private enum From {
        /** A static field or a thread field: the path is given. */
        ROOT,
        /** A field of an application object or of a JDK object that is not a collection. */
        FIELD,
        /** An element of a JDK collection or a piece of one: pieces are not named. */
        INSIDE,
        /** A value or element of a map maprace checked. */
        MAP
    }

    /**
     * @param reach how the object is reached: {@link #STATIC}, {@link #MULTI}, or the one thread's index
     * @param thread the thread whose fields this walk started from, or -1 for the static walk
     */
    private record Visit(Heap.Obj obj, HeapPath base, String owner, String label, From from, boolean mapLike,
                         FoundMap.Guard guard, boolean jdkHeld, int reach, int thread, int index) implements Step {
        /** A visit named by its field or label, not by an index. */
        Visit(Heap.Obj obj, HeapPath base, String owner, String label, From from, boolean mapLike,
              FoundMap.Guard guard, boolean jdkHeld, int reach, int thread) {
            this(obj, base, owner, label, from, mapLike, guard, jdkHeld, reach, thread, -1);
        }

        @Override
        public int weight() {
            return 1;
        }
    }

    /** What a level holds: objects to visit, and slices of arrays whose elements are read when the level runs. */
    private sealed interface Step permits Visit, Slots {
        /** How many objects it stands for. */
        int weight();
    }

    /**
     * Elements {@code from} to {@code to} of an array the walk met, read when their level runs rather than when the
     * array is met: an array of a million maps would otherwise hold a visit and a handle for each element from one
     * level to the next (a hundred bytes an element, each copied by the tool's collector when it runs meanwhile).
     *
     * @param from how its elements are visited, each named by its index under {@code base}
     * @param reach the array's reach, and so its elements'
     */
    private record Slots(Heap.Obj array, HeapPath base, From from, boolean mapLike, int reach, int thread, int start,
                         int end) implements Step {
        @Override
        public int weight() {
            return end - start;
        }
    }

    /** A group of the tail: visits met together (one collection's parts, one map's values), or one array's slices. */
    private record Group(List<? extends Step> steps, int weight) {
    }

    /** A map met by the walk, to check once the level's other objects are read. */
    private record Pending(FoundMap found, int thread) {
    }

    /**
     * What the visits of one batch lead to: the next level, groups of visits left for the long tail, and the maps
     * met, to check.
     */
    private static final class Frontier {
        final List<Step> next = new ArrayList<>();
        final List<Group> tail = new ArrayList<>();
        final List<Pending> maps = new ArrayList<>();
        /** Objects visited by this task not yet added to {@link #visited}. */
        int visits;

        /** Adds a group of visits to the tail, once they are all in it: the parts of one collection, a map's values. */
        void group(List<Visit> visits) {
            tail.add(new Group(visits, visits.size()));
        }

        /** Adds the elements of an array to the tail, in slices read when they are walked. */
        void slices(Heap.Obj array, HeapPath base, From from, boolean mapLike, int reach, int thread, int length) {
            List<Slots> slices = new ArrayList<>(length / SLICE + 1);
            for (int i = 0; i < length; i += SLICE) {
                slices.add(new Slots(array, base, from, mapLike, reach, thread, i, Math.min(length, i + SLICE)));
            }
            tail.add(new Group(slices, length));
        }
    }

    private static final int BATCH = 128;
    /** Elements of an array read in one request when their level runs, and visited by one task. */
    private static final int SLICE = 1024;
    /** Maps of one level checked biggest first, one per task, at most (their sizes cost a request each). */
    private static final int SIZED = 4096;
    private static final long HOUSEKEEPING_EVERY = 100_000;
    private static final long PROGRESS_EVERY = 1024;
    /** Map handles kept beyond the damaged ones. */
    static final int RETAINED_MAPS = 1000;

    private final Heap heap;
    private final CheckContext cx;
    private final ExecutorService pool;
    private final Progress progress;
    private final int maxDepth;
    private final ReachTable reachOf;
    private final FoundMaps maps;
    private final List<String> threadNames = new ArrayList<>();
    /** {@link #threadNames} as of the last thread added: read for every map met, with no lock. */
    private volatile String[] threadNamesNow = new String[0];
    /** Each class's role by name, worked out once (asked for nearly every object met: prefixes and lists). */
    private final java.util.concurrent.ConcurrentHashMap<String, Containers.Role> roles =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicReference<String> firstError = new AtomicReference<>();
    private final AtomicLong visited = new AtomicLong();
    private final MapRetainer retainer = new MapRetainer(RETAINED_MAPS);
    private final SettledChecks settled = new SettledChecks();
    private final Runnable housekeeping;
    /** {@link Heap#classAtHand}: leaves are then seen where they are met (see {@link #leafSeen}). */
    private final boolean classAtHand;
    private final java.util.function.Predicate<RuntimeException> fatal;

    /**
     * @param housekeeping run every {@value #HOUSEKEEPING_EVERY} objects (the JDI heap frees the target's ids of
     *                     objects no longer needed)
     * @param fatal errors that end the walk (the target went away) rather than skip one object
     */
    HeapWalker(Heap heap, CheckContext cx, ExecutorService pool, Progress progress, int maxDepth,
               Runnable housekeeping, java.util.function.Predicate<RuntimeException> fatal) {
        this.heap = heap;
        this.reachOf = new ReachTable(heap.denseIds());
        this.maps = new FoundMaps(heap.denseIds());
        this.cx = cx;
        this.pool = pool;
        this.progress = progress;
        this.maxDepth = maxDepth;
        this.housekeeping = housekeeping;
        this.fatal = fatal;
        this.classAtHand = heap.classAtHand();
    }

    /** Walks everything reachable from the static roots. */
    void walkStatics(List<Root> roots) {
        List<Visit> level = new ArrayList<>();
        for (Root r : roots) {
            level.add(new Visit(r.value(), r.path(), null, null, From.ROOT, false, FoundMap.Guard.NONE, false, STATIC,
                    -1));
        }
        run(level);
    }

    /** Walks what one live thread reaches through its own fields, after the statics. */
    void walkThread(String threadName, List<Root> roots) {
        int index;
        synchronized (threadNames) {
            index = threadNames.size();
            threadNames.add(threadName);
            threadNamesNow = threadNames.toArray(new String[0]);
        }
        List<Visit> level = new ArrayList<>();
        for (Root r : roots) {
            level.add(new Visit(r.value(), r.path(), null, null, From.ROOT, false, FoundMap.Guard.NONE, false, index,
                    index));
        }
        run(level);
    }

    Collection<FoundMap> maps() {
        return maps.values();
    }

    /** Adds a map found another way (the heap walk), checked here. */
    void addUnreached(Heap.Obj obj, HeapPath path) {
        Heap.Kls k = heap.classOf(obj);
        MapFamily kind = k.mapFamily();
        if (kind == null || maps.containsKey(obj.id())) {
            return;
        }
        FoundMap found = new FoundMap(obj, kind, k.name(), false, path, FoundMap.Guard.NONE, UNREACHED);
        MapCheck check = MapInspector.inspect(cx, obj, kind, k.name());
        found.checkedNow();
        found.check = check == null ? null : settled.settle(check);
        noteDamage(check);
        maps.put(found);
        retainer.offer(found);
    }

    java.util.Set<Long> reachedIds() {
        return reachOf.ids();
    }

    long visited() {
        return visited.get();
    }

    long errors() {
        return errors.get();
    }

    String firstError() {
        return firstError.get();
    }

    String threadName(int index) {
        String[] names = threadNamesNow;
        return index >= 0 && index < names.length ? names[index] : null;
    }

    private void run(List<Visit> roots) {
        List<? extends Step> level = roots;
        List<Group> tail = new ArrayList<>();
        while (!cx.budget().expired()) {
            if (level.isEmpty()) {
                if (tail.isEmpty()) {
                    return;
                }
                level = smallestFirst(tail);
                tail = new ArrayList<>();
            }
            List<Callable<Frontier>> batches = tasks(level, cuts(level), this::step);
            List<Step> next = new ArrayList<>();
            try {
                List<Pending> met = new ArrayList<>();
                for (Future<Frontier> f : pool.invokeAll(batches)) {
                    Frontier out = f.get();
                    next.addAll(out.next);
                    tail.addAll(out.tail);
                    met.addAll(out.maps);
                }
                for (Future<Frontier> f : pool.invokeAll(checks(met))) {
                    tail.addAll(f.get().tail);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(e.getCause());
            }
            progress.advance(visited.get());
            level = next;
        }
    }

    /**
     * The checks of the maps a level met: when they are few, one task each, the biggest first (the pool takes tasks
     * in order); when they are many (the elements of a huge array), batches in the order met.
     */
    private List<Callable<Frontier>> checks(List<Pending> met) throws InterruptedException, ExecutionException {
        List<Pending> order = met;
        int per = BATCH;
        if (met.size() <= SIZED) {
            order = biggestFirst(met);
            per = 1;
        }
        return tasks(order, per, this::check);
    }

    /** Tasks of {@code per} items each, in order; each item is read until the budget is spent. */
    private <T> List<Callable<Frontier>> tasks(List<T> items, int per, BiConsumer<T, Frontier> read) {
        int[] cuts = new int[(items.size() + per - 1) / per + 1];
        for (int t = 1; t < cuts.length; t++) {
            cuts[t] = Math.min(items.size(), t * per);
        }
        return tasks(items, cuts, read);
    }

    /** Where a level's tasks start and end: about {@link #BATCH} objects each, an array's slice alone. */
    private static int[] cuts(List<? extends Step> level) {
        int[] cuts = new int[level.size() + 1];
        int n = 1;
        int weight = 0;
        for (int i = 0; i < level.size(); i++) {
            weight += level.get(i).weight();
            if (weight >= BATCH) {
                cuts[n++] = i + 1;
                weight = 0;
            }
        }
        if (cuts[n - 1] < level.size()) {
            cuts[n++] = level.size();
        }
        return Arrays.copyOf(cuts, n);
    }

    /** One task per pair of cuts, in order; each item is read until the budget is spent. */
    private <T> List<Callable<Frontier>> tasks(List<T> items, int[] cuts, BiConsumer<T, Frontier> read) {
        List<Callable<Frontier>> tasks = new ArrayList<>();
        for (int t = 0; t + 1 < cuts.length; t++) {
            int from = cuts[t];
            int to = cuts[t + 1];
            tasks.add(() -> {
                Frontier out = new Frontier();
                // no iterator, sublist nor lambda per item: millions of them. The clock is read every 16 items (a
                // read takes from the budget, which reads it too); a cut is seen at once.
                ScanBudget budget = cx.budget();
                for (int k = from; k < to; k++) {
                    if ((k - from) % 16 == 0 ? budget.expired() : budget.cutBy() != null) {
                        break;
                    }
                    safely(read, items.get(k), out);
                }
                counted(out);
                return out;
            });
        }
        return tasks;
    }

    /** Whether the walk reads {@code obj} at all: strings, classes, threads and loaders it passes over. */
    private static boolean walked(Heap.Obj obj) {
        Heap.Hint hint = obj.hint();
        return hint == Heap.Hint.OBJECT || hint == Heap.Hint.ARRAY;
    }

    /**
     * Whether an object one thread reached ({@code before}) is now reached by another one ({@code reach}): it is
     * then shared by several ({@link #MULTI}), and what it holds is walked again to carry that on.
     */
    private static boolean reachedByAnother(int before, int reach) {
        return before >= 0 && reach >= 0 && before != reach;
    }

    /** Counts an object met for the first time: false once the budget is spent (then it is not read). */
    private boolean taken(Frontier out) {
        if (!cx.budget().take(1)) {
            return false;
        }
        if (++out.visits == PROGRESS_EVERY) {
            counted(out);
        }
        return true;
    }

    /**
     * Adds a task's visits to the walk's count, every {@value #PROGRESS_EVERY} visits and at its end: each visit
     * adding to one counter had the reading threads wait on each other.
     */
    private void counted(Frontier out) {
        int n = out.visits;
        if (n == 0) {
            return;
        }
        out.visits = 0;
        long count = visited.addAndGet(n);
        if ((count - n) / HOUSEKEEPING_EVERY != count / HOUSEKEEPING_EVERY) {
            housekeeping.run();
        }
        // A level of a large heap takes minutes: say how far the walk got inside it too.
        progress.advance(count);
    }

    /** The maps by size, largest first: one request each, read in parallel. */
    private List<Pending> biggestFirst(List<Pending> met) throws InterruptedException, ExecutionException {
        if (met.size() < 2) {
            return met;
        }
        Map<Pending, Integer> sizes = new ConcurrentHashMap<>();
        for (Future<Frontier> f : pool.invokeAll(tasks(met, BATCH,
                (p, out) -> sizes.put(p, MapCounters.size(heap, p.found().obj, p.found().kind))))) {
            f.get();
        }
        List<Pending> order = new ArrayList<>(met);
        order.sort(Comparator.comparingInt((Pending p) -> sizes.getOrDefault(p, 0)).reversed());
        return order;
    }

    /** The tail's visits as one level, the groups of small containers first (a huge array of maps last). */
    private static List<Step> smallestFirst(List<Group> groups) {
        groups.sort(Comparator.comparingInt(Group::weight));
        List<Step> out = new ArrayList<>();
        for (Group g : groups) {
            out.addAll(g.steps());
        }
        return out;
    }

    /** Runs one read of the walk; an object that cannot be read is skipped, unless the heap itself is gone. */
    private <T> void safely(BiConsumer<T, Frontier> read, T item, Frontier out) {
        try {
            read.accept(item, out);
        } catch (Heap.ObjectGoneException e) {
            // collected since we saw it: nothing to report
        } catch (RuntimeException e) {
            if (fatal.test(e)) {
                throw e;
            }
            // One odd object (a class being unloaded, a transient agent error) must not end the scan.
            countError(e);
        }
    }

    /** Counts an object or map that could not be read and was skipped. */
    void countError(RuntimeException e) {
        errors.incrementAndGet();
        firstError.compareAndSet(null, e.toString());
    }

    private void step(Step s, Frontier out) {
        if (s instanceof Visit v) {
            visit(v, out);
        } else {
            visitSlots((Slots) s, out);
        }
    }

    /** Reads a slice of an array and visits its elements. */
    private void visitSlots(Slots s, Frontier out) {
        List<Heap.Obj> elements = heap.slice(s.array(), s.start(), s.weight());
        ScanBudget budget = cx.budget();
        for (int i = 0; i < elements.size(); i++) {
            Heap.Obj element = elements.get(i);
            if (element == null) {
                continue;
            }
            if (i % 16 == 0 ? budget.expired() : budget.cutBy() != null) {
                return;
            }
            if (leafSeen(element, s.reach(), out)) {
                continue;
            }
            safely(this::visit, new Visit(element, s.base(), null, null, s.from(), s.mapLike(), FoundMap.Guard.NONE,
                    false, s.reach(), s.thread(), s.start() + i), out);
        }
    }

    private void visit(Visit v, Frontier out) {
        Heap.Obj obj = v.obj();
        if (!walked(obj)) {
            return;
        }
        long id = obj.id();
        int reach = v.reach();
        int before = reachOf.putIfAbsent(id, reach);
        if (before != ReachTable.ABSENT) {
            boolean walkAgain = reachedByAnother(before, reach) && reachOf.replace(id, before, MULTI);
            FoundMap known = maps.get(id);
            if (known != null) {
                known.seenAgain(pathOf(v, heap.classOf(obj)), v.guard(), walkAgain ? MULTI : reach,
                        threadName(v.thread()));
            }
            if (!walkAgain) {
                return;
            }
            reach = MULTI;
            if (known != null) {
                MapCheck c = known.check;
                if (c != null) {
                    enqueueContents(known, c, reach, v.thread(), out, false);
                }
                return;
            }
        }
        if (!taken(out)) {
            return;
        }
        Heap.Kls k = heap.classOf(obj);
        MapFamily kind = k.mapFamily();
        if (kind != null) {
            // a map class is no array: its role is APP exactly when it is no JDK class
            boolean jdkHeld = v.jdkHeld() || role(k) != Containers.Role.APP && !k.name().startsWith("java.util.");
            boolean indexed = indexStep(v, k);
            FoundMap found = new FoundMap(obj, kind, k.name(), jdkHeld, indexed ? v.base() : pathOf(v, k),
                    indexed ? v.index() : -1, v.guard(), reach, threadName(v.thread()));
            maps.put(found);
            out.maps.add(new Pending(found, v.thread()));
            return;
        }
        HeapPath path = pathOf(v, k);
        if (path.depth() >= maxDepth) {
            return;
        }
        Containers.Role role = role(k);
        switch (role) {
            case LEAF -> {
                // nothing inside worth reading
            }
            case ARRAY -> {
                boolean inside = v.from() == From.INSIDE && path == v.base();
                out.slices(obj, path, inside ? From.INSIDE : From.FIELD, v.mapLike(), reach, v.thread(),
                        heap.length(obj));
            }
            case GUARD, READ_ONLY -> {
                FoundMap.Guard guard = role == Containers.Role.GUARD ? FoundMap.Guard.LOCKED : FoundMap.Guard.READ_ONLY;
                for (Heap.FieldValue f : heap.referenceFields(obj)) {
                    if (Containers.isWrappedField(f.name())) {
                        out.next.add(new Visit(f.value(), path, f.owner(), f.name(), From.FIELD, false, guard, false,
                                reach, v.thread()));
                    }
                }
            }
            case COLLECTION, PART -> {
                boolean mapLike = role == Containers.Role.COLLECTION ? Containers.isMapLike(k) : v.mapLike();
                boolean single = Containers.isSingleHolder(k.name());
                List<Heap.FieldValue> fields = heap.referenceFields(obj);
                String valueLabel = mapLike ? "{value}" : "{element}";
                if (cx.showValues() && mapLike) {
                    // A map entry of a JDK map that is not checked here (ConcurrentHashMap): name the value by its key.
                    for (Heap.FieldValue f : fields) {
                        if (isKeyField(f.name())) {
                            String key = heap.scalar(f.value());
                            if (key != null) {
                                valueLabel = "{" + key + "}";
                            }
                        }
                    }
                }
                List<Visit> parts = new ArrayList<>(fields.size());
                for (Heap.FieldValue f : fields) {
                    if (Containers.isViewCache(f.owner(), f.name())) {
                        continue;
                    }
                    String label = single ? ".get()" : isKeyField(f.name()) ? "{key}" : valueLabel;
                    parts.add(new Visit(f.value(), path, null, label, From.INSIDE, mapLike, FoundMap.Guard.NONE,
                            false, reach, v.thread()));
                }
                out.group(parts);
            }
            case APP, OTHER_JDK -> {
                boolean jdk = role == Containers.Role.OTHER_JDK;
                // A holder whose every method is synchronized guards the maps in its fields (its own code does).
                FoundMap.Guard guard = !jdk && heap.synchronizedClass(k) ? FoundMap.Guard.LOCKED : FoundMap.Guard.NONE;
                for (Heap.FieldValue f : heap.referenceFields(obj)) {
                    if (Containers.isViewCache(f.owner(), f.name()) || leafSeen(f.value(), reach, out)) {
                        continue;
                    }
                    out.next.add(new Visit(f.value(), path, f.owner(), f.name(), From.FIELD, false, guard, jdk,
                            reach, v.thread()));
                }
            }
            default -> throw new IllegalStateException(role.name());
        }
    }

    /**
     * For an object whose visit would read nothing (a primitive array, a boxed number: {@link Containers.Role#LEAF}),
     * when its class is at hand ({@link Heap#classAtHand}), does now what that visit would do (note its reach, count
     * it) and returns true: no visit is queued for it. The maps of a 4 GB dump held two values of their own each, and
     * the two million values' visits and handles took 500 MB of the tool's heap until their level ran.
     */
    private boolean leafSeen(Heap.Obj obj, int reach, Frontier out) {
        if (!classAtHand || !walked(obj)) {
            return false;
        }
        Heap.Kls k = heap.classOf(obj);
        if (k.mapFamily() != null || role(k) != Containers.Role.LEAF) {
            return false;
        }
        long id = obj.id();
        int before = reachOf.putIfAbsent(id, reach);
        if (before != ReachTable.ABSENT) {
            if (reachedByAnother(before, reach)) {
                reachOf.replace(id, before, MULTI);
            }
            return true;
        }
        taken(out);
        return true;
    }

    /** Checks a map the walk met, and leaves what it holds to the tail. */
    private void check(Pending p, Frontier out) {
        FoundMap found = p.found();
        MapCheck check = MapInspector.inspect(cx, found.obj, found.kind, found.type);
        found.checkedNow();
        noteDamage(check);
        // Its reach now: another thread may have met it while it waited for its check.
        int reach = found.reach;
        if (check != null && check.inner() != null) {
            // The set's own map is part of the set: not another map to find (by a heap walk) or report.
            reachOf.putIfAbsent(check.inner().id(), reach);
        }
        if (check != null) {
            // checks run after the level's visits: what is known reached now stays so until the next level
            enqueueContents(found, check, reach, p.thread(), out, true);
            // Maps met from threads keep their contents: a second thread walks through them again.
            found.check = reach == STATIC ? settled.settle(check) : check;
        }
        retainer.offer(found);
    }

    /** A map that looks damaged must be read again: the walk leaves time for it from now on. */
    private void noteDamage(MapCheck check) {
        if (check != null && !check.defects().isEmpty()) {
            cx.budget().damageFound();
        }
    }

    private static boolean isKeyField(String name) {
        return name.equals("key") || name.equals("k");
    }

    /**
     * Leaves a checked map's values (a set's elements) to the tail, as one group.
     *
     * @param settled called between a level's visits and the next level's: a value whose visit would do nothing
     *                (see {@link #visitChanges}) is left out (a million maps holding the same boxed values)
     */
    private void enqueueContents(FoundMap map, MapCheck check, int reach, int thread, Frontier out, boolean settled) {
        if (map.depth() >= maxDepth) {
            return;
        }
        HeapPath path = null;
        List<Visit> next = null;
        List<MapCheck.KeyValue> contents = check.contents();
        for (int i = 0; i < contents.size(); i++) { // no iterator per map (C1 does not take it away)
            MapCheck.KeyValue kv = contents.get(i);
            Heap.Obj element = map.kind.isSet() ? kv.key() : kv.value();
            if (element == null || settled && !visitChanges(element, reach) || leafSeen(element, reach, out)) {
                continue;
            }
            if (next == null) {
                next = new ArrayList<>();
                path = map.path();
            }
            if (map.kind.isSet()) {
                next.add(new Visit(element, path, null, "{element}", From.MAP, false,
                        FoundMap.Guard.NONE, false, reach, thread));
            } else {
                String label = "{value}";
                if (cx.showValues() && kv.key() != null) {
                    String key = heap.scalar(kv.key());
                    if (key != null) {
                        label = "{" + key + "}";
                    }
                }
                next.add(new Visit(element, path, null, label, From.MAP, false, FoundMap.Guard.NONE,
                        false, reach, thread));
            }
        }
        if (next != null) {
            out.group(next);
        }
    }

    /**
     * Whether {@link #visit} of {@code obj} with {@code reach} would read or change anything: false for what it
     * passes over (not an object or array), and for an object met before that it would not walk again and that is
     * not a map (a map met again learns its other paths). Reaches only ever become {@link #MULTI}, so a false
     * answer between levels holds when the visit comes.
     */
    private boolean visitChanges(Heap.Obj obj, int reach) {
        if (!walked(obj)) {
            return false;
        }
        long id = obj.id();
        int before = reachOf.get(id);
        if (before == ReachTable.ABSENT) {
            return true;
        }
        return reachedByAnother(before, reach) || maps.get(id) != null;
    }

    /** Whether the path of the visited object ends with its index: an element named by it, not a piece of one. */
    private boolean indexStep(Visit v, Heap.Kls k) {
        return v.index() >= 0 && (v.from() != From.INSIDE || !unnamed(k));
    }

    /** Pieces of a collection met inside it (its nodes, its table) are not steps of a path. */
    private boolean unnamed(Heap.Kls k) {
        Containers.Role role = role(k);
        return role == Containers.Role.PART || role == Containers.Role.ARRAY;
    }

    /**
     * {@link Containers#role} of a class, by name: within one heap a name is one class as far as roles go (an
     * application class is APP whatever its loader; a JDK class has one definition).
     */
    private Containers.Role role(Heap.Kls k) {
        Containers.Role r = roles.get(k.name());
        if (r == null) {
            r = Containers.role(k);
            roles.put(k.name(), r);
        }
        return r;
    }

    /** The path of the visited object, now that its class is known. */
    private HeapPath pathOf(Visit v, Heap.Kls k) {
        if (v.label() == null && v.index() < 0) {
            return v.base();
        }
        if (v.index() >= 0) {
            return indexStep(v, k) ? v.base().element(v.index()) : v.base();
        }
        if (v.from() == From.INSIDE && unnamed(k)) {
            return v.base();
        }
        if (v.owner() != null) {
            return v.base().field(v.owner(), v.label());
        }
        return v.label().startsWith(".") ? v.base().field(null, v.label().substring(1)) : v.base().element(v.label());
    }
}
