package io.maprace.cli.render;

import io.maprace.events.ThreadRef;
import io.maprace.findings.Evidence;

/**
 * The sentence that states a proof, written once for every renderer: "B entered put() at 20:14:03.101 while A
 * was inside put() (held there 412 us)". Each renderer supplies how it writes a thread, a piece of code and
 * plain text.
 */
final class ProofSentence {

    /** How one renderer writes the parts of the sentence. */
    interface Words {
        String thread(ThreadRef t);

        String code(String s);

        String text(String s);
    }

    private ProofSentence() {
    }

    static String of(Evidence.Overlap o, Words w) {
        return w.thread(o.entered().thread()) + w.text(" entered ") + w.code(op(o.entered())) + w.text(" at ")
                + w.text(Times.time(o.entered().time())) + w.text(" while ") + w.thread(o.held().thread())
                + w.text(" was inside ") + w.code(op(o.held())) + w.text(" (held there ")
                + w.text(Times.micros(o.heldMicros())) + w.text(")");
    }

    /** The write's operation as a call ({@code HashMap.put()}), or "a write" when the source did not say. */
    static String op(Evidence.ObservedWrite w) {
        return w.operation() == null ? "a write" : RenderSupport.visible(RenderSupport.call(w.operation()));
    }
}
