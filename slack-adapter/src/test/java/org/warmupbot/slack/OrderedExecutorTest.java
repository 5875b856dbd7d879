package org.warmupbot.slack;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-member lanes the Slack adapter makes its Web API calls on, with real threads. */
final class OrderedExecutorTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private final OrderedExecutor lanes = new OrderedExecutor("test-lane", 4, Duration.ofSeconds(5));

  @AfterEach
  void close() {
    lanes.close();
  }

  @Test
  void tasksOfOneKey_runOneAtATime_inTheOrderTheyWereHandedIn() throws Exception {
    int keys = 8;
    int perKey = 300;
    Map<String, List<Integer>> seen = new ConcurrentHashMap<>();
    Map<String, AtomicInteger> running = new ConcurrentHashMap<>();
    AtomicBoolean overlapped = new AtomicBoolean();
    List<Thread> submitters = new ArrayList<>();
    for (int k = 0; k < keys; k++) {
      String key = "member-" + k;
      seen.put(key, new CopyOnWriteArrayList<>());
      running.put(key, new AtomicInteger());
      // One submitter per key, all at once: keys share stripes, so their tasks interleave on the threads.
      submitters.add(new Thread(() -> {
        for (int i = 0; i < perKey; i++) {
          int n = i;
          lanes.execute(key, () -> {
            if (running.get(key).incrementAndGet() != 1) {
              overlapped.set(true);
            }
            seen.get(key).add(n);
            running.get(key).decrementAndGet();
          });
        }
      }));
    }
    submitters.forEach(Thread::start);
    for (Thread submitter : submitters) {
      submitter.join(WAIT.toMillis());
    }

    assertThat(lanes.awaitIdle(WAIT)).isTrue();
    assertThat(overlapped).isFalse();
    List<Integer> inOrder = java.util.stream.IntStream.range(0, perKey).boxed().toList();
    assertThat(seen.values()).allSatisfy(list -> assertThat(list).containsExactlyElementsOf(inOrder));
  }

  @Test
  void aBlockedKey_doesNotHoldUpAKeyOnAnotherStripe() throws Exception {
    String slow = "slow-member";
    String other = keyOnAnotherStripeThan(slow);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch otherRan = new CountDownLatch(1);
    try {
      lanes.execute(slow, () -> awaitQuietly(release));

      lanes.execute(other, otherRan::countDown);

      assertThat(otherRan.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
      assertThat(lanes.awaitIdle(Duration.ZERO)).as("the slow task is still running").isFalse();
    } finally {
      release.countDown();
    }
    assertThat(lanes.awaitIdle(WAIT)).isTrue();
  }

  @Test
  void close_runsWhatIsQueued_thenStopsItsNamedDaemonThreads_andRefusesLaterTasks() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<Integer> ran = new CopyOnWriteArrayList<>();
    AtomicReference<Thread> worker = new AtomicReference<>();
    lanes.execute("member", () -> {
      worker.set(Thread.currentThread());
      awaitQuietly(release);
      ran.add(0);
    });
    for (int i = 1; i <= 5; i++) {
      int n = i;
      lanes.execute("member", () -> ran.add(n));
    }
    Thread closer = new Thread(lanes::close);
    closer.start();

    release.countDown();
    closer.join(WAIT.toMillis());

    assertThat(closer.isAlive()).as("close returned").isFalse();
    assertThat(ran).containsExactly(0, 1, 2, 3, 4, 5);
    assertThat(worker.get().getName()).startsWith("test-lane-");
    assertThat(worker.get().isDaemon()).isTrue();
    worker.get().join(WAIT.toMillis());
    assertThat(worker.get().isAlive()).as("the lane's thread ended").isFalse();
    AtomicBoolean lateRan = new AtomicBoolean();
    assertThat(lanes.execute("member", () -> lateRan.set(true))).isFalse();
    assertThat(lateRan).isFalse();
    assertThat(lanes.awaitIdle(Duration.ZERO)).isTrue();
  }

  @Test
  void close_interruptsATaskThatOutlastsTheGrace_andDropsWhatWaitsBehindIt() throws Exception {
    OrderedExecutor quick = new OrderedExecutor("quick-lane", 1, Duration.ofMillis(50));
    CountDownLatch never = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    AtomicBoolean behindRan = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(1);
    quick.execute("member", () -> {
      started.countDown();
      try {
        never.await();
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
    });
    quick.execute("member", () -> behindRan.set(true));
    assertThat(started.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();

    quick.close();

    assertThat(interrupted).isTrue();
    assertThat(behindRan).isFalse();
    assertThat(quick.awaitIdle(Duration.ZERO)).isTrue();
  }

  @Test
  void aTaskThatThrows_doesNotStopItsLane() throws Exception {
    CountDownLatch after = new CountDownLatch(1);

    lanes.execute("member", () -> {
      throw new IllegalStateException("a bug in one task");
    });
    lanes.execute("member", after::countDown);

    assertThat(after.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)).isTrue();
    assertThat(lanes.awaitIdle(WAIT)).isTrue();
  }

  @Test
  void executeLatest_replacesTheKeysWaitingTaskOfTheSameSlot_andTellsTheReplacementHowManyItStandsFor()
      throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    lanes.execute("member", () -> awaitQuietly(release));
    lanes.executeLatest("member", "modal", n -> ran.add("first/" + n));
    lanes.executeLatest("member", "home", n -> ran.add("home/" + n)); // another slot: both stay
    lanes.executeLatest("member", "home", n -> ran.add("home2/" + n));
    lanes.executeLatest("other", "home", n -> ran.add("other/" + n)); // another key: never merged

    release.countDown();

    assertThat(lanes.awaitIdle(WAIT)).isTrue();
    assertThat(ran).filteredOn(s -> !s.startsWith("other")).containsExactly("first/0", "home2/1");
    assertThat(ran).contains("other/0");
    assertThat(lanes.replaced()).isEqualTo(1);
  }

  @Test
  void executeLatest_neverReplacesATaskThatAnotherTaskOfTheKeyWaitsBehind_soNothingIsReordered() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    List<String> ran = new CopyOnWriteArrayList<>();
    lanes.execute("member", () -> awaitQuietly(release));
    lanes.executeLatest("member", "modal", n -> ran.add("update-1"));
    lanes.execute("member", () -> ran.add("open"));
    lanes.executeLatest("member", "modal", n -> ran.add("update-2/" + n));
    lanes.executeLatest("member", "modal", n -> ran.add("update-3/" + n));

    release.countDown();

    assertThat(lanes.awaitIdle(WAIT)).isTrue();
    assertThat(ran).containsExactly("update-1", "open", "update-3/1");
  }

  private String keyOnAnotherStripeThan(String key) {
    for (int i = 0; ; i++) {
      String candidate = "member-" + i;
      if (lanes.stripe(candidate) != lanes.stripe(key)) {
        return candidate;
      }
    }
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
