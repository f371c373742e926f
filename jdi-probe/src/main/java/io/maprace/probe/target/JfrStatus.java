package io.maprace.probe.target;

import java.util.Locale;

/**
 * Whether a JVM is recording with JFR, from {@code jcmd <pid> JFR.check}. That command only reads: on a JVM whose
 * recorder never started it answers "No available recordings" without starting anything.
 *
 * @param running recordings in the {@code running} state
 */
public record JfrStatus(State state, int running) {

    public static final JfrStatus UNKNOWN = new JfrStatus(State.UNKNOWN, 0);

    public enum State {
        RECORDING, OFF, UNKNOWN,
        /** Started with {@code -XX:-FlightRecorder}: it cannot record at all. */
        DISABLED;

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Parses the output of {@code JFR.check}; null output means the command could not be run. */
    public static JfrStatus fromCheck(String output) {
        if (output == null) {
            return UNKNOWN;
        }
        if (output.contains("Flight Recorder is disabled")) {
            return new JfrStatus(State.DISABLED, 0);
        }
        if (output.contains("No available recordings")) {
            return new JfrStatus(State.OFF, 0);
        }
        int running = 0;
        boolean any = false;
        for (String line : output.split("\\R")) {
            if (line.startsWith("Recording ")) {
                any = true;
                if (line.contains("(running)") || line.contains("(delayed)")) {
                    running++;
                }
            }
        }
        if (!any) {
            return UNKNOWN;
        }
        return new JfrStatus(running > 0 ? State.RECORDING : State.OFF, running);
    }

    public String describe() {
        return switch (state) {
            case RECORDING -> running == 1 ? "recording" : "recording (" + running + ")";
            case OFF -> "off";
            case UNKNOWN -> "?";
            case DISABLED -> "disabled";
        };
    }
}
