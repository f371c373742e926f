package io.maprace.probe.watch;

import io.maprace.probe.target.ClassSkips;
import com.sun.jdi.Field;
import com.sun.jdi.Location;
import com.sun.jdi.Method;
import com.sun.jdi.ObjectReference;
import com.sun.jdi.ReferenceType;
import com.sun.jdi.VirtualMachine;

import io.maprace.probe.watch.sites.ConstantPool;
import io.maprace.probe.watch.sites.WriteSite;
import io.maprace.probe.watch.sites.WriteSiteFinder;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The map fields written at the sites a flight recording sampled ({@code pkg.Class.method(File.java:line)}, the
 * application frame that called the map): the same write-site analysis the watch arms its breakpoints with, run
 * on the site's class, keeps the writes of that method on that line, and names the field each reads its map from.
 * A site whose map comes from elsewhere (a parameter, a local built there) names no field and is left out.
 */
public final class SampledSites {

    private static final Pattern SITE = Pattern.compile("(.+)\\.([^.(]+)\\([^:()]*:(\\d+)\\)");

    /**
     * A field whose map was written at a sampled site.
     *
     * @param owner binary name of the class declaring the field
     * @param site the sampled site that names it
     */
    public record Written(String owner, String field, boolean isStatic, boolean holdsMap, String site) {
        /** {@code com.foo.Cache#map}: how scans and watches name a field. */
        public String key() {
            return owner + "#" + field;
        }
    }

    private SampledSites() {
    }

    /** The fields written at {@code sites}, each once (the first site that names it), in the sites' order. */
    public static List<Written> fields(VirtualMachine vm, List<String> sites) {
        ClassSkips skips = new ClassSkips();
        Map<String, Written> found = new LinkedHashMap<>();
        for (String site : sites) {
            Matcher m = SITE.matcher(site);
            if (!m.matches()) {
                continue;
            }
            for (ReferenceType type : vm.classesByName(m.group(1))) {
                List<Written> here = skips.read(() -> writtenAt(vm, type, m.group(2), Integer.parseInt(m.group(3)),
                        site, skips));
                if (here != null) {
                    here.forEach(w -> found.putIfAbsent(w.key(), w));
                }
            }
        }
        return List.copyOf(found.values());
    }

    private static List<Written> writtenAt(VirtualMachine vm, ReferenceType type, String method, int line,
                                           String site, ClassSkips skips) {
        if (!type.isPrepared()) {
            return List.of();
        }
        ConstantPool pool = ClassCode.pool(vm, type, skips);
        ClassCode code = pool == null ? null : ClassCode.read(type, pool, skips);
        if (code == null) {
            return List.of();
        }
        List<Written> out = new ArrayList<>();
        for (WriteSite w : WriteSiteFinder.find(code.raw(), ref -> true).sites()) {
            Method m = w.method().equals(method) ? code.method(w.method(), w.methodDescriptor()) : null;
            Location at = m == null ? null : m.locationOfCodeIndex(w.bci());
            if (at == null || at.lineNumber() != line) {
                continue;
            }
            for (ReferenceType owner : vm.classesByName(w.field().owner())) {
                Field f = owner.isPrepared() ? ReceiverEvaluator.fieldIn(owner, w.field().name()) : null;
                if (f == null) {
                    continue;
                }
                // A static field that holds no map yet has nothing to watch by path: its every instance is.
                boolean holdsMap = !f.isStatic() || f.declaringType().getValue(f) instanceof ObjectReference;
                out.add(new Written(f.declaringType().name(), f.name(), f.isStatic(), holdsMap, site));
                break;
            }
        }
        return out;
    }
}
