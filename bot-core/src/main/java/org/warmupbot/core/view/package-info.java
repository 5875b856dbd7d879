/**
 * The platform-neutral screens the engine produces. Adapters translate a {@link org.warmupbot.core.view.View}
 * into Discord components, Slack blocks or terminal lines; no platform markup appears here.
 */
@NullMarked
package org.warmupbot.core.view;

import org.jspecify.annotations.NullMarked;
