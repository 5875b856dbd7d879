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
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.warmupbot.core.port.StoreUnavailableException;

/**
 * The locks a store takes beside its database, held as long as it is open and gone with its process (even a
 * crashed one): they tell whether another bot process (a {@code run} process or a terminal command) has the store
 * open, for a week zone change, and keep the sessions each process serves its own ({@link #claim}).
 *
 * <p>PostgreSQL: session-level advisory locks on a connection of the store's own. SQLite: byte-range locks on
 * {@code <file>.lock} beside the database, through one channel per file in this JVM (closing any channel of a
 * file drops every lock this process holds on it, so the stores of one JVM share it). Thread-safe; closed with
 * the store.
 */
interface OtherProcesses extends AutoCloseable {

  /** The {@code ApplicationName} of every pooled and writer connection of a PostgreSQL store ends in its own id. */
  String POSTGRES_APPLICATION_PREFIX = "warmup-bot ";

  /** What a store does while it opens, knowing whether another bot process has the store open now. */
  @FunctionalInterface
  interface Opening {
    void run(boolean othersConnected);
  }

  /**
   * Runs {@code opening} (the week zone check and any re-bucketing) while no other store of this database opens,
   * then counts this store among the open ones. Runs it once.
   */
  void opening(Opening opening);

  /**
   * Claims {@code claim}'s sessions for as long as this store is open.
   *
   * @throws SessionsClaimedException when another open store claimed any of them; this one then claims nothing
   */
  void claim(SessionClaim claim, String where);

  @Override
  void close();

  // The locks' layout. PostgreSQL: advisory keys (NAMESPACE, n) for the store-wide ones, (NAMESPACE + 1, shard
  // count) and (NAMESPACE + 2, shard id) for Discord. SQLite: bytes of the lock file, see SqliteLocks.

  /** An arbitrary key space ("WRMU") for this bot's advisory locks, so they do not meet another application's. */
  int NAMESPACE = 0x57524D55;
  /** Held exclusively while a store opens or claims: those steps of two processes happen one after the other. */
  int OPENING = 0;
  /** Held shared by every open store; exclusively by one that finds itself alone. */
  int OPEN = 1;
  /** Held exclusively by the store of the process serving Slack. */
  int SLACK = 2;

  /** PostgreSQL, through {@code connector}'s connection of the store's own, opened now. */
  static OtherProcesses postgres(WriterConnection.Opener connector) {
    try {
      return new PostgresLocks(connector.open());
    } catch (SQLException e) {
      throw new StoreUnavailableException("cannot open the store's lock connection: " + e.getMessage(), e);
    }
  }

  /**
   * SQLite: locks on {@code <file>.lock} beside {@code database}. When the lock file cannot be used (a read-only
   * folder), nobody else is seen and nothing is claimed, with a warning.
   */
  static OtherProcesses sqlite(Path database) {
    return SqliteLocks.open(database.resolveSibling(database.getFileName() + ".lock").toAbsolutePath().normalize());
  }

  /** See {@link OtherProcesses}: PostgreSQL. */
  final class PostgresLocks implements OtherProcesses {
    private final Connection connection; // auto-commit; guarded by this

    PostgresLocks(Connection connection) throws SQLException {
      this.connection = connection;
      connection.setAutoCommit(true);
    }

    @Override
    public synchronized void opening(Opening opening) {
      try {
        call("pg_advisory_lock", NAMESPACE, OPENING);
        try {
          boolean alone = call("pg_try_advisory_lock", NAMESPACE, OPEN);
          boolean named = namedSessions(); // an earlier version's process takes no advisory lock
          opening.run(!alone || named);
          call("pg_advisory_lock_shared", NAMESPACE, OPEN); // ours too: a session's locks never conflict
          if (alone) {
            call("pg_advisory_unlock", NAMESPACE, OPEN);
          }
        } finally {
          call("pg_advisory_unlock", NAMESPACE, OPENING);
        }
      } catch (SQLException e) {
        throw new StoreUnavailableException("cannot take the store's open lock: " + e.getMessage(), e);
      }
    }

    /**
     * Sessions on this database named by another store ({@code warmup-bot <id>}) or a board listener. Not seen
     * when {@code ApplicationName} in the URL names every connection alike: the advisory lock tells then.
     */
    private boolean namedSessions() throws SQLException {
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
    public synchronized void claim(SessionClaim claim, String where) {
      List<int[]> taken = new ArrayList<>(); // {function 0 exclusive / 1 shared, key1, key2}
      boolean done = false;
      try {
        call("pg_advisory_lock", NAMESPACE, OPENING);
        try {
          if (claim.slack()) {
            if (!call("pg_try_advisory_lock", NAMESPACE, SLACK)) {
              throw SessionsClaimedException.slack(where);
            }
            taken.add(new int[] {0, NAMESPACE, SLACK});
          }
          if (claim.discord()) {
            call("pg_advisory_lock_shared", NAMESPACE + 1, claim.discordShards()); // nobody holds a count exclusively
            taken.add(new int[] {1, NAMESPACE + 1, claim.discordShards()});
            Set<Long> otherCounts = otherDiscordCounts(claim.discordShards());
            if (!otherCounts.isEmpty()) {
              long count = otherCounts.iterator().next();
              throw SessionsClaimedException.discordShardCount(where, claim,
                  count == 1 ? "no shards (every server)" : count + " shards (discord.shards " + count + ")");
            }
            Set<Integer> held = new TreeSet<>();
            for (int shard : claim.discordShardIds()) {
              if (call("pg_try_advisory_lock", NAMESPACE + 2, shard)) {
                taken.add(new int[] {0, NAMESPACE + 2, shard});
              } else {
                held.add(shard);
              }
            }
            if (!held.isEmpty()) {
              throw SessionsClaimedException.discordShards(where, claim, held);
            }
          }
          done = true;
        } finally {
          if (!done) {
            for (int[] lock : taken) {
              call(lock[0] == 0 ? "pg_advisory_unlock" : "pg_advisory_unlock_shared", lock[1], lock[2]);
            }
          }
          call("pg_advisory_unlock", NAMESPACE, OPENING);
        }
      } catch (SQLException e) {
        throw new StoreUnavailableException("cannot claim the sessions of this process on the store " + where
            + ": " + e.getMessage(), e);
      }
    }

    /** The Discord shard counts other sessions on this database have claimed, but {@code mine}. */
    private Set<Long> otherDiscordCounts(int mine) throws SQLException {
      try (PreparedStatement query = connection.prepareStatement(
          "SELECT DISTINCT objid::bigint FROM pg_locks WHERE locktype = 'advisory' AND granted"
              + " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
              + " AND classid::bigint = ? AND objsubid = 2 AND objid::bigint <> ?")) {
        query.setLong(1, NAMESPACE + 1);
        query.setLong(2, mine);
        Set<Long> counts = new TreeSet<>();
        try (ResultSet rows = query.executeQuery()) {
          while (rows.next()) {
            counts.add(rows.getLong(1));
          }
        }
        return counts;
      }
    }

    /** {@code SELECT function(key1, key2)}: the lock function's boolean, or true for those that return nothing. */
    private boolean call(String function, int key1, int key2) throws SQLException {
      try (PreparedStatement statement = connection.prepareStatement("SELECT " + function + "(?, ?)")) {
        statement.setInt(1, key1);
        statement.setInt(2, key2);
        try (ResultSet rows = statement.executeQuery()) {
          rows.next();
          Object value = rows.getObject(1);
          return !(value instanceof Boolean answer) || answer;
        }
      }
    }

    @Override
    public synchronized void close() {
      try {
        connection.close(); // ends the session, and with it every lock of this store
      } catch (SQLException e) {
        LoggerFactory.getLogger(PostgresLocks.class).debug("Closing the store's lock connection failed", e);
      }
    }
  }

  /**
   * See {@link OtherProcesses}: SQLite. Bytes of the lock file: each open store holds a shared lock on one byte of
   * its own in {@code [1, 2^40)} (another store is open when some byte there is locked by someone else); above
   * {@link #CLAIMS} the opening byte, the Slack byte, a byte per Discord shard count (shared) and one per shard.
   */
  final class SqliteLocks implements OtherProcesses {
    private static final Logger log = LoggerFactory.getLogger(SqliteLocks.class);
    /** The bytes a store picks its own from: collisions (harmless anyway) are negligible. */
    private static final long BYTES = 1L << 40;
    private static final long CLAIMS = 1L << 41;
    private static final long OPENING_BYTE = CLAIMS + OPENING;
    private static final long SLACK_BYTE = CLAIMS + SLACK;
    private static final long COUNTS = CLAIMS + (1L << 20); // + shard count, up to SessionClaim.MAX_SHARDS
    private static final long SHARDS = CLAIMS + (1L << 21); // + shard id
    /** The lock files this JVM has open, by absolute path; guarded by itself. */
    private static final Map<Path, SharedFile> FILES = new HashMap<>();

    /** One lock file's channel, shared by this JVM's stores on it; guarded by itself. */
    private static final class SharedFile {
      final Path path;
      final FileChannel channel;
      int stores;
      /** Shared locks this JVM holds for several stores, with how many hold each (Java refuses a second one). */
      final Map<Long, FileLock> shared = new HashMap<>();
      final Map<Long, Integer> holders = new HashMap<>();

      SharedFile(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
      }
    }

    private final @Nullable SharedFile file;
    private final List<FileLock> mine = new ArrayList<>(); // guarded by file
    private final List<Long> sharedHeld = new ArrayList<>(); // guarded by file
    private boolean closed; // guarded by file

    private SqliteLocks(@Nullable SharedFile file) {
      this.file = file;
    }

    static SqliteLocks open(Path lockFile) {
      synchronized (FILES) {
        SharedFile file = FILES.get(lockFile);
        if (file == null) {
          try {
            file = new SharedFile(lockFile, FileChannel.open(
                lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE));
          } catch (IOException e) {
            log.warn("Cannot use {} to tell whether another bot process uses the store ({}); a week zone change is"
                + " then applied without that check, and the sessions of this process are not claimed", lockFile,
                e.toString());
            return new SqliteLocks(null);
          }
          FILES.put(lockFile, file);
        }
        file.stores++;
        return new SqliteLocks(file);
      }
    }

    @Override
    public void opening(Opening opening) {
      SharedFile shared = file;
      if (shared == null) {
        opening.run(false);
        return;
      }
      synchronized (shared) {
        FileLock serial = lockOpening(shared);
        try {
          opening.run(lockedByOthers(shared, 0, BYTES));
          mine.add(ownByte(shared));
        } finally {
          release(serial);
        }
      }
    }

    /** Waits for another process's store opening or claiming; this JVM's wait on the monitor instead. */
    private static FileLock lockOpening(SharedFile shared) {
      try {
        return shared.channel.lock(OPENING_BYTE, 1, false);
      } catch (IOException e) {
        throw new StoreUnavailableException("cannot lock " + shared.path + ": " + e, e);
      }
    }

    private static FileLock ownByte(SharedFile shared) {
      for (int attempt = 0; ; attempt++) {
        long offset = 1 + ThreadLocalRandom.current().nextLong(BYTES - 2);
        try {
          return shared.channel.lock(offset, 1, true); // waits out a probe of an earlier version's process
        } catch (OverlappingFileLockException | IOException taken) {
          if (attempt == 3) {
            throw new StoreUnavailableException("no free byte to lock in " + shared.path + ": " + taken, taken);
          }
        }
      }
    }

    /** Whether a byte of {@code [position, position + size)} is locked by another process or store of this JVM. */
    private static boolean lockedByOthers(SharedFile shared, long position, long size) {
      if (size <= 0) {
        return false;
      }
      try {
        FileLock probe = shared.channel.tryLock(position, size, false);
        if (probe == null) {
          return true; // another process holds a byte of it
        }
        probe.release();
        return false;
      } catch (OverlappingFileLockException sameJvm) {
        return true; // another store of this JVM holds a byte of it
      } catch (IOException e) {
        log.warn("Cannot probe the store's lock file {}: {}", shared.path, e.toString());
        return false;
      }
    }

    @Override
    public void claim(SessionClaim claim, String where) {
      SharedFile shared = file;
      if (shared == null) {
        return; // warned at open
      }
      synchronized (shared) {
        FileLock serial = lockOpening(shared);
        List<FileLock> taken = new ArrayList<>();
        Long count = null;
        boolean done = false;
        try {
          if (claim.slack()) {
            taken.add(exclusive(shared, SLACK_BYTE).orElseThrow(() -> SessionsClaimedException.slack(where)));
          }
          if (claim.discord()) {
            long countByte = COUNTS + claim.discordShards();
            holdShared(shared, countByte);
            count = countByte;
            if (lockedByOthers(shared, COUNTS, claim.discordShards())
                || lockedByOthers(shared, countByte + 1, SessionClaim.MAX_SHARDS - claim.discordShards())) {
              throw SessionsClaimedException.discordShardCount(where, claim, "another number of shards");
            }
            Set<Integer> held = new TreeSet<>();
            for (int shard : claim.discordShardIds()) {
              java.util.Optional<FileLock> lock = exclusive(shared, SHARDS + shard);
              if (lock.isPresent()) {
                taken.add(lock.get());
              } else {
                held.add(shard);
              }
            }
            if (!held.isEmpty()) {
              throw SessionsClaimedException.discordShards(where, claim, held);
            }
          }
          done = true;
        } finally {
          if (done) {
            mine.addAll(taken);
            if (count != null) {
              sharedHeld.add(count);
            }
          } else {
            taken.forEach(SqliteLocks::release);
            if (count != null) {
              dropShared(shared, count);
            }
          }
          release(serial);
        }
      }
    }

    /** An exclusive lock on byte {@code position}; empty when another process or store of this JVM holds it. */
    private static java.util.Optional<FileLock> exclusive(SharedFile shared, long position) {
      try {
        return java.util.Optional.ofNullable(shared.channel.tryLock(position, 1, false));
      } catch (OverlappingFileLockException sameJvm) {
        return java.util.Optional.empty();
      } catch (IOException e) {
        throw new StoreUnavailableException("cannot lock " + shared.path + ": " + e, e);
      }
    }

    /** A shared lock on byte {@code position} for one more store of this JVM. */
    private static void holdShared(SharedFile shared, long position) {
      Integer holders = shared.holders.get(position);
      if (holders == null) {
        FileLock lock;
        try {
          lock = shared.channel.tryLock(position, 1, true);
        } catch (IOException e) {
          throw new StoreUnavailableException("cannot lock " + shared.path + ": " + e, e);
        }
        if (lock == null) {
          throw new StoreUnavailableException("byte " + position + " of " + shared.path + " is locked exclusively"
              + " by another process: is the file used by another program?", null);
        }
        shared.shared.put(position, lock);
        holders = 0;
      }
      shared.holders.put(position, holders + 1);
    }

    private static void dropShared(SharedFile shared, long position) {
      int holders = shared.holders.getOrDefault(position, 1) - 1;
      if (holders > 0) {
        shared.holders.put(position, holders);
        return;
      }
      shared.holders.remove(position);
      FileLock lock = shared.shared.remove(position);
      if (lock != null) {
        release(lock);
      }
    }

    private static void release(FileLock lock) {
      try {
        lock.release();
      } catch (IOException e) {
        log.debug("Releasing a lock of the store's lock file failed", e);
      }
    }

    @Override
    public void close() {
      SharedFile shared = file;
      if (shared == null) {
        return;
      }
      synchronized (shared) {
        if (closed) {
          return;
        }
        closed = true;
        mine.forEach(SqliteLocks::release);
        sharedHeld.forEach(position -> dropShared(shared, position));
      }
      synchronized (FILES) {
        if (--shared.stores == 0) {
          FILES.remove(shared.path);
          try {
            shared.channel.close(); // only now: closing it drops every lock this process holds on the file
          } catch (IOException e) {
            log.debug("Closing the store's lock file failed", e);
          }
        }
      }
    }
  }
}
