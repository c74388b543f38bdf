/** Tests of the internal YAML and text helpers. */
@NullMarked
package io.kestrastack.internal;

import org.jspecify.annotations.NullMarked;
