package io.maprace.probe.watch;

import io.maprace.probe.target.ClassSkips;
import io.maprace.probe.target.SkipReason;
import com.sun.jdi.ClassType;
import com.sun.jdi.InterfaceType;
import com.sun.jdi.Method;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.VirtualMachine;
import com.sun.jdi.request.ClassPrepareRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;

import io.maprace.model.MapApi;
import io.maprace.model.WriteKind;
import io.maprace.probe.watch.sites.ConstantPool;
import io.maprace.probe.watch.sites.FieldRef;
import io.maprace.probe.watch.sites.RawClass;
import io.maprace.probe.watch.sites.ReceiverExpr;
import io.maprace.probe.watch.sites.WriteSite;
import io.maprace.probe.watch.sites.WriteSiteFinder;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the write sites of the watched fields in the target's loaded classes, and in classes as they load
 * ({@link ClassPrepareRequest}), and hands each to its field, which sets its breakpoints
 * ({@link FieldBreakpoints}). Owns the class prepare requests; {@link #close} deletes them and closes every
 * field's breakpoints. A class that cannot be read is counted in {@link #skips()} and left out.
 */
final class SiteInstaller implements AutoCloseable {

    private final VirtualMachine vm;
    private final EventRequestManager erm;
    private final List<WatchedField> fields;
    private final ClassScope scope;
    private final ClassSkips skips;
    private final FieldRefs refs;
    private final List<ClassPrepareRequest> prepares = new ArrayList<>();
    private final Set<String> scanned = new LinkedHashSet<>();
    private volatile boolean enabled;
    private long scanNanos;

    SiteInstaller(VirtualMachine vm, List<WatchedField> fields, ClassSkips skips) {
        this.vm = vm;
        this.skips = skips;
        this.erm = vm.eventRequestManager();
        this.fields = fields;
        this.scope = new ClassScope(fields);
        this.refs = new FieldRefs(vm, fields, skips);
    }

    /** Asks to hear of the classes that load from now on, then scans the ones loaded now. */
    void installAll() {
        listenForClasses();
        installIn(vm.allClasses());
    }

    /**
     * Asks to hear of classes as they are prepared. Before the scan, so a class prepared while the scan runs is
     * not missed: its event comes later, and a class seen twice is scanned once.
     */
    void listenForClasses() {
        for (String filter : scope.prepareFilters()) {
            ClassPrepareRequest r = erm.createClassPrepareRequest();
            if (filter == null) {
                MapApi.JDK_PACKAGES.forEach(p -> r.addClassExclusionFilter(p + "*"));
            } else {
                r.addClassFilter(filter);
            }
            // The loading thread waits while its class gets breakpoints, so no write runs before they exist.
            r.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
            r.enable();
            prepares.add(r);
        }
    }

    /** Scans the given classes, as listed a moment ago: some may be gone or not prepared by now. */
    void installIn(List<ReferenceType> classes) {
        long t0 = System.nanoTime();
        for (ReferenceType type : classes) {
            Boolean prepared = skips.read(type::isPrepared);
            if (prepared == null) {
                continue;
            }
            if (!prepared) {
                if (inScope(type)) {
                    skips.count(SkipReason.NOT_PREPARED);
                }
                continue;
            }
            if (inScope(type)) {
                scan(type);
            }
        }
        scanNanos += System.nanoTime() - t0;
    }

    /** A class just prepared (its thread is suspended until this returns). */
    void prepared(ReferenceType type) {
        if (inScope(type)) {
            long t0 = System.nanoTime();
            scan(type);
            scanNanos += System.nanoTime() - t0;
        }
    }

    private boolean inScope(ReferenceType type) {
        return scope.contains(type.name());
    }

    private void scan(ReferenceType type) {
        if (!(type instanceof ClassType || type instanceof InterfaceType) || type.name().contains("$$Lambda")
                || !scanned.add(type.name() + "@" + type.hashCode())) {
            return;
        }
        ConstantPool pool = ClassCode.pool(vm, type, skips);
        if (pool == null || !refs.referencedBy(pool)) {
            return;
        }
        ClassCode code = ClassCode.read(type, pool, skips);
        if (code == null) {
            return;
        }
        WriteSiteFinder.Result result = skips.read(() -> WriteSiteFinder.find(code.raw(),
                ref -> refs.watched(ref) != null));
        if (result == null) {
            return;
        }
        result.skipped().forEach((m, why) -> skips.method());
        markAddThenRemove(result.sites());
        for (WriteSite s : result.sites()) {
            WatchedField w = refs.watched(s.field());
            Method m = code.method(s.method(), s.methodDescriptor());
            if (w == null || m == null) {
                continue;
            }
            if (s.kind() != WriteKind.WRITE && !w.readsWrite()) {
                w.breakpoints().defer(s);
                continue;
            }
            // One site whose location cannot be set (the class unloaded meanwhile) costs that site only.
            skips.read(() -> {
                w.breakpoints().install(s, m);
                return Boolean.TRUE;
            });
        }
    }

    /** A method that both adds to and removes from a field's set keeps per-call state in it. */
    private void markAddThenRemove(List<WriteSite> found) {
        Map<MethodField, Set<String>> calls = new HashMap<>();
        for (WriteSite s : found) {
            if (s.via() == null) {
                calls.computeIfAbsent(MethodField.of(s), k -> new HashSet<>())
                        .add(s.call().substring(s.call().lastIndexOf('.') + 1));
            }
        }
        for (WriteSite s : found) {
            Set<String> names = calls.get(MethodField.of(s));
            WatchedField w = refs.watched(s.field());
            if (w != null && names != null && names.contains("add") && names.contains("remove")) {
                w.markAddThenRemove();
            }
        }
    }

    /** A method (name and descriptor) and the field it writes through. */
    private record MethodField(String method, String descriptor, FieldRef field) {
        static MethodField of(WriteSite s) {
            return new MethodField(s.method(), s.methodDescriptor(), s.field());
        }
    }

    /**
     * Switches every breakpoint on or off (sampling windows; the watchdog, from its own thread, when the event
     * thread is stuck). The flag is set first: a site a field installs meanwhile takes the new state.
     */
    synchronized void setEnabled(boolean on) {
        if (on == enabled) {
            return;
        }
        enabled = on;
        for (WatchedField w : fields) {
            w.breakpoints().setEnabled(on);
        }
    }

    boolean enabled() {
        return enabled;
    }

    /** Whether every field is rested: nothing is left to watch. */
    boolean allRested() {
        return !fields.isEmpty() && fields.stream().allMatch(WatchedField::rested);
    }

    List<Site> sites() {
        List<Site> all = new ArrayList<>();
        for (WatchedField w : fields) {
            all.addAll(w.breakpoints().sites());
        }
        return all;
    }

    int classesScanned() {
        return scanned.size();
    }

    long scanMillis() {
        return scanNanos / 1_000_000;
    }

    ClassSkips skips() {
        return skips;
    }

    int deferredSites() {
        return fields.stream().mapToInt(w -> w.breakpoints().deferredSites()).sum();
    }

    @Override
    public void close() {
        try {
            erm.deleteEventRequests(new ArrayList<>(prepares));
        } catch (VMDisconnectedException e) {
            // Nothing left to clean in a target that is gone.
        } finally {
            prepares.clear();
            for (WatchedField w : fields) {
                w.close();
            }
        }
    }
}
