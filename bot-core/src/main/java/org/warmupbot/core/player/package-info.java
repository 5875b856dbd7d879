/** Who plays: a member of one server or workspace on one platform. */
@NullMarked
package org.warmupbot.core.player;

import org.jspecify.annotations.NullMarked;
