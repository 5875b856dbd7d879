package org.warmupbot.load;

import java.lang.reflect.Field;
import java.util.AbstractList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.warmupbot.discord.fake.FakeDiscord;
import org.warmupbot.discord.fake.Interaction;

/**
 * Timestamps, inside the fake Discord, the moment each interaction's callback POST reaches it, and counts what
 * the fake refused. The fake has no hook for this, so two of its private collections are swapped (reflection,
 * before any traffic): the interactions-by-token map, whose first {@code get(token)} is the callback looking
 * its interaction up (nothing else reads a token before the callback), and the request log, which under load
 * would grow without bound (a copy-on-write list) and which is replaced by counters. Thread-safe.
 */
final class DiscordProbe {
  private static final Pattern CALLBACK = Pattern.compile("interactions/\\d+/([^/]+)/callback");

  /** token -> System.nanoTime() when the callback arrived. */
  final Map<String, Long> callbacks = new ConcurrentHashMap<>();
  /** token -> status, for callbacks the fake refused (late, repeated, invalid). */
  final Map<String, Integer> refusedCallbacks = new ConcurrentHashMap<>();
  /** Other refused REST calls (webhook edits, role grants, announcements). */
  final LongAdder otherRefusals = new LongAdder();
  final List<String> examples = new CopyOnWriteArrayList<>();

  static DiscordProbe attach(FakeDiscord fake) {
    DiscordProbe probe = new DiscordProbe();
    replace(fake, "interactionsByToken", probe.new TimedInteractions());
    replace(fake, "requests", probe.new RequestCounter());
    return probe;
  }

  void clear() {
    callbacks.clear();
    refusedCallbacks.clear();
  }

  private static void replace(FakeDiscord fake, String name, Object value) {
    try {
      Field field = FakeDiscord.class.getDeclaredField(name);
      field.setAccessible(true);
      field.set(fake, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the fake Discord changed: no field " + name + " to instrument", e);
    }
  }

  private final class TimedInteractions extends ConcurrentHashMap<String, Interaction> {
    private static final long serialVersionUID = 1L;

    @Override
    public Interaction get(Object token) {
      Interaction interaction = super.get(token);
      if (interaction != null) {
        callbacks.putIfAbsent((String) token, System.nanoTime());
      }
      return interaction;
    }
  }

  private final class RequestCounter extends AbstractList<FakeDiscord.Recorded> {
    @Override
    public boolean add(FakeDiscord.Recorded request) {
      if (request.status() >= 400) {
        Matcher m = CALLBACK.matcher(request.path());
        if (m.find()) {
          refusedCallbacks.put(m.group(1), request.status());
        } else {
          otherRefusals.increment();
        }
        if (examples.size() < 5) {
          examples.add(request.method() + " " + request.path() + " -> " + request.status() + " " + request.answer());
        }
      }
      return true;
    }

    @Override
    public FakeDiscord.Recorded get(int index) {
      throw new IndexOutOfBoundsException(index);
    }

    @Override
    public int size() {
      return 0;
    }
  }
}
