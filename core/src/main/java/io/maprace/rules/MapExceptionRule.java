package io.maprace.rules;

import io.maprace.events.CallStack;
import io.maprace.events.Frame;
import io.maprace.events.ObservedEvent;
import io.maprace.events.ThreadRef;
import io.maprace.events.ThrownException;
import io.maprace.findings.Advice;
import io.maprace.findings.Evidence;
import io.maprace.findings.FindingKind;
import io.maprace.findings.MapRef;
import io.maprace.findings.Severity;
import io.maprace.model.MapApi;
import io.maprace.model.MapCall;
import io.maprace.model.StackClassifier;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Exceptions thrown from inside map code: {@code ConcurrentModificationException}, a
 * {@code ClassCastException} between {@code HashMap$Node} and {@code HashMap$TreeNode}, a
 * {@code NullPointerException} or {@code StackOverflowError} in map internals.
 */
public final class MapExceptionRule implements Rule {

    private static final Set<String> RELEVANT = Set.of("java.util.ConcurrentModificationException",
            "java.lang.ClassCastException", "java.lang.NullPointerException",
            "java.lang.ArrayIndexOutOfBoundsException", "java.lang.StackOverflowError",
            "java.lang.IllegalStateException");
    private static final int MAX_EVIDENCE = 20;

    private final StackClassifier classifier;
    private final Map<String, Group> groups = new LinkedHashMap<>();

    public MapExceptionRule(StackClassifier classifier) {
        this.classifier = classifier;
    }

    @Override
    public void accept(ObservedEvent event) {
        if (!(event instanceof ThrownException t) || !RELEVANT.contains(t.exceptionClass())) {
            return;
        }
        CallStack thrower = belowConstructors(t.stack());
        if (thrower.isEmpty() || !MapApi.isMapFrame(thrower.top())) {
            return;
        }
        Optional<MapCall> call = classifier.classify(thrower);
        if (call.isEmpty()) {
            return;
        }
        MapCall c = call.get();
        Group g = groups.computeIfAbsent(t.exceptionClass() + "|" + c.site().site(), k -> new Group(t, c));
        g.threads.add(t.thread());
        g.count++;
        if (t.message() != null && isNodeTreeNodeCast(t)) {
            g.proof = true;
        }
        if (g.evidence.size() < MAX_EVIDENCE) {
            g.evidence.add(new Evidence.ExceptionSeen(t.thread(), t.time(), t.exceptionClass(), t.message(),
                    thrower.sites(12)));
        }
    }

    private static boolean isNodeTreeNodeCast(ThrownException t) {
        return t.exceptionClass().equals("java.lang.ClassCastException") && t.message().contains("HashMap$")
                && t.message().contains("TreeNode");
    }

    /**
     * The JFR throw events are taken in the exception's constructor, through JFR's own tracer: skip to the
     * frame that threw.
     */
    private static CallStack belowConstructors(CallStack stack) {
        List<Frame> frames = stack.frames();
        int i = 0;
        while (i < frames.size() && (frames.get(i).method().equals("<init>")
                || frames.get(i).className().equals("java.lang.Throwable")
                || frames.get(i).className().startsWith("jdk.jfr.internal."))) {
            i++;
        }
        return i == 0 ? stack : new CallStack(frames.subList(i, frames.size()), stack.truncated());
    }

    @Override
    public List<FindingDraft> findings(Corroboration corroboration) {
        List<FindingDraft> out = new ArrayList<>();
        for (Group g : groups.values()) {
            Severity severity = g.proof ? Severity.PROVEN
                    : g.exceptionClass.endsWith("ConcurrentModificationException") ? Severity.CANDIDATE
                    : Severity.LIKELY;
            if (severity != Severity.CANDIDATE) {
                corroboration.add(g.call.site().qualifiedMethod(), simple(g.exceptionClass) + " inside "
                        + g.call.innermost().qualifiedMethod());
            }
            String title = simple(g.exceptionClass) + " thrown " + g.count + " time" + (g.count == 1 ? "" : "s")
                    + " inside " + g.call.innermost().qualifiedMethod() + ", called from " + g.call.site().site();
            out.add(new FindingDraft(FindingKind.MAP_EXCEPTION, severity, title,
                    MapRef.ofType(g.call.family().className()), List.of(g.call.site().site()),
                    List.copyOf(g.threads), g.evidence, Advice.exceptionExplanation(g.exceptionClass),
                    Advice.forFamily(g.call.family())));
        }
        return out;
    }

    private static String simple(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    private static final class Group {
        final String exceptionClass;
        final MapCall call;
        final Set<ThreadRef> threads = new LinkedHashSet<>();
        final List<Evidence> evidence = new ArrayList<>();
        int count;
        boolean proof;

        Group(ThrownException t, MapCall call) {
            this.exceptionClass = t.exceptionClass();
            this.call = call;
        }
    }
}
