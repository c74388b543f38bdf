/**
 * The declarative stack file ({@code kestra-stack generate --from stack.yaml}): the keys of the model's
 * builders, read with the builders' own validation, and the JSON Schema generated from the same key table.
 */
@NullMarked
package io.kestrastack.stackfile;

import org.jspecify.annotations.NullMarked;
