package io.maprace.samples.weak;

/**
 * The template of the plugin handlers: {@link HandlerClasses} defines hidden copies of this class, each a distinct
 * class that can be unloaded once nothing refers to it. Top-level and package-private on purpose: a hidden class
 * must be in the package of the lookup that defines it, and a nested class would carry nest attributes.
 */
final class Handler {

    public String handle(String request) {
        return request + " handled";
    }
}
