package io.maprace.probe.watch;

import com.sun.jdi.Location;
import com.sun.jdi.request.BreakpointRequest;

import io.maprace.probe.watch.sites.WriteSite;

import java.util.ArrayList;
import java.util.List;

/** A write site with its breakpoints in the target. Touched by the event thread only. */
final class Site {

    final WriteSite write;
    final WatchedField field;
    final Location location;
    /** {@code com.foo.Factory.get(Factory.java:31)} */
    final String frameSite;
    final List<BreakpointRequest> requests = new ArrayList<>();
    long hits;
    long unevaluated;

    Site(WriteSite write, WatchedField field, Location location) {
        this.write = write;
        this.field = field;
        this.location = location;
        this.frameSite = StackReader.frame(location).site();
    }
}
