package io.maprace.probe.fix;

import com.fasterxml.jackson.databind.json.JsonMapper;
import io.maprace.error.MapraceException;
import io.maprace.error.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Fix records name their process by pid and start time: pids are reused (32768 of them on a Linux default), and a
 * fix in force in a process that has exited must not make maprace refuse to fix, or offer to undo, in a later
 * process that got the same pid.
 */
class FixRecordsTest {

    private static final String MAP = "com.example.Cache.MAP";
    private static final long ME = ProcessHandle.current().pid();

    @TempDir
    Path dir;

    /** An applied record of a fix of {@link #MAP} in pid {@link #ME}, started at {@code started}. */
    private void applied(String id, Instant started) throws Exception {
        String json = "{\"id\":\"" + id + "\",\"created\":\"2026-12-07T10:00:00Z\",\"user\":\"u\",\"pid\":" + ME
                + ",\"target\":\"pid " + ME + "\",\"path\":\"" + MAP + "\",\"status\":\"applied\","
                + "\"updated\":\"2026-12-07T10:00:01Z\""
                + (started == null ? "" : ",\"targetStarted\":\"" + started + "\"") + "}";
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(id + ".json"), json);
    }

    @Test
    void aRecordOfAnEarlierProcessWithTheSamePidIsNotInForce() throws Exception {
        Instant mine = FixRecords.startOf(ME);
        assertNotNull(mine, "a local process has a start time");
        applied("earlier", mine.minusSeconds(3600));
        FixRecords records = new FixRecords(dir);
        assertFalse(records.inForce(ME, MAP).isPresent());
        MapraceException e = assertThrows(MapraceException.class, () -> Fixer.toUndo(records, null, ME));
        assertEquals(Problem.FIX_UNDO_IMPOSSIBLE, e.problem());
    }

    @Test
    void aRecordOfThisProcessIsInForce() throws Exception {
        applied("mine", FixRecords.startOf(ME));
        FixRecords records = new FixRecords(dir);
        assertEquals("mine", records.inForce(ME, MAP).orElseThrow().id());
        assertEquals("mine", Fixer.toUndo(records, null, ME).id());
    }

    @Test
    void aRecordWithoutAStartTimeFallsBackToThePid() throws Exception {
        applied("old-format", null);
        assertTrue(new FixRecords(dir).inForce(ME, MAP).isPresent(), "records of earlier versions keep working");
    }

    @Test
    void aNewRecordNotesTheStartOfItsProcess() throws Exception {
        Instant started = FixRecords.startOf(ME);
        FixRecord r = new FixRecord("x", Instant.now(), "u", ME, "t", MAP, null, FixRecord.APPLIED, 0, 0, null, null,
                Instant.now(), started);
        JsonMapper json = JsonMapper.builder().findAndAddModules().build();
        FixRecord back = json.readValue(json.writeValueAsString(r), FixRecord.class);
        assertEquals(started, back.targetStarted());
        assertTrue(back.madeIn(ME, started));
        assertFalse(back.madeIn(ME, started.plusSeconds(1)));
        assertFalse(back.madeIn(ME + 1, started));
    }
}
