/**
 * Challenge packs: the questions, answers, badge and scoring rules of one challenge, and the loader that reads
 * them from YAML and reports every problem with its file, line and field.
 */
@NullMarked
package org.warmupbot.core.pack;

import org.jspecify.annotations.NullMarked;
