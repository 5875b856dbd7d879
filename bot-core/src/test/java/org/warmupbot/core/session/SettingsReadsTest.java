package org.warmupbot.core.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.warmupbot.core.player.Platform;
import org.warmupbot.core.player.Tenant;
import org.warmupbot.core.port.ResultStore;
import org.warmupbot.core.port.TenantSettings;

final class SettingsReadsTest {
  private static final Tenant STUCK = new Tenant(Platform.DISCORD, "stuck");
  private static final Tenant CACHED = new Tenant(Platform.DISCORD, "cached");

  private final CountDownLatch storeAnswers = new CountDownLatch(1);
  private final CountDownLatch stuckReads = new CountDownLatch(SettingsReads.THREADS);
  /** A store whose reads of {@link #STUCK} wait until the test lets them answer. */
  private final ResultStore store = mock(ResultStore.class);

  SettingsReadsTest() {
    when(store.settings(CACHED)).thenReturn(TenantSettings.DEFAULT);
    when(store.settings(STUCK)).thenAnswer(call -> {
      stuckReads.countDown();
      storeAnswers.await(10, TimeUnit.SECONDS);
      return TenantSettings.DEFAULT;
    });
  }

  @Test
  void aReadIsHandedToAThreadOfItsOwn_untilEveryThreadWaitsOnTheStore_thenItIsLeftToTheCaller() throws Exception {
    List<CompletableFuture<TenantSettings>> stuck = new ArrayList<>();
    try (SettingsReads reads = new SettingsReads(store, "test-settings")) {
      for (int i = 0; i < SettingsReads.THREADS - 1; i++) {
        stuck.add(reads.read(STUCK).orElseThrow());
      }
      assertThat(reads.read(CACHED).orElseThrow().get(10, TimeUnit.SECONDS))
          .as("not queued behind the stuck reads").isEqualTo(TenantSettings.DEFAULT);
      stuck.add(reads.read(STUCK).orElseThrow());
      assertThat(stuckReads.await(10, TimeUnit.SECONDS)).isTrue();

      assertThat(reads.read(CACHED)).as("every thread waits on the store").isEmpty();

      storeAnswers.countDown();
      for (CompletableFuture<TenantSettings> read : stuck) {
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(TenantSettings.DEFAULT);
      }
    } finally {
      storeAnswers.countDown();
    }
  }

  @Test
  void onceClosed_aReadIsMadeOnTheCallersThread() throws Exception {
    SettingsReads reads = new SettingsReads(store, "test-settings");
    reads.close();

    CompletableFuture<TenantSettings> read = reads.read(CACHED).orElseThrow();

    assertThat(read).isCompletedWithValue(TenantSettings.DEFAULT);
  }
}
