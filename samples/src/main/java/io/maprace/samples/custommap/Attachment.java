package io.maprace.samples.custommap;

/** What gets attached to a target object. It must not refer to the target, which is a weak key. */
public record Attachment(String category) {
}
