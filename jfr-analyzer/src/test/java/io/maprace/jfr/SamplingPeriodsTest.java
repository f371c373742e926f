package io.maprace.jfr;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class SamplingPeriodsTest {

    @Test
    void readsThePeriodsJfrWrites() {
        assertEquals(Duration.ofMillis(10), SamplingPeriods.parse("10 ms"));
        assertEquals(Duration.ofMillis(20), SamplingPeriods.parse(" 20\tMS "));
        assertEquals(Duration.ofSeconds(1), SamplingPeriods.parse("1 s"));
        assertEquals(Duration.ofNanos(500_000), SamplingPeriods.parse("500 us"));
        assertEquals(Duration.ofMinutes(2), SamplingPeriods.parse("2  min"));
    }

    @Test
    void otherValuesAreNoPeriods() {
        for (String v : new String[] {"everyChunk", "off", "10ms", "10 ms x", "", "  ", "ms 10", "ten ms", "10 hours"}) {
            assertNull(SamplingPeriods.parse(v), v);
        }
        assertNull(SamplingPeriods.parse(null));
    }

    @Test
    void theShortestExecutionSamplePeriodWins() {
        SamplingPeriods periods = new SamplingPeriods();
        periods.eventType(5, "jdk.ExecutionSample");
        periods.eventType(6, "jdk.NativeMethodSample");
        periods.setting(6, "period", "1 ms");
        periods.setting(5, "period", "20 ms");
        periods.setting(5, "period", "10 ms");
        periods.setting(5, "period", "everyChunk");
        periods.setting(5, "enabled", "true");
        assertEquals(Duration.ofMillis(10), periods.period());
    }
}
