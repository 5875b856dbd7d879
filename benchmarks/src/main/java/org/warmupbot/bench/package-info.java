/**
 * Measurements of the engine: the answer step beside raw Caffeine (JMH) and heap per live session. Run by hand;
 * the commands are in docs/performance.md.
 */
@NullMarked
package org.warmupbot.bench;

import org.jspecify.annotations.NullMarked;
