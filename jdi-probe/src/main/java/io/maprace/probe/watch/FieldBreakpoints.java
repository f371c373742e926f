package io.maprace.probe.watch;

import io.maprace.probe.target.SkipReason;
import com.sun.jdi.ClassType;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VMDisconnectedException;
import com.sun.jdi.request.BreakpointRequest;
import com.sun.jdi.request.EventRequest;
import com.sun.jdi.request.EventRequestManager;

import io.maprace.probe.watch.sites.ReceiverExpr;
import io.maprace.probe.watch.sites.WriteSite;

import java.util.ArrayList;
import java.util.List;

/**
 * The breakpoints of one watched field, which creates, switches and deletes them: one per write site (one per
 * holder when the agent can filter on {@code this}), and the read sites that write only some kinds of map
 * ({@code get} on an access-ordered {@code LinkedHashMap}), kept aside until such a map is seen.
 *
 * <p>Synchronized: the event thread installs and removes, the watchdog switches everything off from its own
 * thread.
 */
final class FieldBreakpoints {

    static final String SITE = "maprace.site";
    static final String HOLDER = "maprace.holder";

    private final WatchedField field;
    private final List<Site> sites = new ArrayList<>();
    private final List<Site> closed = new ArrayList<>();
    private final List<WriteSite> deferred = new ArrayList<>();
    private boolean enabled;

    FieldBreakpoints(WatchedField field) {
        this.field = field;
    }

    private EventRequestManager erm() {
        return field.field.virtualMachine().eventRequestManager();
    }

    /** Sets the breakpoints of a write site in method {@code m}; off until {@link #setEnabled} turns them on. */
    synchronized void install(WriteSite s, Method m) {
        Location location = m.locationOfCodeIndex(s.bci());
        if (location == null) {
            return;
        }
        Site site = new Site(s, field, location);
        boolean holdersKnown = field.hasPaths() && field.paths().stream().allMatch(p -> p.holder() != null);
        if (!field.everyInstance() && holdersKnown && s.map() instanceof ReceiverExpr.InstanceField f
                && f.base() instanceof ReceiverExpr.This) {
            // Only the holders the user's paths reach: let the agent filter on `this`, so other instances of
            // the class never cost a round trip.
            for (WatchedField.PathTarget p : field.paths()) {
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

    /** A read site, set only once a map written by reads is seen ({@link WatchedField#learnReadsWrite}). */
    synchronized void defer(WriteSite s) {
        deferred.add(s);
    }

    synchronized void installDeferred() {
        for (WriteSite s : deferred) {
            ReferenceType type = field.field.virtualMachine().classesByName(s.className()).stream().findFirst()
                    .orElse(null);
            if (type == null) {
                continue;
            }
            try {
                for (Method m : type.methodsByName(s.method(), s.methodDescriptor())) {
                    install(s, m);
                }
            } catch (RuntimeException e) {
                if (e instanceof VMDisconnectedException || SkipReason.of(e) == null) {
                    throw e;
                }
                // Its class was unloaded meanwhile: it writes nothing any more.
            }
        }
        deferred.clear();
    }

    private BreakpointRequest request(Site site, Location location) {
        BreakpointRequest r = erm().createBreakpointRequest(location);
        r.setSuspendPolicy(EventRequest.SUSPEND_EVENT_THREAD);
        r.putProperty(SITE, site);
        return r;
    }

    private void arm(Site site, BreakpointRequest r) {
        site.requests.add(r);
        r.setEnabled(enabled && !field.rested());
    }

    private static boolean isInstanceOf(ReferenceType type, ClassType c) {
        for (ReferenceType t = type; t != null; t = t instanceof ClassType ct ? ct.superclass() : null) {
            if (t.equals(c)) {
                return true;
            }
        }
        return false;
    }

    /** Switches its breakpoints on (unless it rests) or off: sampling windows, the watchdog. */
    synchronized void setEnabled(boolean on) {
        enabled = on;
        for (Site s : sites) {
            for (BreakpointRequest r : s.requests) {
                r.setEnabled(on && !field.rested());
            }
        }
    }

    synchronized void allOff() {
        for (Site s : sites) {
            s.requests.forEach(r -> r.setEnabled(false));
        }
    }

    /** Removes a site whose map can never be recomputed (no local variable table, say). */
    synchronized void remove(Site site) {
        sites.remove(site);
        erm().deleteEventRequests(site.requests);
        site.requests.clear();
    }

    /** Stops watching the field (its maps turned out to be thread-safe): its sites go, and are not counted. */
    synchronized void drop() {
        for (Site s : new ArrayList<>(sites)) {
            remove(s);
        }
        deferred.clear();
    }

    /** Deletes every request; the sites stay listed, the report counts them. Idempotent. */
    synchronized void close() {
        List<BreakpointRequest> all = new ArrayList<>();
        for (Site s : sites) {
            all.addAll(s.requests);
            s.requests.clear();
        }
        closed.addAll(sites);
        sites.clear();
        try {
            erm().deleteEventRequests(all);
        } catch (VMDisconnectedException e) {
            // Nothing left to delete in a target that is gone.
        }
    }

    /** Its sites, with those closed (for the report). */
    synchronized List<Site> sites() {
        List<Site> all = new ArrayList<>(closed);
        all.addAll(sites);
        return all;
    }

    synchronized int deferredSites() {
        return deferred.size();
    }
}
