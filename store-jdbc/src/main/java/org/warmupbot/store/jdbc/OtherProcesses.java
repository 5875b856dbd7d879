package org.warmupbot.store.jdbc;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells whether another bot process has this store's database open: a store must not move the weekly boards to
 * its week zone under a process that ranks them in another. Thread-safe; closed with the store.
 */
interface OtherProcesses extends AutoCloseable {

  /** The {@code ApplicationName} of every pooled and writer connection of a PostgreSQL store ends in its own id. */
  String POSTGRES_APPLICATION_PREFIX = "warmup-bot ";

  /** True when another bot process has the database open now; {@code connection} is this store's, in a transaction. */
  boolean connected(Connection connection) throws SQLException;

  @Override
  void close();

  /**
   * PostgreSQL: the other sessions in {@code pg_stat_activity} on this database named by another store ({@code
   * warmup-bot <id>} with another id) or by a board listener ({@code warmup-board-listener}, this store's own starts
   * later). A process of a version that names neither is not seen.
   */
  static OtherProcesses postgres() {
    return new OtherProcesses() {
      @Override
      public boolean connected(Connection connection) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement(
            "SELECT COUNT(*) FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                + " AND (application_name = ? OR (application_name LIKE ?"
                + " AND application_name <> current_setting('application_name')))")) {
          query.setString(1, BoardNotifications.APPLICATION_NAME);
          query.setString(2, POSTGRES_APPLICATION_PREFIX + "%");
          try (ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1) > 0;
          }
        }
      }

      @Override
      public void close() {}
    };
  }

  /**
   * SQLite: every store on a file holds a shared lock on one byte of its own in {@code <file>.lock} beside it
   * (an OS lock, so it goes with the process, even a crashed one); another is connected when some byte of it is
   * locked by another process or another store of this JVM. When the lock file cannot be used (a read-only folder),
   * nobody is seen, as before.
   */
  static OtherProcesses sqlite(Path database) {
    return SqliteLock.open(database.resolveSibling(database.getFileName() + ".lock"));
  }

  /** The SQLite lock file, see {@link #sqlite}. */
  final class SqliteLock implements OtherProcesses {
    private static final Logger log = LoggerFactory.getLogger(SqliteLock.class);
    /** The bytes a store picks its own from: collisions (harmless anyway) are negligible. */
    private static final long BYTES = 1L << 40;

    private final @Nullable FileChannel channel;
    private final long mine;

    private SqliteLock(@Nullable FileChannel channel, long mine) {
      this.channel = channel;
      this.mine = mine;
    }

    static SqliteLock open(Path lockFile) {
      FileChannel channel = null;
      try {
        channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        for (int attempt = 0; ; attempt++) {
          long offset = 1 + ThreadLocalRandom.current().nextLong(BYTES - 2);
          try {
            channel.lock(offset, 1, true); // waits out another store's probe; kept until the channel closes
            return new SqliteLock(channel, offset);
          } catch (OverlappingFileLockException taken) {
            if (attempt == 3) {
              throw new IOException("no free byte to lock in " + lockFile, taken);
            }
          }
        }
      } catch (IOException e) {
        log.warn("Cannot use {} to tell whether another bot process uses the store ({}); a week zone change is"
            + " then applied without that check", lockFile, e.toString());
        if (channel != null) {
          try {
            channel.close();
          } catch (IOException ignored) {
            // nothing held
          }
        }
        return new SqliteLock(null, 0);
      }
    }

    @Override
    public boolean connected(Connection connection) {
      return channel != null && (lockedByOthers(0, mine) || lockedByOthers(mine + 1, BYTES - mine - 1));
    }

    private boolean lockedByOthers(long position, long size) {
      FileChannel open = channel;
      if (open == null || size <= 0) {
        return false;
      }
      try {
        FileLock probe = open.tryLock(position, size, false);
        if (probe == null) {
          return true; // another process holds a byte of it
        }
        probe.release();
        return false;
      } catch (OverlappingFileLockException sameJvm) {
        return true; // another store of this JVM holds a byte of it
      } catch (IOException e) {
        log.warn("Cannot probe the store's lock file: {}", e.toString());
        return false;
      }
    }

    @Override
    public void close() {
      if (channel != null) {
        try {
          channel.close(); // releases this store's byte
        } catch (IOException e) {
          log.debug("Closing the store's lock file failed", e);
        }
      }
    }
  }
}
