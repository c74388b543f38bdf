/**
 * Rehearses a rendered bundle on this machine without Docker: the real Compose parser, private network
 * namespaces, Debian's PostgreSQL, the real nginx or Caddy and a Kestra stand-in on the real Micronaut server.
 */
@NullMarked
package io.kestrastack.rehearsal;

import org.jspecify.annotations.NullMarked;
