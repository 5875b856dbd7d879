/**
 * The load harness: open-loop interactions through the real JDA and Bolt stacks against the loopback fakes,
 * beside the same stacks with handlers that only acknowledge, and the start-up timer of the packaged jar. Plain
 * main classes, run by hand (docs/performance-load.md); with {@code --split on} each stack runs in a child JVM
 * ({@link org.warmupbot.load.StackMain}) and the fakes and the load generator stay in the harness's. Only the
 * small unit tests of the parent/child protocol run in the test build.
 */
@NullMarked
package org.warmupbot.load;

import org.jspecify.annotations.NullMarked;
