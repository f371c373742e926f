package io.maprace.findings;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.Arrays;
import java.util.Objects;

/**
 * Something about the input that limits the report (a truncated recording, no execution samples), with its
 * stable code and a one-line message saying what to do.
 *
 * @param code the stable code ({@code recording-truncated}), as the JSON has it
 * @param type the code as this version knows it, which carries the exit code; null for a code it does not know
 */
public record Warning(String code, String message, @JsonIgnore WarningCode type) {

    public Warning {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        if (type != null && !type.code().equals(code)) {
            throw new IllegalArgumentException(code + " is not " + type);
        }
    }

    public Warning(WarningCode type, String message) {
        this(type.code(), message, type);
    }

    /** A warning read back from JSON, or with a code of another tool: known codes get their type again. */
    @JsonCreator
    public Warning(@JsonProperty("code") String code, @JsonProperty("message") String message) {
        this(code, message, Arrays.stream(WarningCode.values()).filter(c -> c.code().equals(code)).findFirst()
                .orElse(null));
    }

    /** The command's exit code when a report carries this warning (0 for a note or an unknown code). */
    public int exitCode() {
        return type == null ? 0 : type.exitCode();
    }
}
