/**
 * Implementation details shared with the other kestra-stack modules only: the violation accumulator,
 * secret access, YAML settings and the per-syntax escapers. Not an API.
 */
@NullMarked
package io.kestrastack.internal;

import org.jspecify.annotations.NullMarked;
