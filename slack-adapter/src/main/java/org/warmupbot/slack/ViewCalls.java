package org.warmupbot.slack;

import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.MalformedJsonException;
import com.slack.api.methods.Methods;
import com.slack.api.methods.MethodsClient;
import com.slack.api.methods.RequestFormBuilder;
import com.slack.api.methods.request.views.ViewsOpenRequest;
import com.slack.api.methods.request.views.ViewsPublishRequest;
import com.slack.api.methods.request.views.ViewsUpdateRequest;
import com.slack.api.model.view.View;
import java.io.EOFException;
import java.io.IOException;
import java.io.Reader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import okhttp3.FormBody;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * {@code views.open}, {@code views.update} (the calls every press makes) and {@code views.publish} (App Home),
 * sent through the SDK's HTTP client
 * (same request, token, base URL and listeners as its typed methods) and read for the three fields the adapter
 * uses. The SDK's typed methods build a new Gson for every response they parse and map the whole view Slack
 * echoes back: 110 to 320 µs of CPU per {@code views.update} measured, against 5 to 15 µs to read the answer
 * here, on the path of every press.
 *
 * <p>Slack limits each method per workspace: once it answered a method with HTTP 429, calls of that method before
 * its {@code Retry-After} has passed are not sent (Slack would refuse them too, and every refused call is one more
 * against the limit) but answered as rate-limited for the rest of the wait, so callers retry after it. Thread-safe.
 */
final class ViewCalls {
  /**
   * What Slack answered: {@code ok} with the view's id, or an error code; a non-2xx HTTP status is the error
   * {@code http_<status>}, a body that is not Slack's JSON is {@code unreadable_response}. Rate-limited (HTTP 429)
   * is the error {@code ratelimited} with {@code retryAfter}, Slack's {@code Retry-After}; a call not sent because
   * Slack limited its method moments ago is the error {@code held_back} with {@code retryAfter}, what is left of
   * that wait. {@code retryAfter} is null otherwise.
   */
  record Answer(boolean ok, @Nullable String error, @Nullable String viewId, List<String> messages,
      @Nullable Duration retryAfter) {
    static Answer failed(String error) {
      return new Answer(false, error, null, List.of(), null);
    }

    static Answer rateLimited(Duration retryAfter) {
      return new Answer(false, "ratelimited", null, List.of(), retryAfter);
    }

    static Answer heldBack(Duration until) {
      return new Answer(false, "held_back", null, List.of(), until);
    }

    /** Not sent: Slack would have refused it too (see {@link ViewCalls}). */
    boolean heldBack() {
      return "held_back".equals(error);
    }
  }

  /** The wait a 429 without a readable {@code Retry-After} gets, and the longest one honoured. */
  static final Duration DEFAULT_RETRY_AFTER = Duration.ofSeconds(1);

  static final Duration LONGEST_RETRY_AFTER = Duration.ofSeconds(60);

  private final MethodsClient client;
  private final String token;
  private final LongSupplier nanoTime;
  // Per method: the nanoTime (the injected one) before which Slack's last Retry-After has not passed.
  private final Map<String, Long> limitedUntil = new ConcurrentHashMap<>();

  /**
   * @param nanoTime the time Slack's waits are measured on: the {@link RetryTimer}'s, on which held-back calls
   *     then wait
   */
  ViewCalls(MethodsClient client, String token, LongSupplier nanoTime) {
    this.client = client;
    this.token = token;
    this.nanoTime = nanoTime;
  }

  Answer open(String triggerId, View view) throws IOException {
    return post(Methods.VIEWS_OPEN,
        () -> RequestFormBuilder.toForm(ViewsOpenRequest.builder().triggerId(triggerId).view(view).build()));
  }

  /** Updates view {@code viewId}; with a {@code hash}, Slack refuses ({@code hash_conflict}) if it changed since. */
  Answer update(String viewId, @Nullable String hash, View view) throws IOException {
    return post(Methods.VIEWS_UPDATE,
        () -> RequestFormBuilder.toForm(ViewsUpdateRequest.builder().viewId(viewId).hash(hash).view(view).build()));
  }

  /**
   * Publishes the member's App Home tab; {@code view} is built only if the call is sent (it costs Web API calls of
   * its own, which a held-back publish should not spend).
   */
  Answer publish(String userId, Supplier<View> view) throws IOException {
    return post(Methods.VIEWS_PUBLISH,
        () -> RequestFormBuilder.toForm(ViewsPublishRequest.builder().userId(userId).view(view.get()).build()));
  }

  private Answer post(String method, Supplier<FormBody.Builder> form) throws IOException {
    Long until = limitedUntil.get(method);
    long left = until == null ? 0 : until - nanoTime.getAsLong();
    if (left > 0) {
      return Answer.heldBack(Duration.ofMillis((left + 999_999) / 1_000_000)); // whole ms, not a moment early
    }
    try (Response response = client.runPostFormWithToken(form.get(), method, token)) {
      if (response.code() == 429) {
        Duration wait = retryAfter(response.header("Retry-After"));
        long end = nanoTime.getAsLong() + wait.toNanos();
        limitedUntil.merge(method, end, (current, fresh) -> fresh - current > 0 ? fresh : current);
        return Answer.rateLimited(wait);
      }
      if (!response.isSuccessful()) {
        return Answer.failed("http_" + response.code());
      }
      return read(response.body().charStream());
    }
  }

  /**
   * Reads Slack's answer as it streams in, keeping {@code ok}, {@code error}, the view's {@code id} and the
   * response messages and skipping the rest: Slack echoes the whole view back (kilobytes per press), which a
   * parsed tree would allocate only to be dropped.
   *
   * @throws IOException when the body could not be read (the connection failed); a body that is not Slack's JSON
   *     is the answer {@code unreadable_response}
   */
  static Answer read(Reader body) throws IOException {
    try (JsonReader json = new JsonReader(body)) {
      boolean ok = false;
      String error = null;
      String viewId = null;
      List<String> messages = new ArrayList<>();
      json.beginObject();
      while (json.hasNext()) {
        switch (json.nextName()) {
          case "ok" -> ok = json.peek() == JsonToken.BOOLEAN ? json.nextBoolean() : skipped(json, false);
          case "error" -> error = text(json);
          case "view" -> viewId = field(json, "id");
          case "response_metadata" -> messages(json, messages);
          default -> json.skipValue();
        }
      }
      json.endObject();
      return new Answer(ok, ok ? null : (error == null ? "unknown_error" : error), viewId, List.copyOf(messages),
          null);
    } catch (MalformedJsonException | EOFException | IllegalStateException | NumberFormatException e) {
      return Answer.failed("unreadable_response");
    }
  }

  /** Slack's {@code Retry-After} (whole seconds), between 1 and {@link #LONGEST_RETRY_AFTER}. */
  static Duration retryAfter(@Nullable String header) {
    String seconds = header == null ? "" : header.trim();
    if (!seconds.matches("\\d{1,9}")) {
      return seconds.matches("\\d+") ? LONGEST_RETRY_AFTER : DEFAULT_RETRY_AFTER; // too many digits: too long
    }
    Duration wait = Duration.ofSeconds(Math.max(Long.parseLong(seconds), DEFAULT_RETRY_AFTER.toSeconds()));
    return wait.compareTo(LONGEST_RETRY_AFTER) > 0 ? LONGEST_RETRY_AFTER : wait;
  }

  /** The string member {@code name} of the object that comes next; skips the rest of it. */
  private static @Nullable String field(JsonReader json, String name) throws IOException {
    if (json.peek() != JsonToken.BEGIN_OBJECT) {
      return skipped(json, null);
    }
    String value = null;
    json.beginObject();
    while (json.hasNext()) {
      if (json.nextName().equals(name)) {
        value = text(json);
      } else {
        json.skipValue();
      }
    }
    json.endObject();
    return value;
  }

  private static void messages(JsonReader json, List<String> into) throws IOException {
    if (json.peek() != JsonToken.BEGIN_OBJECT) {
      json.skipValue();
      return;
    }
    json.beginObject();
    while (json.hasNext()) {
      if (json.nextName().equals("messages") && json.peek() == JsonToken.BEGIN_ARRAY) {
        json.beginArray();
        while (json.hasNext()) {
          String message = text(json);
          if (message != null) {
            into.add(message);
          }
        }
        json.endArray();
      } else {
        json.skipValue();
      }
    }
    json.endObject();
  }

  private static @Nullable String text(JsonReader json) throws IOException {
    return json.peek() == JsonToken.STRING ? json.nextString() : skipped(json, null);
  }

  private static <T> T skipped(JsonReader json, T value) throws IOException {
    json.skipValue();
    return value;
  }
}
