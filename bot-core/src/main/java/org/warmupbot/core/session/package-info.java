/**
 * The challenge engine: one timed session per player in a Caffeine cache, the rules of answering, scoring
 * and badges, and the views members see. Adapters call {@link org.warmupbot.core.session.ChallengeEngine}
 * and translate its {@link org.warmupbot.core.session.Step}s.
 */
@NullMarked
package org.warmupbot.core.session;

import org.jspecify.annotations.NullMarked;
