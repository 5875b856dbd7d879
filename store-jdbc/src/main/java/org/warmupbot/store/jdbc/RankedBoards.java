package org.warmupbot.store.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.warmupbot.core.port.StoreUnavailableException;

/**
 * The in-process ranked boards of a store ({@link JdbcStores.Ranking#IN_PROCESS}): a {@link RankIndex} per board
 * (tenant, pack, and all time or one week), each built from the board's table on its first read and then kept in
 * step with every run committed: {@link #committed offered} by the save path, and on PostgreSQL by the runs of
 * every process, notified ({@link BoardNotifications}).
 *
 * <p>Why a build and the saves that commit during it agree: a board is registered before its table is read, so a
 * run committed after the read began is offered to the registered board (queued until the build ends), and one
 * committed before is in what the read sees. Offering keeps the better of the kept and the offered entry, so the
 * order in which the two meet does not matter, and an entry seen twice changes nothing.
 *
 * <p>Also kept per pack: the latest week with entries, which decides (as in SQL) whether a week start is read from
 * the weekly table; weekly boards of earlier weeks are dropped once a later week has entries, since they are then
 * read from the runs. Memory is therefore the all-time boards plus one weekly board per pack that was read.
 *
 * <p>Kept in step by a feed of committed runs: the store's own save path, and on PostgreSQL also {@link
 * BoardNotifications}, which offers every run any process committed. A feed that can miss runs (a lost listener
 * connection) {@link #suspend suspends} the boards: every board is dropped, {@link #live} turns false (the store then
 * reads with SQL), and boards are built again only after {@link #resume}, once the feed is whole again. A board
 * whose build overlapped a suspension answers the reads that waited for it, then is dropped (see {@link #read}).
 *
 * <p>Thread-safe: one read-write lock per board; a build runs in the first reader's thread without the lock, and
 * other readers of that board wait for it. Saves never wait for a build.
 */
final class RankedBoards {

  /** A board: {@code weekStartMicros} is {@link #ALL_TIME} for the all-time board. */
  record BoardKey(String platform, String tenant, String packId, long weekStartMicros) {
    PackKey pack() {
      return new PackKey(platform, tenant, packId);
    }
  }

  record PackKey(String platform, String tenant, String packId) {}

  static final long ALL_TIME = Long.MIN_VALUE;

  /** Reads a board's table into an index; throws {@link StoreUnavailableException}. */
  @FunctionalInterface
  interface Loader {
    RankIndex load(BoardKey board);
  }

  /** Reads the latest week start with entries for a pack, {@link Long#MIN_VALUE} when none. */
  @FunctionalInterface
  interface LatestWeekLoader {
    long load(PackKey pack);
  }

  private record Offer(String userId, int score, long totalNanos, long finishedMicros) {}

  private static final class Board {
    final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    @Nullable RankIndex index; // guarded by lock; null while building
    @Nullable List<Offer> pending = new ArrayList<>(); // guarded by lock; offers that came during the build
  }

  private static final class LatestWeek {
    final AtomicLong value = new AtomicLong(Long.MIN_VALUE);
    final CompletableFuture<Void> ready = new CompletableFuture<>();
  }

  private final ConcurrentHashMap<BoardKey, Board> boards = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<PackKey, LatestWeek> latestWeeks = new ConcurrentHashMap<>();
  private final Loader loader;
  private final LatestWeekLoader latestWeekLoader;
  // Changed by suspend() and resume(): a board or latest week registered under one generation is kept only if the
  // generation is the same once it is loaded (see read()).
  private final AtomicLong generation = new AtomicLong();
  private volatile boolean live = true;
  private final AtomicLong builds = new AtomicLong(); // boards loaded from their table; for tests

  RankedBoards(Loader loader, LatestWeekLoader latestWeekLoader) {
    this.loader = loader;
    this.latestWeekLoader = latestWeekLoader;
  }

  /**
   * Answers {@code query} from the board's index under its read lock, building the index first when this is
   * the board's first read (other readers wait for that build).
   *
   * @throws StoreUnavailableException when the build cannot read the table; the next read tries again
   */
  <T> T read(BoardKey key, Function<RankIndex, T> query) {
    long registeredIn = generation.get();
    Board board = boards.get(key);
    if (board == null) {
      Board fresh = new Board();
      board = boards.putIfAbsent(key, fresh);
      if (board == null) {
        board = fresh;
        build(key, fresh);
        if (!live || generation.get() != registeredIn) {
          // Built while the feed was broken, or across a suspension: it may miss runs committed after its scan.
          // It is a fresh read of the table, so it answers this read (and those waiting on it), but no later one.
          boards.remove(key, fresh);
        }
      }
    }
    await(board.ready);
    board.lock.readLock().lock();
    try {
      return query.apply(board.index);
    } finally {
      board.lock.readLock().unlock();
    }
  }

  private void build(BoardKey key, Board board) {
    try {
      builds.incrementAndGet();
      RankIndex index = loader.load(key);
      board.lock.writeLock().lock();
      try {
        for (Offer offer : board.pending) {
          index.offer(offer.userId(), offer.score(), offer.totalNanos(), offer.finishedMicros());
        }
        board.pending = null;
        board.index = index;
      } finally {
        board.lock.writeLock().unlock();
      }
      board.ready.complete(null);
    } catch (RuntimeException | Error e) {
      boards.remove(key, board);
      board.ready.completeExceptionally(e);
      throw e;
    }
    if (key.weekStartMicros() != ALL_TIME) {
      dropWeeksBefore(key.pack(), latestWeekIfKnown(key.pack()));
    }
  }

  /**
   * The latest week start with entries for the pack, {@link Long#MIN_VALUE} when none; read from the table on
   * first use, then kept by {@link #committed}.
   */
  long latestWeek(PackKey pack) {
    long registeredIn = generation.get();
    LatestWeek latest = latestWeeks.get(pack);
    if (latest == null) {
      LatestWeek fresh = new LatestWeek();
      latest = latestWeeks.putIfAbsent(pack, fresh);
      if (latest == null) {
        latest = fresh;
        try {
          // Registered before the read: a week committed meanwhile is raised into it by committed().
          fresh.value.accumulateAndGet(latestWeekLoader.load(pack), Math::max);
          fresh.ready.complete(null);
        } catch (RuntimeException | Error e) {
          latestWeeks.remove(pack, fresh);
          fresh.ready.completeExceptionally(e);
          throw e;
        }
        if (!live || generation.get() != registeredIn) {
          latestWeeks.remove(pack, fresh); // as for a board in read()
        }
      }
    }
    await(latest.ready);
    return latest.value.get();
  }

  private long latestWeekIfKnown(PackKey pack) {
    LatestWeek latest = latestWeeks.get(pack);
    return latest == null || !latest.ready.isDone() ? Long.MIN_VALUE : latest.value.get();
  }

  /**
   * Offers a committed run's entry to the boards it belongs on that are built or being built (the all-time board
   * and its week's board), and raises its pack's latest week. Call only after the transaction that wrote the
   * run's best entries committed. Never throws.
   */
  void committed(
      String platform, String tenant, String packId, long weekStartMicros,
      String userId, int score, long totalNanos, long finishedMicros) {
    PackKey pack = new PackKey(platform, tenant, packId);
    LatestWeek latest = latestWeeks.get(pack);
    if (latest != null) {
      long before = latest.value.getAndAccumulate(weekStartMicros, Math::max);
      if (weekStartMicros > before) {
        dropWeeksBefore(pack, weekStartMicros);
      }
    }
    Offer offer = new Offer(userId, score, totalNanos, finishedMicros);
    offer(new BoardKey(platform, tenant, packId, ALL_TIME), offer);
    offer(new BoardKey(platform, tenant, packId, weekStartMicros), offer);
  }

  private void offer(BoardKey key, Offer offer) {
    Board board = boards.get(key);
    if (board == null) {
      return; // not read yet: its build will read the committed row
    }
    board.lock.writeLock().lock();
    try {
      if (board.index == null) {
        if (board.pending != null) {
          board.pending.add(offer);
        }
      } else {
        board.index.offer(offer.userId(), offer.score(), offer.totalNanos(), offer.finishedMicros());
      }
    } finally {
      board.lock.writeLock().unlock();
    }
  }

  /**
   * Drops every board and latest week of these packs, to be built again from the tables on the next read: for a
   * save that failed after its transaction may have committed, when the boards cannot know what was kept.
   */
  void forget(List<PackKey> packs) {
    for (PackKey pack : packs) {
      latestWeeks.remove(pack);
      boards.keySet().removeIf(key -> key.pack().equals(pack));
    }
  }

  /**
   * The feed of committed runs broke (runs may be missed from now on): drops every board and latest week, and
   * makes {@link #live} false until {@link #resume}. Reads that hold a board already answer from it; boards built
   * meanwhile answer only the reads that waited for them.
   */
  void suspend() {
    live = false;
    generation.incrementAndGet(); // after live: a reader that sees this generation sees live false
    forgetAll();
  }

  /**
   * The feed is whole again (every run committed from now on will be offered): boards registered from now on are
   * kept. Call only once the feed is in place, e.g. after {@code LISTEN} returned.
   */
  void resume() {
    generation.incrementAndGet(); // a board registered before this may have scanned before the feed was back
    live = true;
  }

  /** Whether the boards are kept in step; when false the store reads with SQL. */
  boolean live() {
    return live;
  }

  /** Drops every board and latest week; they are built again on their next read. */
  void forgetAll() {
    boards.clear();
    latestWeeks.clear();
  }

  /** Weekly boards of the pack before {@code week}: read from the runs from now on, so no longer needed. */
  private void dropWeeksBefore(PackKey pack, long week) {
    boards.keySet().removeIf(
        key -> key.weekStartMicros() != ALL_TIME && key.weekStartMicros() < week && key.pack().equals(pack));
  }

  /** Boards loaded from their table so far (each first read, each read after a drop); for tests. */
  long builds() {
    return builds.get();
  }

  /** Boards held, built or being built; for tests. */
  int boardCount() {
    return boards.size();
  }

  private static void await(CompletableFuture<Void> ready) {
    try {
      ready.join();
    } catch (CompletionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof StoreUnavailableException failure) {
        throw new StoreUnavailableException(failure.getMessage(), failure);
      }
      throw e;
    }
  }
}
