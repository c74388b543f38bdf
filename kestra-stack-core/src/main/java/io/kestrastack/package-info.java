/**
 * The stack model: immutable values built with fluent builders that validate everything in
 * {@code build()} and report every problem at once as a {@link io.kestrastack.StackConfigException}.
 *
 * <p>Start at {@link io.kestrastack.Stack#builder()}.
 */
@NullMarked
package io.kestrastack;

import org.jspecify.annotations.NullMarked;
