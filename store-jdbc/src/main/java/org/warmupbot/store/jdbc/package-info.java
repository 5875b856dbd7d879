/**
 * The durable stores: {@link org.warmupbot.store.jdbc.JdbcStore} on an embedded SQLite file (the default) or on
 * PostgreSQL when several bot processes share one store. Open one with {@link org.warmupbot.store.jdbc.JdbcStores}.
 */
@NullMarked
package org.warmupbot.store.jdbc;

import org.jspecify.annotations.NullMarked;
