package io.maprace.samples;

/** A sample cannot run in this JVM; the message is one line saying what to do (e.g. the flag to add). */
public final class SampleSetupException extends Exception {
    public SampleSetupException(String message) {
        super(message);
    }

    public SampleSetupException(String message, Throwable cause) {
        super(message, cause);
    }
}
