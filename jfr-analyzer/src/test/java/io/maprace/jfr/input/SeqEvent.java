package io.maprace.jfr.input;

import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/** A test event numbered 0, 1, 2... by one thread, so that recovered events can be checked for gaps. */
@Name(SeqEvent.NAME)
@Label("Sequence")
final class SeqEvent extends Event {
    static final String NAME = "maprace.test.Seq";
    static final String PADDING = "x".repeat(60);

    @Label("Sequence number")
    long seq;

    @Label("Payload")
    String payload;

    static String payloadOf(long seq) {
        return "seq-" + seq + " " + PADDING;
    }

    static void emit(long seq) {
        SeqEvent event = new SeqEvent();
        event.seq = seq;
        event.payload = payloadOf(seq);
        event.commit();
    }
}
