package org.warmupbot.launcher;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.warmupbot.core.port.PackReloader;

/**
 * {@code GET /health} (200 when every part is up, 503 naming the parts that are not), {@code GET /metrics}
 * (Prometheus text), and {@code POST /reload} for operators, accepted from loopback only.
 */
final class HealthServer implements AutoCloseable {
  private final HttpServer server;

  /**
   * @param checks the parts to report, by name, each true when up
   * @param reload reloads the packs; returns what to tell the operator, and whether it worked
   */
  HealthServer(int port, Map<String, BooleanSupplier> checks, Supplier<String> metrics, PackReloader reload)
      throws IOException {
    server = HttpServer.create(new InetSocketAddress(port), 0);
    server.setExecutor(Executors.newSingleThreadExecutor(runnable -> {
      Thread thread = new Thread(runnable, "warmup-health");
      thread.setDaemon(true);
      return thread;
    }));
    server.createContext("/health", exchange -> {
      Map<String, Boolean> states = new LinkedHashMap<>();
      checks.forEach((name, check) -> states.put(name, safely(check)));
      boolean up = states.values().stream().allMatch(Boolean::booleanValue);
      StringBuilder json = new StringBuilder("{\"status\":\"").append(up ? "up" : "down").append('"');
      states.forEach((name, state) -> json.append(",\"").append(name).append("\":\"").append(state ? "up" : "down").append('"'));
      respond(exchange, up ? 200 : 503, "application/json", json.append("}\n").toString());
    });
    server.createContext("/metrics", exchange -> respond(exchange, 200, "text/plain; version=0.0.4; charset=utf-8", metrics.get()));
    server.createContext("/reload", exchange -> {
      if (!"POST".equals(exchange.getRequestMethod())) {
        respond(exchange, 405, "text/plain", "use POST\n");
      } else if (!exchange.getRemoteAddress().getAddress().isLoopbackAddress()) {
        respond(exchange, 403, "text/plain", "reload is accepted from this machine only\n");
      } else {
        PackReloader.Result result = reload.reload();
        respond(exchange, result.ok() ? 200 : 422, "text/plain", result.message() + "\n");
      }
    });
  }

  void start() {
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static boolean safely(BooleanSupplier check) {
    try {
      return check.getAsBoolean();
    } catch (RuntimeException e) {
      return false;
    }
  }

  private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    exchange.sendResponseHeaders(status, bytes.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(bytes);
    }
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
