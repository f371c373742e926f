package io.maprace.probe.watch;

import com.sun.jdi.ClassType;
import com.sun.jdi.InterfaceType;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectCollectedException;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;

import io.maprace.model.WriteKind;
import io.maprace.probe.watch.sites.ConstantPool;
import io.maprace.probe.watch.sites.FieldRef;
import io.maprace.probe.watch.sites.RawClass;
import io.maprace.probe.watch.sites.ReceiverExpr;
import io.maprace.probe.watch.sites.WriteSite;
import io.maprace.probe.watch.sites.WriteSiteFinder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the write sites of the watched fields in the target's loaded classes, and in classes as they load
 * ({@link ClassPrepareRequest}), and sets a breakpoint on each: {@code SUSPEND_EVENT_THREAD}, so the event
 * thread can read the frame. Sites that write only some kinds of map ({@code get} on an access-ordered
 * {@code LinkedHashMap}) wait until such a map is seen. Every request it creates is deleted by {@link #close}.
 */
final class SiteInstaller implements AutoCloseable {

    static final String SITE = "maprace.site";
    static final String HOLDER = "maprace.holder";

    private final VirtualMachine vm;
    private final EventRequestManager erm;
    private final List<WatchedField> fields;
    private final Map<String, List<WatchedField>> byName = new HashMap<>();
    private final Map<FieldRef, Optional<WatchedField>> resolved = new HashMap<>();
    private final List<Site> sites = new ArrayList<>();
    private final Map<WatchedField, List<WriteSite>> deferred = new HashMap<>();
    private final List<EventRequest> requests = new ArrayList<>();
    private final Set<String> scanned = new LinkedHashSet<>();
    private final Map<String, String> skipped = new HashMap<>();
    private boolean enabled;
    private long scanNanos;

    SiteInstaller(VirtualMachine vm, List<WatchedField> fields) {
        this.vm = vm;
        this.erm = vm.eventRequestManager();
        this.fields = fields;
        for (WatchedField w : fields) {
            byName.computeIfAbsent(w.name(), k -> new ArrayList<>()).add(w);
        }
    }

    /** Scans the classes loaded now, then asks to hear of the ones that load later. */
    void installAll() {
        long t0 = System.nanoTime();
        for (ReferenceType type : vm.allClasses()) {
            if (type.isPrepared() && inScope(type.name())) {
                scan(type);
            }
        }
        for (String filter : prepareFilters()) {
            ClassPrepareRequest r = erm.createClassPrepareRequest();
            if (filter == null) {
                for (String jdk : List.of("java.*", "javax.*", "jdk.*", "sun.*", "com.sun.*")) {
                    r.addClassExclusionFilter(jdk);
                }
            } else {
                r.addClassFilter(filter);
            }
            // The loading thread waits while its class gets breakpoints, so no write runs before they exist.
            r.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            r.enable();
            requests.add(r);
        }
        scanNanos += System.nanoTime() - t0;
    }

    /** A class just loaded (its thread is suspended until this returns). */
    void prepared(ReferenceType type) {
        if (inScope(type.name())) {
            long t0 = System.nanoTime();
            scan(type);
            scanNanos += System.nanoTime() - t0;
        }
    }

    private void scan(ReferenceType type) {
        if (!(type instanceof ClassType || type instanceof InterfaceType) || type.name().contains("$$Lambda")
                || !scanned.add(type.name() + "@" + type.hashCode())) {
            return;
        }
        try {
            if (!vm.canGetConstantPool() || !vm.canGetBytecodes()) {
                return;
            }
            ConstantPool pool = ConstantPool.parse(type.constantPoolCount(), type.constantPool());
            if (!referencesWatched(pool)) {
                return;
            }
            List<RawClass.RawMethod> raw = new ArrayList<>();
            Map<String, Method> methods = new HashMap<>();
            for (Method m : type.methods()) {
                if (m.isAbstract() || m.isNative()) {
                    continue;
                }
                raw.add(new RawClass.RawMethod(m.name(), m.signature(), m.modifiers(), m.bytecodes()));
                methods.put(m.name() + m.signature(), m);
            }
            WriteSiteFinder.Result result = WriteSiteFinder.find(new RawClass(type.name(), pool, raw),
                    ref -> watched(ref) != null);
            result.skipped().forEach((m, why) -> skipped.put(type.name() + "." + m, why));
            markAddThenRemove(result.sites());
            for (WriteSite s : result.sites()) {
                WatchedField w = watched(s.field());
                Method m = methods.get(s.method() + s.methodDescriptor());
                if (w == null || m == null) {
                    continue;
                }
                if (s.kind() != WriteKind.WRITE && !w.readsWrite) {
                    deferred.computeIfAbsent(w, k -> new ArrayList<>()).add(s);
                    continue;
                }
                install(s, w, m);
            }
        } catch (ObjectCollectedException | IllegalArgumentException e) {
            skipped.put(type.name(), e.toString());
        }
    }

    /** A method that both adds to and removes from a field's set keeps per-call state in it. */
    private void markAddThenRemove(List<WriteSite> found) {
        Map<String, Set<String>> callsByMethodAndField = new HashMap<>();
        for (WriteSite s : found) {
            if (s.via() == null) {
                callsByMethodAndField.computeIfAbsent(s.method() + s.methodDescriptor() + "|" + s.field(),
                        k -> new java.util.HashSet<>()).add(s.call().substring(s.call().lastIndexOf('.') + 1));
            }
        }
        for (WriteSite s : found) {
            Set<String> calls = callsByMethodAndField.get(s.method() + s.methodDescriptor() + "|" + s.field());
            WatchedField w = watched(s.field());
            if (w != null && calls != null && calls.contains("add") && calls.contains("remove")) {
                w.addThenRemove = true;
            }
        }
    }

    private boolean referencesWatched(ConstantPool pool) {
        for (int i = 1; i < pool.count(); i++) {
            if (pool.tag(i) == ConstantPool.FIELDREF) {
                ConstantPool.MemberRef r = pool.memberRef(i);
                if (byName.containsKey(r.name())
                        && watched(new FieldRef(r.owner().replace('/', '.'), r.name(), r.descriptor())) != null) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The watched field a bytecode field reference resolves to, or null. */
    WatchedField watched(FieldRef ref) {
        List<WatchedField> named = byName.get(ref.name());
        if (named == null) {
            return null;
        }
        Optional<WatchedField> known = resolved.get(ref);
        if (known != null) {
            return known.orElse(null);
        }
        List<ReferenceType> owners = vm.classesByName(ref.owner());
        Optional<WatchedField> found = Optional.empty();
        for (ReferenceType t : owners) {
            var f = ReceiverEvaluator.fieldIn(t, ref.name());
            for (WatchedField w : named) {
                if (w.field.equals(f)) {
                    found = Optional.of(w);
                }
            }
        }
        if (!owners.isEmpty()) {
            // A class not loaded yet may still turn out to be a subclass of the owner: ask again later.
            resolved.put(ref, found);
        }
        return found.orElse(null);
    }

    private synchronized void install(WriteSite s, WatchedField w, Method m) {
        Location location = m.locationOfCodeIndex(s.bci());
        if (location == null) {
            return;
        }
        Site site = new Site(s, w, location);
        boolean holdersKnown = !w.paths.isEmpty() && w.paths.values().stream().allMatch(p -> p.holder() != null);
        if (!w.everyInstance && holdersKnown && s.map() instanceof ReceiverExpr.InstanceField f
                && f.base() instanceof ReceiverExpr.This) {
            // Only the holders the user's paths reach: let the agent filter on `this`, so other instances of
            // the class never cost a round trip.
            for (WatchedField.PathTarget p : w.paths.values()) {
                if (p.holder() != null && m.declaringType() instanceof ClassType c
                        && isInstanceOf(p.holder().referenceType(), c)) {
                    BreakpointRequest r = request(site, location);
                    r.addInstanceFilter(p.holder());
                    r.putProperty(HOLDER, p.holder());
                    arm(site, r);
                }
            }
        } else {
            // Every instance, or instances whose holder is unknown (found by a scan): the map is recomputed at
            // each hit and compared with the watched ones.
            arm(site, request(site, location));
        }
        if (!site.requests.isEmpty()) {
            sites.add(site);
        }
    }

    private BreakpointRequest request(Site site, Location location) {
        BreakpointRequest r = erm.createBreakpointRequest(location);
        r.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        r.putProperty(SITE, site);
        return r;
    }

    private void arm(Site site, BreakpointRequest r) {
        requests.add(r);
        site.requests.add(r);
        r.setEnabled(enabled && !site.field.rested);
    }

    private static boolean isInstanceOf(ReferenceType type, ClassType c) {
        for (ReferenceType t = type; t != null; t = t instanceof ClassType ct ? ct.superclass() : null) {
            if (t.equals(c)) {
                return true;
            }
        }
        return false;
    }

    /** An instance seen at a write site turned out to be written by reads: set the deferred read sites. */
    void readsWrite(WatchedField w) {
        if (w.readsWrite) {
            return;
        }
        w.readsWrite = true;
        for (WriteSite s : deferred.getOrDefault(w, List.of())) {
            ReferenceType type = vm.classesByName(s.className()).stream().findFirst().orElse(null);
            if (type == null) {
                continue;
            }
            for (Method m : type.methodsByName(s.method(), s.methodDescriptor())) {
                install(s, w, m);
            }
        }
        deferred.remove(w);
    }

    /** Stops watching a field (its maps turned out to be thread-safe): deletes its breakpoints. */
    synchronized void drop(WatchedField w) {
        List<BreakpointRequest> gone = new ArrayList<>();
        sites.removeIf(s -> {
            if (s.field == w) {
                gone.addAll(s.requests);
                return true;
            }
            return false;
        });
        erm.deleteEventRequests(gone);
        requests.removeAll(gone);
        deferred.remove(w);
    }

    /** Removes a site whose map can never be recomputed (no local variable table, say). */
    synchronized void dropSite(Site site) {
        sites.remove(site);
        erm.deleteEventRequests(site.requests);
        requests.removeAll(site.requests);
    }

    /**
     * Switches every breakpoint on or off (sampling windows; the watchdog, from its own thread, when the event
     * thread is stuck).
     */
    synchronized void setEnabled(boolean on) {
        if (on == enabled) {
            return;
        }
        enabled = on;
        for (Site s : sites) {
            for (BreakpointRequest r : s.requests) {
                r.setEnabled(on && !s.field.rested);
            }
        }
    }

    /** A field proven and seen enough: its breakpoints go off for the rest of the watch. */
    synchronized void rest(WatchedField w) {
        w.rested = true;
        for (Site s : sites) {
            if (s.field == w) {
                s.requests.forEach(r -> r.setEnabled(false));
            }
        }
    }

    /** Whether every field is rested: nothing is left to watch. */
    synchronized boolean allRested() {
        return !fields.isEmpty() && fields.stream().allMatch(f -> f.rested);
    }

    synchronized boolean enabled() {
        return enabled;
    }

    List<Site> sites() {
        return sites;
    }

    int classesScanned() {
        return scanned.size();
    }

    long scanMillis() {
        return scanNanos / 1_000_000;
    }

    Map<String, String> skipped() {
        return skipped;
    }

    int deferredSites() {
        return deferred.values().stream().mapToInt(List::size).sum();
    }

    /** Which classes can read the watched fields: a private field's nest, a package's classes, or all. */
    private boolean inScope(String className) {
        if (StackReader.jdkClass(className)) {
            return false;
        }
        for (String prefix : scopePrefixes()) {
            if (prefix.isEmpty() || className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    private List<String> scopePrefixes() {
        List<String> prefixes = new ArrayList<>();
        for (WatchedField w : fields) {
            String owner = w.owner();
            if (w.field.isPrivate()) {
                int nested = owner.indexOf('$');
                prefixes.add(nested > 0 ? owner.substring(0, nested) : owner);
            } else if (w.field.isPackagePrivate()) {
                int dot = owner.lastIndexOf('.');
                prefixes.add(dot > 0 ? owner.substring(0, dot + 1) : "");
            } else {
                prefixes.add("");
            }
        }
        return prefixes;
    }

    /** Class prepare filters: one per scope prefix, or null for "every non-JDK class". */
    private List<String> prepareFilters() {
        Set<String> filters = new LinkedHashSet<>();
        for (String p : scopePrefixes()) {
            if (p.isEmpty()) {
                List<String> all = new ArrayList<>();
                all.add(null);
                return all;
            }
            filters.add(p + "*");
        }
        return new ArrayList<>(filters);
    }

    @Override
    public synchronized void close() {
        try {
            erm.deleteEventRequests(new ArrayList<>(requests));
        } finally {
            // The sites stay listed: the report counts them.
            requests.clear();
        }
    }
}
