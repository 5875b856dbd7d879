package org.warmupbot.core.session;

import org.warmupbot.core.view.View;

/** What happened, and the screen to show now. */
public record Step(Event event, View view) {}
