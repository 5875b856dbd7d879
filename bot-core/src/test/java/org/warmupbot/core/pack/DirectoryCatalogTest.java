package org.warmupbot.core.pack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.warmupbot.core.pack.PackYaml.VALID;
import static org.warmupbot.core.pack.PackYaml.write;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.warmupbot.core.port.ChallengeCatalog;

final class DirectoryCatalogTest {
  @TempDir Path dir;

  private static String pack(String id, String title) {
    return VALID.replace("id: sample", "id: " + id).replace("title: Sample", "title: " + title);
  }

  @Test
  void all_isInFileNameOrderAndFindWorksById() throws Exception {
    write(dir, "20-second.yml", pack("second", "Two"));
    write(dir, "10-first.yml", pack("first", "One"));

    DirectoryCatalog catalog = new DirectoryCatalog(dir);

    assertThat(catalog.all()).extracting(ChallengePack::id).containsExactly("first", "second");
    assertThat(catalog.find("second")).map(ChallengePack::title).contains("Two");
    assertThat(catalog.find("third")).isEmpty();
    assertThat(catalog.directory()).isEqualTo(dir);
  }

  @Test
  void constructor_refusesABrokenDirectoryWithItsProblems() {
    write(dir, "a.yml", pack("Bad Id", "One"));

    assertThatThrownBy(() -> new DirectoryCatalog(dir))
        .isInstanceOf(PackValidationException.class)
        .hasMessageContaining("a.yml:1:5: id: 'Bad Id' is not a valid id");
  }

  @Test
  void reload_swapsInTheNewPacks() throws Exception {
    write(dir, "a.yml", pack("first", "One"));
    DirectoryCatalog catalog = new DirectoryCatalog(dir);
    write(dir, "a.yml", pack("first", "One, edited"));
    write(dir, "b.yml", pack("second", "Two"));

    List<ChallengePack> served = catalog.reload();

    assertThat(served).extracting(ChallengePack::title).containsExactly("One, edited", "Two");
    assertThat(catalog.all()).isEqualTo(served);
    assertThat(catalog.find("first")).map(ChallengePack::title).contains("One, edited");
  }

  @Test
  void reload_keepsServingTheOldSetWhenAPackIsBroken() throws Exception {
    write(dir, "a.yml", pack("first", "One"));
    DirectoryCatalog catalog = new DirectoryCatalog(dir);
    List<ChallengePack> before = catalog.all();
    write(dir, "a.yml", pack("first", "One, edited"));
    write(dir, "b.yml", pack("second", "Two").replace("  attempts: 2", "  attempts: 9"));

    assertThatThrownBy(catalog::reload)
        .isInstanceOfSatisfying(PackValidationException.class, e ->
            assertThat(e.problems()).singleElement().satisfies(problem -> {
              assertThat(problem.file().getFileName()).hasToString("b.yml");
              assertThat(problem.field()).isEqualTo("defaults.attempts");
            }));
    assertThat(catalog.all()).isSameAs(before);
    assertThat(catalog.find("first")).map(ChallengePack::title).contains("One");
    assertThat(catalog.find("second")).isEmpty();
  }

  @Test
  void reload_afterTheFix_servesTheNewSet() throws Exception {
    write(dir, "a.yml", pack("first", "One"));
    DirectoryCatalog catalog = new DirectoryCatalog(dir);
    Files.delete(dir.resolve("a.yml"));
    assertThatThrownBy(catalog::reload).hasMessageContaining("holds no challenge pack");

    write(dir, "b.yml", pack("second", "Two"));

    assertThat(catalog.reload()).extracting(ChallengePack::id).containsExactly("second");
  }

  @Test
  void readersDuringReloads_alwaysSeeOneWholeSet() throws Exception {
    // Two packs whose titles name their generation: a reader must never see a mix of generations.
    write(dir, "a.yml", pack("first", "gen0"));
    write(dir, "b.yml", pack("second", "gen0"));
    DirectoryCatalog catalog = new DirectoryCatalog(dir);
    AtomicBoolean done = new AtomicBoolean();
    CountDownLatch started = new CountDownLatch(2);
    ExecutorService readers = Executors.newFixedThreadPool(2);
    try {
      List<Future<Integer>> checks = new ArrayList<>();
      for (int r = 0; r < 2; r++) {
        checks.add(readers.submit(() -> {
          started.countDown();
          int reads = 0;
          while (!done.get()) {
            List<ChallengePack> all = catalog.all();
            assertThat(all).hasSize(2);
            assertThat(all.get(1).title()).isEqualTo(all.get(0).title());
            reads++;
          }
          return reads;
        }));
      }
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      for (int generation = 1; generation <= 30; generation++) {
        write(dir, "a.yml", pack("first", "gen" + generation));
        write(dir, "b.yml", pack("second", "gen" + generation));
        catalog.reload();
      }
      done.set(true);
      for (Future<Integer> check : checks) {
        assertThat(check.get(10, TimeUnit.SECONDS)).isPositive();
      }
      assertThat(catalog.find("second")).map(ChallengePack::title).contains("gen30");
    } finally {
      done.set(true);
      readers.shutdownNow();
    }
  }

  @Test
  void of_servesTheGivenPacksInOrder() throws Exception {
    ChallengePack first = PackYaml.loadOne(dir, pack("first", "One"));
    ChallengePack second = PackYaml.loadOne(dir, pack("second", "Two"));

    ChallengeCatalog catalog = DirectoryCatalog.of(second, first);

    assertThat(catalog.all()).containsExactly(second, first);
    assertThat(catalog.find("first")).contains(first);
    assertThat(catalog.find("none")).isEmpty();
  }

  @Test
  void of_refusesTwoPacksWithOneId() throws Exception {
    ChallengePack pack = PackYaml.loadOne(dir, pack("first", "One"));

    assertThatThrownBy(() -> DirectoryCatalog.of(pack, pack))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("first");
  }
}
