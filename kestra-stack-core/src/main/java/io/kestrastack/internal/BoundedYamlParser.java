package io.kestrastack.internal;

import org.snakeyaml.engine.v2.events.Event;
import org.snakeyaml.engine.v2.parser.Parser;

/**
 * A YAML event stream with limits, put between snakeyaml-engine's parser and its composer: at most
 * {@link #MAX_EVENTS} events and {@link #MAX_DEPTH} levels of nesting. The composer builds a node per event
 * and recurses per level, so these bound both the memory and the stack a hostile file can take (a 4 MB
 * file of duplicate keys is a million nodes; 20 KB of {@code [} nest ten thousand levels). No stack file
 * comes near either limit.
 */
public final class BoundedYamlParser implements Parser {

    /** Most events (scalars, aliases, collection starts and ends) read from one stream. */
    public static final int MAX_EVENTS = 20_000;
    /** Deepest nesting of collections. */
    public static final int MAX_DEPTH = 64;

    /** Thrown when a limit is passed; the message says which, and is safe to print. */
    public static final class LimitExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        LimitExceeded(String message) {
            super(message, null, false, false);
        }
    }

    private final Parser parser;
    private int events;
    private int depth;

    /** Bounds {@code parser}. */
    public BoundedYamlParser(Parser parser) {
        this.parser = parser;
    }

    @Override
    public boolean checkEvent(Event.ID choice) {
        return parser.checkEvent(choice);
    }

    @Override
    public Event peekEvent() {
        return parser.peekEvent();
    }

    @Override
    public boolean hasNext() {
        return parser.hasNext();
    }

    @Override
    public Event next() {
        Event e = parser.next();
        if (++events > MAX_EVENTS) {
            throw new LimitExceeded("more than " + MAX_EVENTS + " YAML nodes, over the limit kestra-stack reads");
        }
        Event.ID id = e.getEventId();
        if (id == Event.ID.MappingStart || id == Event.ID.SequenceStart) {
            if (++depth > MAX_DEPTH) {
                throw new LimitExceeded("nesting deeper than " + MAX_DEPTH + " levels, over the limit kestra-stack reads");
            }
        } else if (id == Event.ID.MappingEnd || id == Event.ID.SequenceEnd) {
            depth--;
        }
        return e;
    }
}
