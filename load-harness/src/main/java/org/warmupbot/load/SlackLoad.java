package org.warmupbot.load;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.warmupbot.slack.testing.FakeSlackApi;
import org.warmupbot.slack.testing.SignedSlackClient;
import org.warmupbot.slack.testing.SlackPayloads;

/**
 * The members of the two Slack stacks: the real {@code SlackBot} in HTTP mode (its own endpoint, Bolt, the
 * engine, SQLite) and a Bolt app whose handlers only {@code ctx.ack()} behind the same kind of JDK HTTP server
 * ({@link Stacks} builds both, here or in a child JVM), each with its own fake Web API, which lives in this
 * process. Latency is the signed HTTP request's round trip: Slack's acknowledgement is the 200.
 */
final class SlackLoad {
  static final String BOT_TOKEN = "xoxb-load-token";
  static final String SECRET = "load-signing-secret";
  static final String TEAM = "T0LOAD";
  static final long FIRST_USER = 1_000_000;
  /** What a member of ours sends on Slack: the shortcut, Start, then per question an answer and Next = 11. */
  static final int INTERACTIONS_PER_RUN = 11;
  private static final Pattern TRIGGER = Pattern.compile("\"trigger_id\":\"([^\"]+)\"");

  private SlackLoad() {}

  /** Sends signed deliveries without blocking the scheduler; records the 200 (or what came instead). */
  static final class AsyncSlack {
    private final ExecutorService executor = Executors.newFixedThreadPool(2,
        ProductionCore.daemon("load-slack-client"));
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).executor(executor).build();
    private final URI endpoint;
    private final SignedSlackClient signer;

    AsyncSlack(int port) {
      endpoint = URI.create("http://127.0.0.1:" + port + "/slack/events");
      signer = new SignedSlackClient(endpoint, SECRET, Clock.systemUTC());
    }

    Sample send(String key, Sample.Kind kind, SignedSlackClient.Delivery delivery) {
      HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(10))
          .header("Content-Type", delivery.contentType())
          .header("X-Slack-Request-Timestamp", Long.toString(delivery.timestamp()))
          .header("X-Slack-Signature", delivery.signature())
          .POST(HttpRequest.BodyPublishers.ofString(delivery.body())).build();
      Sample sample = new Sample(key, kind, System.nanoTime());
      // Timed when the response's head arrives, on the client's own thread: the future's completion hops to
      // the CompletableFuture default executor, which with one common-pool thread (2 cores) is a new thread
      // per request, whose start would be timed too.
      http.sendAsync(request, info -> {
        sample.ackedNanos = System.nanoTime();
        sample.status = info.statusCode() == 200 ? Sample.OK : info.statusCode();
        return HttpResponse.BodySubscribers.discarding();
      }).whenComplete((response, error) -> {
        if (error != null && !sample.acked()) {
          sample.ackedNanos = System.nanoTime();
          sample.status = -1;
        }
      });
      return sample;
    }

    SignedSlackClient.Delivery interactive(String payload) {
      return signer.interactive(payload);
    }

    /** Stops the client's threads (a driver made per phase makes a client per phase). */
    void close() {
      executor.shutdownNow();
    }
  }

  /**
   * Learns which modal each shortcut opened and when each modal last changed, and counts refused Web API calls,
   * from the calls the fake streams to it (so the fake keeps no log that would grow without bound under load).
   * Written on the fake's threads, read on the scheduler's.
   */
  static final class SlackProbe {
    /** A modal as Slack showed it: how many updates it has had and when ({@link System#nanoTime}) the last came. */
    record Shown(String viewId, int updates, long atNanos) {}

    final Map<String, Shown> viewByTrigger = new ConcurrentHashMap<>();
    final Map<String, Shown> views = new ConcurrentHashMap<>();
    final Set<String> refusedTriggers = ConcurrentHashMap.newKeySet();
    final LongAdder refusals = new LongAdder();
    final List<String> examples = new CopyOnWriteArrayList<>();

    static SlackProbe attach(FakeSlackApi api) {
      SlackProbe probe = new SlackProbe();
      api.streamCalls(probe::seen);
      return probe;
    }

    private void seen(FakeSlackApi.Call call) {
      long now = System.nanoTime();
      String trigger = call.params().get("trigger_id");
      if (!call.ok()) {
        refusals.increment();
        if (examples.size() < 5) {
          examples.add(call.method() + " -> " + call.error());
        }
        if (call.method().equals("views.open") && trigger != null) {
          refusedTriggers.add(trigger);
        }
      } else if (call.method().equals("views.open")) {
        if (trigger != null) {
          Shown opened = new Shown(call.response().path("view").path("id").asText(), 0, now);
          views.put(opened.viewId(), opened);
          viewByTrigger.put(trigger, opened);
        }
      } else if (call.method().equals("views.update")) {
        String viewId = call.params().get("view_id");
        if (viewId != null) {
          views.merge(viewId, new Shown(viewId, 1, now),
              (old, fresh) -> new Shown(viewId, old.updates() + 1, now));
        }
      }
    }
  }

  /**
   * A driver did not start: stops its stack (a child JVM, maybe) if it started, then its fake, keeping what
   * either throws as suppressed by {@code failure}.
   */
  static void closeAfterFailure(RuntimeException failure, @Nullable StackHandle stack, FakeSlackApi api) {
    try {
      if (stack != null) {
        stack.close();
      }
    } catch (RuntimeException e) {
      failure.addSuppressed(e);
    } finally {
      try {
        api.close();
      } catch (RuntimeException e) {
        failure.addSuppressed(e);
      }
    }
  }

  private static String triggerOf(String payload) {
    Matcher m = TRIGGER.matcher(payload);
    if (!m.find()) {
      throw new IllegalStateException("no trigger_id in " + payload);
    }
    return m.group(1);
  }

  /**
   * A stack on its own fake Slack Web API, driven over signed HTTP from this process: the fake, the probe of its
   * calls, the stack (in this process or a child JVM) and the client, closed together.
   */
  abstract static class OnFakeSlack extends MemberDriver {
    final FakeSlackApi api = FakeSlackApi.start(BOT_TOKEN, TEAM, Clock.systemUTC());
    final SlackProbe probe = SlackProbe.attach(api);
    final SlackPayloads payloads = new SlackPayloads(api, Clock.systemUTC());
    final StackHandle stack;
    final AsyncSlack slack;

    /** Starts the stack {@code spec} gives for this fake (closing what started if it fails). */
    OnFakeSlack(long thinkMillis, long firstNumber, StackHandle.Launcher launcher,
        Function<FakeSlackApi, StackSpec> spec) {
      super(thinkMillis, FIRST_USER, firstNumber);
      StackHandle started = null;
      try {
        started = launcher.start(spec.apply(api));
        slack = new AsyncSlack(started.port());
      } catch (RuntimeException e) {
        closeAfterFailure(e, started, api);
        throw e;
      }
      stack = started;
    }

    @Override
    public int interactionsPerRun() {
      return INTERACTIONS_PER_RUN;
    }

    @Override
    public StackHandle stack() {
      return stack;
    }

    @Override
    public long refusals() {
      return probe.refusals.sum();
    }

    @Override
    public List<String> examples() {
      return probe.examples;
    }

    @Override
    public void close() {
      slack.close();
      stack.close();
      api.close();
    }
  }

  /**
   * Warmup Bot's Slack side as it runs in production (HTTP mode), on the fake Web API. The bot acknowledges
   * first and changes the modal afterwards, so a member, like a person, reads the modal once the change their
   * interaction caused has arrived (the {@code views.open}, or one more {@code views.update} of their view) and
   * thinks from then on: that arrival is when the interaction counts as answered. A member whose modal did not open (refused) stops there; one whose change never comes
   * is counted stuck after {@link MemberDriver#STUCK_NANOS}. Latency is still the acknowledgement's.
   */
  static final class Ours extends OnFakeSlack {
    private final Set<String> right;
    private volatile @Nullable JsonNode sampleView;
    /** Per member: how many updates their view must have had before they read it (scheduler thread only). */
    private final Map<String, Integer> awaited = new HashMap<>();

    Ours(Path packs, Path sqliteFile, long thinkMillis, boolean snapshots,
        StackHandle.Launcher launcher, long firstNumber) {
      this(ProductionCore.rightChoices(ProductionCore.catalog(packs)), packs, sqliteFile, thinkMillis, snapshots,
          launcher, firstNumber);
    }

    private Ours(Set<String> right, Path packs, Path sqliteFile, long thinkMillis, boolean snapshots,
        StackHandle.Launcher launcher, long firstNumber) {
      super(thinkMillis, firstNumber, launcher, api -> {
        api.userGroup("S0BADGE");
        return new StackSpec("slack", "ours", api.methodsUrl(), packs, sqliteFile, snapshots, "S0BADGE");
      });
      this.right = right;
    }

    @Override
    public String label() {
      return "slack ours";
    }

    @Override
    Outcome outcome(Member member) {
      if (!member.last.acked()) {
        return Outcome.WAITING;
      }
      if (!member.last.ok()) {
        return Outcome.FAILED;
      }
      String screen = (String) member.screen;
      if (screen == null) {
        member.answeredNanos = member.last.ackedNanos;
        return Outcome.ANSWERED;
      }
      SlackProbe.Shown shown;
      if (screen.startsWith("trigger:")) {
        String trigger = screen.substring("trigger:".length());
        if (probe.refusedTriggers.remove(trigger)) {
          return Outcome.FAILED; // the modal did not open (counted as a refusal too)
        }
        shown = probe.viewByTrigger.get(trigger);
      } else {
        shown = probe.views.get(screen);
        if (shown != null && shown.updates() < awaited.getOrDefault(member.userId, 0)) {
          shown = null;
        }
      }
      if (shown == null) {
        return Outcome.WAITING; // acknowledged; the modal has not changed yet
      }
      member.answeredNanos = shown.atNanos();
      return Outcome.ANSWERED;
    }

    @Override
    Sample open(Member member) {
      String payload = payloads.globalShortcut(member.userId, "warmup_challenge");
      member.screen = "trigger:" + triggerOf(payload);
      return slack.send(member.userId, Sample.Kind.OPEN, slack.interactive(payload));
    }

    @Override
    @Nullable Sample next(Member member) {
      String screen = (String) member.screen;
      if (screen == null || member.actions > 40) {
        return null;
      }
      if (screen.startsWith("trigger:")) {
        SlackProbe.Shown opened = probe.viewByTrigger.remove(screen.substring("trigger:".length()));
        if (opened == null) {
          return null; // the modal did not open (counted as a refusal)
        }
        screen = opened.viewId();
        member.screen = screen;
      }
      JsonNode view = api.view(screen).orElse(null);
      if (view == null || "Your results".equals(view.path("title").path("text").asText())) {
        if (view != null) {
          member.last.kind = Sample.Kind.FINISH;
        }
        awaited.remove(member.userId);
        return null;
      }
      Press press = press(member.userId, view);
      if (press == null) {
        awaited.remove(member.userId);
        return null;
      }
      SlackProbe.Shown shown = probe.views.get(screen);
      awaited.put(member.userId, (shown == null ? 0 : shown.updates()) + 1);
      return slack.send(member.userId, press.kind(), slack.interactive(press.payload()));
    }

    /** A block action a member sends, and what kind of interaction it is. */
    private record Press(Sample.Kind kind, String payload) {}

    private @Nullable Press press(String userId, JsonNode view) {
      String start = null;
      String choice = null;
      String typed = null;
      String next = null;
      for (JsonNode block : view.path("blocks")) {
        if ("input".equals(block.path("type").asText())) {
          typed = block.path("element").path("action_id").asText();
        }
        for (JsonNode element : block.path("elements")) {
          if (!"button".equals(element.path("type").asText())) {
            continue;
          }
          String text = element.path("text").path("text").asText();
          String actionId = element.path("action_id").asText();
          if (text.equals("Start")) {
            start = actionId;
          } else if (right.contains(actionId)) {
            choice = actionId;
          } else if (text.equals("Next question")) {
            next = actionId;
          }
        }
      }
      if (choice != null && sampleView == null) {
        sampleView = view;
      }
      if (start != null) {
        return new Press(Sample.Kind.START, payloads.press(userId, view, start));
      }
      if (typed != null) { // the pack's one typed answer
        return new Press(Sample.Kind.TYPED, payloads.typedAndEntered(userId, view, typed, "10"));
      }
      if (choice != null) {
        return new Press(Sample.Kind.ANSWER, payloads.press(userId, view, choice));
      }
      return next == null ? null : new Press(Sample.Kind.NEXT, payloads.press(userId, view, next));
    }

    /** A question modal as members saw it, so the ack-only run posts payloads of the same size. */
    @Nullable JsonNode sampleView() {
      return sampleView;
    }

  }

  /**
   * A Bolt app that only acknowledges, behind a JDK HTTP server like the bot's ({@link Stacks}); same payloads,
   * same count.
   */
  static final class AckOnly extends OnFakeSlack {
    private final JsonNode view;

    AckOnly(JsonNode questionView, long thinkMillis, StackHandle.Launcher launcher, long firstNumber) {
      super(thinkMillis, firstNumber, launcher, api -> StackSpec.ackOnly("slack", api.methodsUrl()));
      this.view = questionView;
    }

    /** A button of {@link #view}: what the members press (the handler acknowledges any). */
    private String button() {
      return view.findParents("action_id").stream()
          .filter(element -> "button".equals(element.path("type").asText()))
          .map(element -> element.path("action_id").asText())
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no button in the sampled question: " + view));
    }

    @Override
    public String label() {
      return "slack ack-only";
    }

    /** Answered when the 200 arrived: nothing else changes. */
    @Override
    Outcome outcome(Member member) {
      if (!member.last.acked()) {
        return Outcome.WAITING;
      }
      if (!member.last.ok()) {
        return Outcome.FAILED;
      }
      member.answeredNanos = member.last.ackedNanos;
      return Outcome.ANSWERED;
    }

    @Override
    Sample open(Member member) {
      return slack.send(member.userId, Sample.Kind.OPEN,
          slack.interactive(payloads.globalShortcut(member.userId, "warmup_challenge")));
    }

    @Override
    @Nullable Sample next(Member member) {
      if (member.actions >= INTERACTIONS_PER_RUN) {
        return null;
      }
      return slack.send(member.userId, Sample.Kind.PRESS,
          slack.interactive(payloads.press(member.userId, view, button())));
    }

  }
}
