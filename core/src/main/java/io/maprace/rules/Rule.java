package io.maprace.rules;

import io.maprace.events.EventSink;

import java.util.List;

/**
 * One analysis over a stream of observed events. A rule instance serves one analysis: it keeps bounded state
 * while events flow, and turns it into findings at the end.
 */
public interface Rule extends EventSink {

    /**
     * Findings from what was seen. {@code evidence} holds what earlier rules established, for rules that rank
     * with it; rules that run earlier add to it.
     */
    List<FindingDraft> findings(Corroboration evidence);
}
