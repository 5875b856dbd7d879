package org.warmupbot.discord;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

final class CustomIdsTest {
  @Test
  void encodeThenDecode_givesOwnerAndActionBack() {
    String id = CustomIds.encode("123456789012345678", "choose:q1:right");
    assertThat(CustomIds.decode(id)).contains(new CustomIds.Decoded("123456789012345678", "choose:q1:right"));
  }

  @Test
  void longestActionIdWithLongestSnowflake_fitsIn100() {
    String id = CustomIds.encode("1".repeat(20), "a".repeat(72));
    assertThat(id).hasSize(93);
  }

  @Test
  void overlongId_isRefusedNotCut() {
    assertThatThrownBy(() -> CustomIds.encode("1", "a".repeat(99))).hasMessageContaining("over 100");
  }

  @Test
  void foreignIds_decodeToNothing() {
    assertThat(CustomIds.decode("no-bar")).isEmpty();
    assertThat(CustomIds.decode("abc|begin:x")).isEmpty();
    assertThat(CustomIds.decode("123|")).isEmpty();
  }

  @Test
  void furtherCopiesOfAnAction_getDistinctIdsThatDecodeToTheSameAction() {
    String first = CustomIds.encode("42", "board:all:small:2", 0);
    String second = CustomIds.encode("42", "board:all:small:2", 1);
    assertThat(first).isNotEqualTo(second);
    assertThat(CustomIds.decode(second)).contains(new CustomIds.Decoded("42", "board:all:small:2"));
    assertThat(CustomIds.decode(first)).isEqualTo(CustomIds.decode(second));
  }
}
