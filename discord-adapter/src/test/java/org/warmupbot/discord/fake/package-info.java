/**
 * A fake Discord for tests: REST on a JDK {@code HttpServer} and the gateway on a loopback WebSocket server,
 * driven by tests and refusing what Discord refuses. Shipped in this module's test-jar for other modules'
 * end-to-end tests.
 */
@NullMarked
package org.warmupbot.discord.fake;

import org.jspecify.annotations.NullMarked;
