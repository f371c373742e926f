package io.maprace.cli.render;

import io.maprace.events.ThreadRef;
import io.maprace.findings.Evidence;
import io.maprace.findings.HeldLock;

import java.util.ArrayList;
import java.util.List;

import static io.maprace.cli.render.RenderSupport.count;
import static io.maprace.cli.render.RenderSupport.thread;
import static io.maprace.cli.render.RenderSupport.visible;
import static io.maprace.cli.render.Times.span;
import static io.maprace.cli.render.Times.time;

/**
 * One item of evidence as text: a sentence, then stack frames or details, one per line.
 */
final class TextEvidence implements Evidence.Visitor<TextEvidence.Item> {

    /** Stack frames shown per stack. */
    static final int FRAMES = 3;

    /**
     * @param lines the sentence, then its details
     * @param stack when the details after the sentence are just this stack's frames, the stack: writes at one
     *              site usually share it, and the renderer lists it once; null otherwise
     */
    record Item(List<String> lines, List<String> stack) {
    }

    private final String site;

    /** @param site the finding's only site, left out of a sentence when the evidence names it again */
    TextEvidence(String site) {
        this.site = site;
    }

    @Override
    public Item overlap(Evidence.Overlap ov) {
        List<String> lines = new ArrayList<>();
        lines.add("PROOF: " + ProofSentence.of(ov, WORDS));
        lines.add("inside:   " + thread(ov.held().thread()) + locks(ov.held().locks()));
        frames(ov.held().stack(), "  ", lines);
        lines.add("entering: " + thread(ov.entered().thread()) + locks(ov.entered().locks()));
        frames(ov.entered().stack(), "  ", lines);
        return new Item(lines, null);
    }

    @Override
    public Item observedWrite(Evidence.ObservedWrite w) {
        List<String> lines = new ArrayList<>();
        lines.add(time(w.time()) + " " + thread(w.thread()) + " " + ProofSentence.op(w) + locks(w.locks()));
        frames(w.stack(), "", lines);
        return new Item(lines, w.stack());
    }

    @Override
    public Item corruption(Evidence.Corruption c) {
        return one("integrity check failed: " + visible(c.check()) + ": " + visible(c.detail()));
    }

    @Override
    public Item exceptionSeen(Evidence.ExceptionSeen x) {
        List<String> lines = new ArrayList<>();
        lines.add(time(x.time()) + " " + thread(x.thread()) + " threw " + visible(x.exceptionClass())
                + (x.message() == null || x.message().isEmpty() ? "" : ": " + visible(x.message())));
        frames(x.stack(), "", lines);
        return new Item(lines, null);
    }

    @Override
    public Item sampleRun(Evidence.SampleRun r) {
        List<String> lines = new ArrayList<>();
        String length = Times.duration(r.from(), r.to());
        lines.add(thread(r.thread()) + " stayed inside map code for "
                + count(r.samples(), "consecutive sample", "consecutive samples")
                + (length == null ? "" : " over " + length) + " (" + span(r.from(), r.to()) + ")" + at(r.site()));
        frames(r.mapFrames(), "", lines);
        return new Item(lines, r.mapFrames());
    }

    @Override
    public Item spinningThread(Evidence.SpinningThread s) {
        List<String> lines = new ArrayList<>();
        lines.add(SpinningSentence.sentence(s) + at(s.site()));
        frames(s.mapFrames(), "", lines);
        return new Item(lines, s.mapFrames());
    }

    @Override
    public Item threadDumpSeen(Evidence.ThreadDumpSeen d) {
        List<String> lines = new ArrayList<>();
        lines.add("thread dump at " + time(d.time()) + ": \"" + visible(d.thread()) + "\" " + visible(d.state())
                + " inside map code");
        frames(d.frames(), "", lines);
        return new Item(lines, null);
    }

    @Override
    public Item coSampled(Evidence.CoSampled c) {
        return one(thread(c.first()) + " + " + thread(c.second()) + " in the same sampling period "
                + count(c.periods(), "time", "times") + " (" + span(c.firstSeen(), c.lastSeen()) + ")"
                + at(c.site()));
    }

    @Override
    public Item siteSamples(Evidence.SiteSamples s) {
        return one(visible(s.site()) + ": " + count(s.samples(), "sample", "samples") + " in "
                + visible(s.mapMethod()) + " by " + count(s.threads(), "thread", "threads"));
    }

    @Override
    public Item lockWaits(Evidence.LockWaits w) {
        return one(thread(w.waiter()) + " waited for "
                + (w.holder() == null ? "a lock holder not recorded" : thread(w.holder())) + " on "
                + Locks.lockClass(w.lockClass()) + (w.waitKind() == null ? "" : " (" + visible(w.waitKind()) + ")")
                + ": " + count(w.count(), "time", "times") + ", " + Times.millis(w.totalMillis())
                + " in all, longest " + Times.millis(w.maxMillis()));
    }

    @Override
    public Item sharedLockSeen(Evidence.SharedLockSeen l) {
        String seen = l.samples() > 0 && l.waits() > 0
                ? "sampled in it " + count(l.samples(), "time", "times") + ", waited for it "
                        + count(l.waits(), "time", "times")
                : l.waits() > 0 ? "waited for it " + count(l.waits(), "time", "times")
                : "sampled in it " + count(l.samples(), "time", "times");
        return one(visible(l.method()) + " takes a shared lock, " + Locks.lockClass(l.lockClass()) + ": " + seen
                + " from " + count(l.threads().size(), "thread", "threads") + "; a shared lock does not order writes");
    }

    @Override
    public Item writeActivity(Evidence.WriteActivity a) {
        return one(count(a.windows(), "window", "windows") + " of " + Times.millis(a.windowMillis())
                + " with writes by two threads or more (at most " + a.mostThreads() + "); "
                + count(a.writeSamples(), "sample", "samples") + " in these writes of "
                + count(a.threadSamples(), "sample", "samples") + " of the writers");
    }

    @Override
    public Item tableResizes(Evidence.TableResizes r) {
        return one(visible(r.site()) + ": " + count(r.samples(), "new bucket table", "new bucket tables")
                + " sampled in resize, from " + count(r.threads().size(), "thread", "threads"));
    }

    @Override
    public Item sharing(Evidence.Sharing s) {
        return one("shared: " + visible(s.reason()) + (s.threads().isEmpty() ? ""
                : " (threads: " + String.join(", ", s.threads().stream().map(RenderSupport::visible).toList())
                + ")"));
    }

    private static Item one(String line) {
        return new Item(List.of(line), null);
    }

    /** The proof sentence in plain text. */
    private static final ProofSentence.Words WORDS = new ProofSentence.Words() {
        @Override
        public String thread(ThreadRef t) {
            return RenderSupport.thread(t);
        }

        @Override
        public String code(String s) {
            return s;
        }

        @Override
        public String text(String s) {
            return s;
        }
    };

    private String at(String evidenceSite) {
        return evidenceSite == null || evidenceSite.equals(site) ? "" : " at " + visible(evidenceSite);
    }

    /** {@code  holding ReentrantReadWriteLock$ReadLock@6021 [SHARED read lock: ... does not protect writes]}. */
    private static String locks(List<HeldLock> locks) {
        if (locks.isEmpty()) {
            return " holding no lock";
        }
        List<String> parts = new ArrayList<>();
        for (HeldLock l : locks) {
            parts.add(Locks.lock(l) + " [" + Locks.lockMode(l) + "]");
        }
        return " holding " + String.join(", ", parts);
    }

    private static void frames(List<String> stack, String indent, List<String> lines) {
        for (int i = 0; i < Math.min(FRAMES, stack.size()); i++) {
            lines.add(indent + "at " + visible(stack.get(i)));
        }
        if (stack.size() > FRAMES) {
            lines.add(indent + "... " + count(stack.size() - FRAMES, "more frame", "more frames"));
        }
    }
}
