/**
 * Pure, deterministic renderers that turn a validated {@link io.kestrastack.Stack} into file contents,
 * and the service description ({@link io.kestrastack.render.ServiceSpec}) that edges contribute.
 * Nothing here touches the file system.
 */
@NullMarked
package io.kestrastack.render;

import org.jspecify.annotations.NullMarked;
