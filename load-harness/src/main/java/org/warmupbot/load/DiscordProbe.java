package org.warmupbot.load;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.warmupbot.discord.fake.FakeDiscord;

/**
 * Timestamps, inside the fake Discord, the moment each interaction's callback POST reaches it, and counts what
 * the fake refused, from the requests the fake streams to it (so the fake keeps no log that would grow without
 * bound under load). Thread-safe.
 */
final class DiscordProbe {
  private static final Pattern CALLBACK = Pattern.compile("interactions/\\d+/([^/]+)/callback");
  private static final Pattern ORIGINAL_EDIT = Pattern.compile("webhooks/\\d+/([^/]+)/messages/@original");

  /** token -> System.nanoTime() when the callback arrived. */
  final Map<String, Long> callbacks = new ConcurrentHashMap<>();
  /** Tokens of deferred acknowledgements (5, 6) whose edit has not come yet. */
  private final Set<String> deferred = ConcurrentHashMap.newKeySet();
  /** token -> System.nanoTime() when the edit that followed a deferred acknowledgement arrived. */
  final Map<String, Long> originalEdits = new ConcurrentHashMap<>();
  /** token -> status, for callbacks the fake refused (late, repeated, invalid). */
  final Map<String, Integer> refusedCallbacks = new ConcurrentHashMap<>();
  /** Other refused REST calls (webhook edits, role grants, announcements). */
  final LongAdder otherRefusals = new LongAdder();
  final List<String> examples = new CopyOnWriteArrayList<>();

  static DiscordProbe attach(FakeDiscord fake) {
    DiscordProbe probe = new DiscordProbe();
    fake.streamRequests(probe::seen);
    return probe;
  }

  void clear() {
    callbacks.clear();
    deferred.clear();
    originalEdits.clear();
    refusedCallbacks.clear();
  }

  private void seen(FakeDiscord.Recorded request) {
    Matcher callback = CALLBACK.matcher(request.path());
    boolean isCallback = callback.find();
    if (isCallback) {
      callbacks.putIfAbsent(callback.group(1), request.receivedNanos());
      int type = request.body() == null ? 0 : request.body().getInt("type", 0);
      if (type == 5 || type == 6) {
        deferred.add(callback.group(1));
      }
    }
    Matcher edit = ORIGINAL_EDIT.matcher(request.path());
    if (!isCallback && request.method().equals("PATCH") && request.status() < 400 && edit.find()
        && deferred.remove(edit.group(1))) {
      originalEdits.put(edit.group(1), request.receivedNanos());
    }
    if (request.status() >= 400) {
      if (isCallback) {
        refusedCallbacks.put(callback.group(1), request.status());
      } else {
        otherRefusals.increment();
      }
      if (examples.size() < 5) {
        examples.add(request.method() + " " + request.path() + " -> " + request.status() + " " + request.answer());
      }
    }
  }
}
