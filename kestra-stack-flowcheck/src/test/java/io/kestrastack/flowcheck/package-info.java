/**
 * Tests that hand every flow a rendered bundle writes under {@code flows/} to Kestra's own flow parser and
 * validator ({@code io.kestra:core}, the code behind Kestra's flow validate endpoint), for the Kestra line
 * of the io.kestra:core on the class path: 2.0.0 in kestra-stack-flowcheck, 1.3.x in
 * kestra-stack-flowcheck-1x, which compiles these same sources.
 */
@NullMarked
package io.kestrastack.flowcheck;

import org.jspecify.annotations.NullMarked;
