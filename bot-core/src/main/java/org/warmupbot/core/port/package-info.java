/**
 * What the core needs from the world, named by role: the packs on offer, where results and badges are kept,
 * how a platform grants a badge. Implementations live in other modules and are wired by the launcher.
 */
@NullMarked
package org.warmupbot.core.port;

import org.jspecify.annotations.NullMarked;
