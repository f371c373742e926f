package io.maprace.samples.percall;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * A node of the document graph being validated. The graph is acyclic but shares nodes between parents, and all
 * threads validate the same graph. The hash code is the id, so that the nodes spread evenly over a hash set's bins
 * (never 8 in one bin: no tree bins, so the race cannot hang).
 */
public final class Node {

    private final int id;
    private final List<Node> children = new ArrayList<>();

    private Node(int id) {
        this.id = id;
    }

    public int id() {
        return id;
    }

    public List<Node> children() {
        return children;
    }

    @Override
    public int hashCode() {
        return id;
    }

    @Override
    public String toString() {
        return "node-" + id;
    }

    /**
     * Builds a layered acyclic graph, each node with {@code fanOut} children picked (with a fixed seed) from the next
     * layer, and returns the first layer: the roots.
     */
    static List<Node> graph(int[] layerSizes, int fanOut) {
        Random random = new Random(42);
        List<List<Node>> layers = new ArrayList<>();
        int id = 0;
        for (int size : layerSizes) {
            List<Node> layer = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                layer.add(new Node(id++));
            }
            layers.add(layer);
        }
        for (int l = 0; l + 1 < layers.size(); l++) {
            List<Node> next = layers.get(l + 1);
            for (Node node : layers.get(l)) {
                while (node.children.size() < fanOut) {
                    Node child = next.get(random.nextInt(next.size()));
                    if (!node.children.contains(child)) {
                        node.children.add(child);
                    }
                }
            }
        }
        return List.copyOf(layers.get(0));
    }
}
