package org.warmupbot.discord.fake;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.jspecify.annotations.Nullable;

/**
 * One interaction the fake sent, and how the bot answered it. {@code messageId} is the message whose component
 * was used (null for slash commands); {@link #shownMessageId()} the message the response shows.
 */
public final class Interaction {
  private final long id;
  private final String token;
  private final int type;
  private final long guildId;
  private final long channelId;
  private final long userId;
  private final @Nullable Long messageId;
  private final Instant createdAt;
  private volatile int responseType;
  private volatile @Nullable Long shownMessageId;
  /** Answered as members see it: at once, or for a deferred response (5, 6) once its original was edited. */
  private volatile boolean settled;
  volatile @Nullable DataArray autocomplete;
  volatile @Nullable DataObject modal;
  /**
   * The INTERACTION_CREATE data as sent, for {@link FakeDiscord#redeliver}. Kept as text: a load run holds tens of
   * thousands, and as JSON trees (a map per object) they made the bot's young collections copy the fake's memory.
   */
  volatile @Nullable String payload;
  final List<Long> followUps = new CopyOnWriteArrayList<>();

  Interaction(long id, String token, int type, long guildId, long channelId, long userId,
      @Nullable Long messageId, Instant createdAt) {
    this.id = id;
    this.token = token;
    this.type = type;
    this.guildId = guildId;
    this.channelId = channelId;
    this.userId = userId;
    this.messageId = messageId;
    this.createdAt = createdAt;
  }

  void respond(int callbackType, @Nullable Long shown) {
    this.shownMessageId = shown;
    this.settled = callbackType != 5 && callbackType != 6;
    this.responseType = callbackType;
  }

  /** The bot edited the original response through this interaction's webhook. */
  void originalEdited() {
    settled = true;
  }

  /**
   * Whether the response shows what the bot meant to show: it answered, and a deferred answer (5: "thinking", 6:
   * the pressed message unchanged) was followed by its edit.
   */
  public boolean settled() {
    return responseType != 0 && settled;
  }

  public long id() {
    return id;
  }

  public String token() {
    return token;
  }

  public int type() {
    return type;
  }

  public long guildId() {
    return guildId;
  }

  public long channelId() {
    return channelId;
  }

  public long userId() {
    return userId;
  }

  public @Nullable Long messageId() {
    return messageId;
  }

  public Instant createdAt() {
    return createdAt;
  }

  public boolean responded() {
    return responseType != 0;
  }

  /** The callback type of the initial response (4 reply, 5 deferred reply, 6 deferred edit, 7 edit, 8, 9). */
  public int responseType() {
    return responseType;
  }

  public @Nullable Long shownMessageId() {
    return shownMessageId;
  }

  public @Nullable DataArray autocomplete() {
    return autocomplete;
  }

  public @Nullable DataObject modal() {
    return modal;
  }

  public List<Long> followUps() {
    return List.copyOf(followUps);
  }

  @Override
  public String toString() {
    return "Interaction[" + id + ", type " + type + ", user " + userId + ", response " + responseType + "]";
  }
}
