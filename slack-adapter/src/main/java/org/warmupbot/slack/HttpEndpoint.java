package org.warmupbot.slack;

import com.slack.api.bolt.App;
import com.slack.api.bolt.request.Request;
import com.slack.api.bolt.response.Response;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack's HTTP delivery, served by the JDK's HttpServer (no servlet container): every request passes the {@link
 * RequestGuard} (signature, age, replay) before it is parsed ({@link BoltRequestParser}: Bolt's parser, block
 * actions parsed more cheaply), then goes to {@code app.run} as Bolt's own servlet adapter would. Answers 401 to
 * anything not from Slack, 400 to a malformed body, 405 to a non-POST.
 */
final class HttpEndpoint implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpEndpoint.class);
  private static final int MAX_BODY = 1 << 20;

  private final App app;
  private final RequestGuard guard;
  private final BoltRequestParser parser;
  private final HttpServer server;
  private final ExecutorService executor;

  HttpEndpoint(App app, RequestGuard guard, String bindAddress, int port, String path) throws IOException {
    this.app = app;
    this.guard = guard;
    this.parser = new BoltRequestParser(app.config());
    this.server = HttpServer.create(new InetSocketAddress(bindAddress, port), 64);
    AtomicInteger threads = new AtomicInteger();
    this.executor = Executors.newFixedThreadPool(8, r -> {
      Thread thread = new Thread(r, "slack-http-" + threads.incrementAndGet());
      thread.setDaemon(true);
      return thread;
    });
    server.setExecutor(executor);
    server.createContext(path, this::handle);
  }

  void start() {
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      if (!"POST".equals(exchange.getRequestMethod())) {
        send(exchange, 405, "application/json", "{\"error\":\"POST only\"}", Map.of());
        return;
      }
      String body;
      try (InputStream in = exchange.getRequestBody()) {
        byte[] bytes = in.readNBytes(MAX_BODY + 1);
        if (bytes.length > MAX_BODY) {
          send(exchange, 413, "application/json", "{\"error\":\"too large\"}", Map.of());
          return;
        }
        body = new String(bytes, StandardCharsets.UTF_8);
      }
      String timestamp = exchange.getRequestHeaders().getFirst("X-Slack-Request-Timestamp");
      String signature = exchange.getRequestHeaders().getFirst("X-Slack-Signature");
      RequestGuard.Verdict verdict = guard.check(timestamp, signature, body);
      if (verdict != RequestGuard.Verdict.ACCEPTED) {
        // The signature is not logged: it is as good as a password for five minutes.
        log.info("Refused a request to the Slack endpoint from {}: {}", exchange.getRemoteAddress(), verdict);
        send(exchange, 401, "application/json", "{\"error\":\"invalid request\"}", Map.of());
        return;
      }
      Request<?> request;
      try {
        request = parser.parse(exchange, body);
      } catch (RuntimeException e) {
        log.info("Malformed Slack request: {}", e.toString());
        send(exchange, 400, "application/json", "{\"error\":\"malformed request\"}", Map.of());
        return;
      }
      if (request == null) {
        send(exchange, 400, "application/json", "{\"error\":\"unknown request type\"}", Map.of());
        return;
      }
      Response response;
      try {
        response = app.run(request);
      } catch (Exception e) {
        guard.forget(signature);
        log.warn("The Slack app failed on a {} request", request.getRequestType(), e);
        send(exchange, 500, "application/json", "{\"error\":\"internal error\"}", Map.of());
        return;
      }
      if (response.getStatusCode() >= 500) {
        guard.forget(signature);
      }
      send(exchange, response.getStatusCode(),
          response.getContentType() == null ? "text/plain; charset=utf-8" : response.getContentType(),
          response.getBody() == null ? "" : response.getBody(),
          response.getHeaders() == null ? Map.of() : response.getHeaders());
    }
  }

  private static void send(HttpExchange exchange, int status, String contentType, String body,
      Map<String, List<String>> headers) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    headers.forEach((name, values) -> {
      if (!"content-type".equalsIgnoreCase(name) && !"content-length".equalsIgnoreCase(name)) {
        exchange.getResponseHeaders().put(name, values);
      }
    });
    exchange.getResponseHeaders().set("Content-Type", contentType);
    exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
    if (bytes.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
