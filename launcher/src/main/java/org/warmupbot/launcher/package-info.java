/** The runnable jar: its commands, the terminal player, and the wiring of core, stores and platforms. */
@NullMarked
package org.warmupbot.launcher;

import org.jspecify.annotations.NullMarked;
