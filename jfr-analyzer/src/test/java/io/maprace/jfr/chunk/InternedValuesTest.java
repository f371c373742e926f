package io.maprace.jfr.chunk;

import io.maprace.events.CallStack;
import io.maprace.events.Frame;
import io.maprace.events.ThreadRef;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class InternedValuesTest {

    @Test
    void equalValuesOfTwoChunksBecomeOneInstance() {
        InternedValues values = new InternedValues();
        ThreadRef t = values.thread(new ThreadRef(7, "worker"));
        assertSame(t, values.thread(new ThreadRef(7, "worker")));
        assertNotSame(t, values.thread(new ThreadRef(7, "renamed")));
        Frame f = values.frame(new Frame("com.example.Cache", "put", 3, false));
        assertSame(f, values.frame(new Frame("com.example.Cache", "put", 3, false)));
        CallStack s = values.stack(new CallStack(List.of(f), false));
        assertSame(s, values.stack(new CallStack(List.of(new Frame("com.example.Cache", "put", 3, false)), false)));
        assertNotSame(s, values.stack(new CallStack(List.of(f), true)));
    }

    @Test
    void pastItsBoundNewValuesAreUsedAsTheyAre() {
        InternedValues values = new InternedValues();
        for (int i = 0; i < InternedValues.MAX; i++) {
            values.thread(new ThreadRef(i, "t"));
        }
        ThreadRef late = new ThreadRef(-1, "late");
        assertSame(late, values.thread(late));
        ThreadRef again = new ThreadRef(-1, "late");
        assertSame(again, values.thread(again));
        assertEquals(late, again);
        // one interned before the bound still comes back as the first instance
        ThreadRef first = values.thread(new ThreadRef(0, "t"));
        assertSame(first, values.thread(new ThreadRef(0, "t")));
    }
}
