/**
 * A stand-in for Kestra's HTTP surface, run by the rehearsal in the Kestra service's place: the real Micronaut
 * server and management module at the version Kestra 2.0 uses, with Kestra's defaults and the rendered
 * configuration. Every behaviour comes from Micronaut or from Kestra's documented defaults.
 */
@NullMarked
package io.kestrastack.rehearsal.standin;

import org.jspecify.annotations.NullMarked;
