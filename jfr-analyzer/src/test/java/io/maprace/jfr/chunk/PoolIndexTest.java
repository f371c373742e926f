package io.maprace.jfr.chunk;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

class PoolIndexTest {

    @Test
    void findsEachKeyAndTheLastPositionOfAKeyListedTwice() {
        PoolIndex index = new PoolIndex.Spares().next();
        index.expect(3);
        index.add(7, 100);
        index.add(9, 200);
        index.add(7, 300);
        index.add(0, 400); // null: never stored
        assertEquals(300, index.find(7));
        assertEquals(200, index.find(9));
        assertEquals(-1, index.find(8));
        assertEquals(-1, index.find(0));
        // a value added after a lookup is found too
        index.add(11, 500);
        assertEquals(500, index.find(11));
    }

    @Test
    void anIndexHandedOutAgainKnowsOnlyTheNextChunksKeys() {
        PoolIndex.Spares spares = new PoolIndex.Spares();
        PoolIndex first = spares.next();
        PoolIndex second = spares.next();
        assertNotSame(first, second);
        for (int k = 1; k <= 1000; k++) {
            first.add(k, k * 10);
        }
        assertEquals(5000, first.find(500));
        second.add(42, 1);
        assertEquals(1, second.find(42));

        // the next chunk: the same objects, emptied; a table smaller than the one kept
        spares.reset();
        PoolIndex again = spares.next();
        assertSame(first, again);
        again.add(2000, 7);
        again.add(3, 8);
        assertEquals(7, again.find(2000));
        assertEquals(8, again.find(3));
        assertEquals(-1, again.find(500), "a key of the chunk before is not found");
        assertEquals(-1, again.find(1));
        PoolIndex secondAgain = spares.next();
        assertSame(second, secondAgain);
        assertEquals(-1, secondAgain.find(42));
        // and a third index is new
        assertNotSame(first, spares.next());
    }
}
