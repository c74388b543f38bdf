package io.kestrastack.render;

import io.kestrastack.Stack;

/** Turns a validated stack into one file, in memory, the same bytes every time. */
@FunctionalInterface
public interface Renderer {

    /** The file for {@code stack}. */
    RenderedFile render(Stack stack);
}
