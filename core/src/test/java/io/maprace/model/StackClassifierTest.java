package io.maprace.model;

import io.maprace.Stacks;
import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StackClassifierTest {

    private final StackClassifier classifier = new StackClassifier();

    private MapCall classify(String... frames) {
        Optional<MapCall> c = classifier.classify(Stacks.of(frames));
        assertTrue(c.isPresent(), "expected a map call");
        return c.get();
    }

    @Test
    void plainPutIsAWriteAtTheApplicationFrame() {
        MapCall c = classify("java.util.HashMap.putVal:630", "java.util.HashMap.put:610",
                "com.foo.Factory.widgetFor:31", "com.foo.Main.run:10");
        assertEquals(MapFamily.HASH_MAP, c.family());
        assertEquals("com.foo.Factory.widgetFor(Factory.java:31)", c.site().site());
        assertEquals("java.util.HashMap.putVal", c.innermost().qualifiedMethod());
        assertEquals(WriteKind.WRITE, c.kind());
        assertNull(c.lock());
    }

    @Test
    void keyMethodsAboveTheMapAreSkipped() {
        MapCall c = classify("com.foo.Key.equals:5", "java.util.HashMap$TreeNode.find:1950",
                "java.util.HashMap$TreeNode.putTreeVal:2010", "java.util.HashMap.putVal:640",
                "java.util.HashMap.put:610", "com.foo.Factory.widgetFor:31");
        assertEquals("com.foo.Factory.widgetFor", c.site().qualifiedMethod());
        assertEquals("java.util.HashMap$TreeNode.find", c.innermost().qualifiedMethod());
    }

    @Test
    void hashSetAddIsAHashSetWrite() {
        MapCall c = classify("java.util.HashMap.putVal:630", "java.util.HashMap.put:610", "java.util.HashSet.add:229",
                "com.foo.Context.enter:12");
        assertEquals(MapFamily.HASH_SET, c.family());
        assertEquals("java.util.HashSet.add", c.entry().qualifiedMethod());
        assertEquals(WriteKind.WRITE, c.kind());
    }

    @Test
    void synchronizedWrapperAndSynchronizedSiteAreLocks() {
        MapCall wrapped = classify("java.util.HashMap.put:610", "java.util.Collections$SynchronizedMap.put:2700",
                "com.foo.Cache.store:20");
        assertNotNull(wrapped.lock());
        MapCall syncSite = classify("java.util.HashMap.put:610", "com.foo.Cache.store:20!");
        assertTrue(syncSite.lock().contains("com.foo.Cache.store"));
        MapCall syncCaller = classify("java.util.HashMap.put:610", "com.foo.Inner.put:20",
                "com.foo.SyncInner.put:12!", "com.foo.App.run:3");
        assertTrue(syncCaller.lock().contains("com.foo.SyncInner.put"));
    }

    @Test
    void accessOrderedGetIsAHiddenWrite() {
        MapCall c = classify("java.util.LinkedHashMap.afterNodeAccess:300", "java.util.LinkedHashMap.get:440",
                "com.foo.Lru.lookup:17");
        assertEquals(WriteKind.HIDDEN_WRITE, c.kind());
        MapCall plainGet = classify("java.util.HashMap.getNode:570", "java.util.LinkedHashMap.get:439",
                "com.foo.Lru.lookup:17");
        assertEquals(WriteKind.MAYBE_HIDDEN_WRITE, plainGet.kind());
        MapCall hashMapGet = classify("java.util.HashMap.getNode:570", "java.util.HashMap.get:556",
                "com.foo.Lru.lookup:17");
        assertEquals(WriteKind.READ, hashMapGet.kind());
    }

    @Test
    void weakHashMapReadsExpunge() {
        MapCall c = classify("java.util.WeakHashMap.expungeStaleEntries:330", "java.util.WeakHashMap.getTable:350",
                "java.util.WeakHashMap.get:400", "com.foo.Methods.find:9");
        assertEquals(WriteKind.HIDDEN_WRITE, c.kind());
        assertEquals(MapFamily.WEAK_HASH_MAP, c.family());
    }

    @Test
    void customMapWrappingAHashMapIsTheSite() {
        MapCall c = classify("java.util.HashMap.putVal:630", "java.util.HashMap.put:610",
                "com.foo.WeakIdentityMap.put:40", "java.util.Map.computeIfAbsent:1050", "com.foo.Registry.lookup:22");
        assertEquals("com.foo.WeakIdentityMap.put", c.site().qualifiedMethod());
        assertEquals(MapFamily.HASH_MAP, c.family());
    }

    @Test
    void iteratorRemoveThroughRetainAllIsAWrite() {
        MapCall c = classify("java.util.HashMap.removeNode:800", "java.util.HashMap$HashIterator.remove:1600",
                "java.util.AbstractCollection.retainAll:400", "com.foo.Filter.apply:8");
        assertEquals(WriteKind.WRITE, c.kind());
        assertEquals("com.foo.Filter.apply", c.site().qualifiedMethod());
    }

    @Test
    void stacksWithoutMapsOrWithoutACallerAreNotMapCalls() {
        assertTrue(classifier.classify(Stacks.of("com.foo.A.b:1", "com.foo.A.main:2")).isEmpty());
        assertTrue(classifier.classify(Stacks.of("java.util.HashMap.putVal:630", "java.util.HashMap.put:610"))
                .isEmpty());
    }
}
