package io.maprace.probe.watch.sites;

import io.maprace.model.WriteKind;

import java.util.List;

/**
 * A call in application bytecode that writes (or may write) a map read from a watched field.
 *
 * @param className binary name of the class holding the call
 * @param method name of the method holding the call
 * @param methodDescriptor its descriptor, to tell overloads apart
 * @param bci bytecode index of the invoke instruction: where the breakpoint goes
 * @param field the watched field the map was read from
 * @param map how to recompute the map at the breakpoint (the receiver, or the map behind a view)
 * @param via the view or iterator chain written through ({@code entrySet().iterator()}), or null
 * @param call the map method called, {@code Map.put}, {@code Iterator.remove}
 * @param kind whether the call always writes or only on some maps
 * @param locals the locals (slots) the expression reads, with the static type expected for each
 */
public record WriteSite(String className, String method, String methodDescriptor, int bci, FieldRef field,
                        ReceiverExpr map, String via, String call, WriteKind kind, List<LocalUse> locals) {

    public WriteSite {
        locals = List.copyOf(locals);
    }

    /**
     * A non-parameter local the expression reads.
     *
     * @param type binary name of the class the value is used as (the owner of the field read from it)
     */
    public record LocalUse(int slot, String type) {
    }

    /** The operation as reports show it: {@code Map.put}, {@code entrySet().iterator().remove}. */
    public String operation() {
        return via == null ? call : via + "." + call.substring(call.lastIndexOf('.') + 1);
    }
}
