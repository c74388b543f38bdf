/** Tests of the renderers: golden files, properties of the parsed output, and the real tools. */
@NullMarked
package io.kestrastack.render;

import org.jspecify.annotations.NullMarked;
