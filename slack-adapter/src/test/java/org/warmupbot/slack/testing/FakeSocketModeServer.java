package org.warmupbot.slack.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * Slack's Socket Mode end on loopback: greets each connection with {@code hello}, sends envelopes a test
 * hands it, and records the acknowledgements the app sends back. Pair it with {@link
 * FakeSlackApi#socketMode(String, String)} so {@code apps.connections.open} hands out its URL.
 */
public final class FakeSocketModeServer extends WebSocketServer implements AutoCloseable {
  private final List<JsonNode> received = new CopyOnWriteArrayList<>();
  /** When each envelope was sent and when its acknowledgement came ({@link System#nanoTime}). */
  private final Map<String, Long> sentNanos = new ConcurrentHashMap<>();
  private final Map<String, Long> ackedNanos = new ConcurrentHashMap<>();
  private final CountDownLatch connected = new CountDownLatch(1);
  private final CountDownLatch started = new CountDownLatch(1);
  private final AtomicInteger envelopes = new AtomicInteger();
  private final AtomicInteger connections = new AtomicInteger();

  private FakeSocketModeServer() {
    super(new InetSocketAddress("127.0.0.1", 0));
    setReuseAddr(true);
  }

  public static FakeSocketModeServer begin() {
    FakeSocketModeServer server = new FakeSocketModeServer();
    server.start();
    try {
      if (!server.started.await(10, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the fake Socket Mode server did not start in 10 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
    return server;
  }

  public String url() {
    return "ws://127.0.0.1:" + getPort() + "/link/?ticket=fake";
  }

  /** Waits for the app to connect; false when it did not within {@code timeout}. */
  public boolean awaitConnection(Duration timeout) throws InterruptedException {
    return connected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Sends an envelope of {@code type} ({@code interactive}, {@code slash_commands}, {@code events_api}). */
  public String sendEnvelope(String type, JsonNode payload) {
    String id = "env-" + envelopes.incrementAndGet();
    ObjectNode envelope = FakeSlackApi.MAPPER.createObjectNode();
    envelope.put("envelope_id", id);
    envelope.put("type", type);
    envelope.set("payload", payload);
    envelope.put("accepts_response_payload", !"events_api".equals(type));
    sentNanos.put(id, System.nanoTime());
    broadcast(SlackPayloads.write(envelope));
    return id;
  }

  /** Sends a payload given as JSON text (an interactive payload, or a slash command's fields as JSON). */
  public String sendEnvelope(String type, String payloadJson) {
    try {
      return sendEnvelope(type, FakeSlackApi.MAPPER.readTree(payloadJson));
    } catch (IOException e) {
      throw new IllegalArgumentException("payload is not JSON", e);
    }
  }

  public String sendCommand(Map<String, String> fields) {
    return sendEnvelope("slash_commands", FakeSlackApi.MAPPER.valueToTree(fields));
  }

  /**
   * Waits for the app's acknowledgement of an envelope, polling for at most {@code timeout}. One that came more
   * than Slack's 3 seconds after the envelope was sent fails the test: Slack would have shown the member an error
   * and sent the envelope again.
   */
  public JsonNode awaitAck(String envelopeId, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < end) {
      for (JsonNode message : received) {
        if (envelopeId.equals(message.path("envelope_id").asText())) {
          Duration late = Duration.ofNanos(ackedNanos.get(envelopeId) - sentNanos.getOrDefault(envelopeId, 0L));
          if (late.compareTo(SignedSlackClient.SLACK_WAITS) > 0) {
            throw new AssertionError("envelope " + envelopeId + " was acknowledged " + late.toMillis()
                + " ms after it was sent: Slack waits " + SignedSlackClient.SLACK_WAITS.toSeconds() + " s");
          }
          return message;
        }
      }
      Thread.sleep(10); // polling async network I/O with a bounded deadline
    }
    throw new AssertionError("no ack for " + envelopeId + " within " + timeout + "; received " + received);
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    conn.send("{\"type\":\"hello\",\"num_connections\":1,\"debug_info\":{\"host\":\"fake-socket-mode\","
        + "\"build_number\":1,\"approximate_connection_time\":18060},\"connection_info\":{\"app_id\":\"A0WARMUP\"}}");
    connections.incrementAndGet();
    connected.countDown();
  }

  /** Waits until the app has opened {@code count} connections in all; false when it did not within {@code timeout}. */
  public boolean awaitConnections(int count, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (connections.get() < count) {
      if (System.nanoTime() > end) {
        return false;
      }
      Thread.sleep(10); // polling async network I/O with a bounded deadline
    }
    return true;
  }

  /** Asks the app to move to a new connection, as Slack does before it closes one ({@code refresh_requested}). */
  public void sendDisconnect() {
    broadcast("{\"type\":\"disconnect\",\"reason\":\"refresh_requested\",\"debug_info\":{\"host\":"
        + "\"fake-socket-mode\"}}");
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {}

  @Override
  public void onMessage(WebSocket conn, String message) {
    long now = System.nanoTime();
    JsonNode node;
    try {
      node = FakeSlackApi.MAPPER.readTree(message);
    } catch (IOException e) {
      node = FakeSlackApi.MAPPER.getNodeFactory().textNode(message);
    }
    if (node.hasNonNull("envelope_id")) {
      ackedNanos.putIfAbsent(node.get("envelope_id").asText(), now);
    }
    received.add(node);
  }

  /** Whether the app has acknowledged the envelope yet. */
  public boolean acked(String envelopeId) {
    return ackedNanos.containsKey(envelopeId);
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {}

  @Override
  public void onStart() {
    started.countDown();
  }

  @Override
  public void close() {
    try {
      stop(1000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
