package io.maprace.model;

import io.maprace.events.Frame;

import java.util.List;
import java.util.Objects;

/**
 * A stack that is inside a call to a non-thread-safe map, as seen from the application.
 *
 * @param site the application frame that called the map: where the fix goes
 * @param siteIndex index of {@code site} in the stack
 * @param family the outermost map family entered (a {@code HashSet} even though the work is in its HashMap)
 * @param entry the map method the site called ({@code java.util.HashMap.computeIfAbsent})
 * @param innermost the innermost map frame: where the thread is inside the map's code
 * @param mapFrames the map frames, innermost first
 * @param kind whether the call writes
 * @param lock the lock the call went through, or null: a {@code Collections$SynchronizedMap} frame, or a
 *             {@code synchronized} method between the map and the bottom of the stack
 * @param jdkSite whether the site is JDK code ({@link MapApi#isJdkFrame}), worked out once per stack
 * @param spinProne whether the innermost frame is a loop that can spin forever ({@link MapApi#isSpinProne})
 */
public record MapCall(Frame site, int siteIndex, MapFamily family, Frame entry, Frame innermost,
                      List<Frame> mapFrames, WriteKind kind, String lock, Keys keys, boolean jdkSite,
                      boolean spinProne) {

    /**
     * The strings rules key their state by, built once per classified stack rather than once per event: a
     * recording has millions of samples over a few thousand stacks.
     *
     * @param site {@code pkg.Class.method(File.java:line)} of the site
     * @param siteMethod {@code pkg.Class.method} of the site
     * @param entryMethod {@code pkg.Class.method} of the map method the site called
     * @param innermostMethod {@code pkg.Class.method} of the innermost map frame
     * @param siteAndEntry the site and the entry method, together
     * @param ownerAndFamily the site's class and the map's base family, together
     * @param innerMapSites the sites of the (up to) three innermost map frames, innermost first
     */
    public record Keys(String site, String siteMethod, String entryMethod, String innermostMethod,
                       String siteAndEntry, String ownerAndFamily, List<String> innerMapSites) {

        static Keys of(Frame site, MapFamily family, Frame entry, Frame innermost, List<Frame> mapFrames) {
            String s = site.site();
            String e = entry.qualifiedMethod();
            return new Keys(s, site.qualifiedMethod(), e, innermost.qualifiedMethod(), s + "|" + e,
                    site.className() + "|" + family.base(),
                    mapFrames.stream().limit(3).map(Frame::site).toList());
        }
    }

    public boolean writes() {
        return kind != WriteKind.READ;
    }

    public boolean locked() {
        return lock != null;
    }

    // Written out rather than left to the record (whose methods run through method handles, slow before the
    // optimizing compiler): the classifier looks each call up once per stack of each chunk. The keys, whether the
    // site is JDK code and whether it can spin follow from the other parts, so they are not compared again.
    @Override
    public boolean equals(Object o) {
        return this == o || o instanceof MapCall c && c.siteIndex == siteIndex && c.family == family
                && c.kind == kind && c.site.equals(site) && c.entry.equals(entry) && c.innermost.equals(innermost)
                && c.mapFrames.equals(mapFrames) && Objects.equals(c.lock, lock);
    }

    @Override
    public int hashCode() {
        return ((site.hashCode() * 31 + siteIndex) * 31 + innermost.hashCode()) * 31 + mapFrames.size();
    }
}
