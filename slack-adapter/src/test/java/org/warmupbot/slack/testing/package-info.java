/**
 * Slack on loopback for tests: a fake Web API that enforces Slack's limits, a fake Socket Mode server, a
 * request signer and realistic payloads. Shipped in this module's test-jar for the launcher's end-to-end tests.
 */
@NullMarked
package org.warmupbot.slack.testing;

import org.jspecify.annotations.NullMarked;
