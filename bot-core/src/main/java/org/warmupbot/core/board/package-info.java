/**
 * Leaderboards and profiles as platform-neutral views: ranks read from a {@link
 * org.warmupbot.core.port.ResultStore}, pages and periods as round-trippable action ids ({@link
 * org.warmupbot.core.board.BoardAction}).
 */
@NullMarked
package org.warmupbot.core.board;

import org.jspecify.annotations.NullMarked;
