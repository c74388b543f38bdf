/** Tests of the linter's public API, its rule catalogue and its fixtures. */
@NullMarked
package io.kestrastack.lint;

import org.jspecify.annotations.NullMarked;
