package org.warmupbot.store.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback TCP proxy in front of a PostgreSQL server that can stall like a half-open network, without root:
 * once {@link #stall stalled}, it swallows every byte either way and never answers nor closes. Links that were
 * open go silent at once; a link opened while stalled answers its login (up to the server's first
 * ReadyForQuery), then goes silent: the network breaks right after each new connection came up. A silent link
 * stays silent (its bytes are lost) and open until {@link #close}; {@link #recover} lets new links through again.
 *
 * <p>Threads: one accepting, two per link, all daemons; {@link #close} ends them.
 */
final class StallingProxy implements AutoCloseable {
  private static final Pattern HOST_PORT = Pattern.compile("//([^/:?]+):(\\d+)/");
  /** ReadyForQuery: type 'Z', length 5 (then the transaction status byte). */
  private static final byte[] READY = {'Z', 0, 0, 0, 5};

  private final String upstreamHost;
  private final int upstreamPort;
  private final ServerSocket server;
  private final List<Link> links = new ArrayList<>(); // guarded by itself
  private volatile boolean stalled;
  private volatile boolean closed;

  /** A proxy in front of the server of {@code jdbcUrl} ({@code jdbc:postgresql://host:port/...}). */
  StallingProxy(String jdbcUrl) throws IOException {
    Matcher hostPort = HOST_PORT.matcher(jdbcUrl);
    if (!hostPort.find()) {
      throw new IllegalArgumentException("no host:port in " + jdbcUrl);
    }
    upstreamHost = hostPort.group(1);
    upstreamPort = Integer.parseInt(hostPort.group(2));
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    Thread accepting = new Thread(this::accept, "stalling-proxy-accept");
    accepting.setDaemon(true);
    accepting.start();
  }

  /** {@code jdbcUrl} with its host and port replaced by this proxy's. */
  String route(String jdbcUrl) {
    return HOST_PORT.matcher(jdbcUrl)
        .replaceFirst("//" + server.getInetAddress().getHostAddress() + ":" + server.getLocalPort() + "/");
  }

  /** From now on nothing gets through: see {@link StallingProxy}. */
  void stall() {
    stalled = true;
    synchronized (links) {
      links.forEach(link -> link.silent = true);
    }
  }

  /** New links get through again; the silent ones stay silent. */
  void recover() {
    stalled = false;
  }

  private void accept() {
    while (!closed) {
      try {
        Socket client = server.accept();
        Socket upstream = new Socket(upstreamHost, upstreamPort);
        Link link = new Link(client, upstream, stalled);
        synchronized (links) {
          links.add(link);
        }
        pump(link, client, upstream, false);
        pump(link, upstream, client, true);
      } catch (IOException e) {
        if (!closed) {
          throw new IllegalStateException("the proxy cannot accept or reach the server", e);
        }
      }
    }
  }

  private static void pump(Link link, Socket from, Socket to, boolean fromServer) {
    Thread thread = new Thread(() -> {
      byte[] buffer = new byte[8192];
      byte[] tail = new byte[0]; // the end of the previous chunk, for a ReadyForQuery split between two reads
      try (InputStream in = from.getInputStream()) {
        OutputStream out = to.getOutputStream();
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          if (link.silent) {
            continue; // swallowed
          }
          if (fromServer && link.silentAfterLogin) {
            byte[] seen = new byte[tail.length + read];
            System.arraycopy(tail, 0, seen, 0, tail.length);
            System.arraycopy(buffer, 0, seen, tail.length, read);
            if (indexOf(seen, READY) >= 0) {
              link.silent = true; // before the client sees it, so its next query is swallowed
            }
            tail = java.util.Arrays.copyOfRange(seen, Math.max(0, seen.length - READY.length), seen.length);
          }
          out.write(buffer, 0, read);
          out.flush();
        }
      } catch (IOException ended) {
        // closed by the other side or by close()
      }
      if (!link.silent) {
        link.close(); // a working link ends as its ends do; a silent one never closes
      }
    }, "stalling-proxy-pump");
    thread.setDaemon(true);
    thread.start();
  }

  private static int indexOf(byte[] data, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= data.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (data[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    server.close();
    synchronized (links) {
      links.forEach(Link::close);
    }
  }

  private static final class Link {
    final Socket client;
    final Socket upstream;
    final boolean silentAfterLogin;
    volatile boolean silent;

    Link(Socket client, Socket upstream, boolean silentAfterLogin) {
      this.client = client;
      this.upstream = upstream;
      this.silentAfterLogin = silentAfterLogin;
    }

    void close() {
      try {
        client.close();
      } catch (IOException ignored) {
        // closing anyway
      }
      try {
        upstream.close();
      } catch (IOException ignored) {
        // closing anyway
      }
    }
  }
}
