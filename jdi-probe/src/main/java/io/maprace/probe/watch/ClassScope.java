package io.maprace.probe.watch;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which classes can read the watched fields, so only they are scanned: a private field's nest, a package's
 * classes, or every non-JDK class.
 */
final class ClassScope {

    private final List<String> prefixes = new ArrayList<>();

    ClassScope(List<WatchedField> fields) {
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
    }

    boolean contains(String className) {
        if (StackReader.jdkClass(className)) {
            return false;
        }
        for (String prefix : prefixes) {
            if (prefix.isEmpty() || className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Class prepare filters: one per scope prefix, or a single null for "every non-JDK class". */
    List<String> prepareFilters() {
        Set<String> filters = new LinkedHashSet<>();
        for (String p : prefixes) {
            if (p.isEmpty()) {
                List<String> all = new ArrayList<>();
                all.add(null);
                return all;
            }
            filters.add(p + "*");
        }
        return new ArrayList<>(filters);
    }
}
