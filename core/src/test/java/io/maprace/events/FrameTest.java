package io.maprace.events;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class FrameTest {

    @Test
    void aFrameIsAValueOfItsFourParts() {
        Frame a = new Frame("com.example.Cache", "put", 12, false);
        assertEquals(a, new Frame("com.example.Cache", "put", 12, false));
        assertEquals(a.hashCode(), new Frame("com.example.Cache", "put", 12, false).hashCode());
        assertNotEquals(a, new Frame("com.example.Cache", "put", 13, false));
        assertNotEquals(a, new Frame("com.example.Cache", "put", 12, true));
        assertNotEquals(a, new Frame("com.example.Cache", "get", 12, false));
        assertNotEquals(a, new Frame("com.example.Other", "put", 12, false));
    }

    @Test
    void itsNamesAreBuiltOnceAndReadAsBefore() {
        Frame f = new Frame("com.example.Cache$Inner", "put", 12, false);
        assertEquals("com.example.Cache$Inner.put", f.qualifiedMethod());
        assertSame(f.qualifiedMethod(), f.qualifiedMethod());
        assertEquals("com.example.Cache$Inner.put(Cache.java:12)", f.site());
        assertSame(f.site(), f.site());
        assertEquals("com.example.Cache$Inner.put(Cache.java)", new Frame("com.example.Cache$Inner", "put", -1,
                false).site());
        assertEquals(f.site(), f.toString());
    }
}
