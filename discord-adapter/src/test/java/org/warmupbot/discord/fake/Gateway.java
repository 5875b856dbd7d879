package org.warmupbot.discord.fake;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import net.dv8tion.jda.api.utils.data.DataArray;
import net.dv8tion.jda.api.utils.data.DataObject;
import org.java_websocket.WebSocket;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.server.WebSocketServer;

/**
 * The fake's gateway: HELLO on connect, READY and one GUILD_CREATE per guild of the shard after IDENTIFY,
 * heartbeat acks, and dispatches for the shard that owns a guild. Plain JSON frames (JDA runs uncompressed).
 */
final class Gateway extends WebSocketServer {
  private final FakeDiscord discord;
  private final Map<Integer, WebSocket> shards = new ConcurrentHashMap<>();
  private final Map<WebSocket, AtomicInteger> sequences = new ConcurrentHashMap<>();
  private final CountDownLatch started = new CountDownLatch(1);

  Gateway(FakeDiscord discord) {
    super(new InetSocketAddress("127.0.0.1", 0));
    this.discord = discord;
    setReuseAddr(true);
    setDaemon(true);
    // Discord's gateway sends each frame as it comes; with Nagle on, a frame waits for JDA's delayed ACK of the
    // one before (up to 40 ms on Linux), which every test and the load harness would measure as the bot's time.
    setTcpNoDelay(true);
  }

  void startAndWait() throws InterruptedException {
    start();
    if (!started.await(10, TimeUnit.SECONDS)) {
      throw new IllegalStateException("fake gateway did not start");
    }
  }

  java.util.Set<Integer> readyShardIds() {
    java.util.Set<Integer> ids = new java.util.TreeSet<>();
    shards.forEach((id, conn) -> {
      if (conn.isOpen()) {
        ids.add(id);
      }
    });
    return ids;
  }

  @Override
  public void onOpen(WebSocket conn, ClientHandshake handshake) {
    sequences.put(conn, new AtomicInteger());
    conn.send(DataObject.empty().put("op", 10).put("d", DataObject.empty().put("heartbeat_interval", 41250))
        .toString());
  }

  @Override
  public void onMessage(WebSocket conn, String message) {
    DataObject frame = DataObject.fromJson(message);
    int op = frame.getInt("op");
    if (op == 1) {
      conn.send(DataObject.empty().put("op", 11).toString());
    } else if (op == 2) {
      identify(conn, frame.getObject("d"));
    } else if (op == 6) {
      conn.send(DataObject.empty().put("op", 9).put("d", false).toString()); // no resuming: identify again
    }
  }

  private void identify(WebSocket conn, DataObject identify) {
    DataArray shard = identify.optArray("shard").orElseGet(() -> DataArray.empty().add(0).add(1));
    int shardId = shard.getInt(0);
    int total = shard.getInt(1);
    DataArray unavailable = DataArray.empty();
    var guilds = discord.guildsOfShard(shardId, total);
    guilds.forEach(g -> unavailable.add(DataObject.empty().put("id", g.id).put("unavailable", true)));
    send(conn, "READY", DataObject.empty().put("v", 10).put("user", discord.botUser())
        .put("guilds", unavailable).put("private_channels", DataArray.empty())
        .put("session_id", "session-" + shardId).put("resume_gateway_url", discord.gatewayUrl())
        .put("shard", shard).put("relationships", DataArray.empty()).put("presences", DataArray.empty())
        .put("application", DataObject.empty().put("id", FakeDiscord.APPLICATION_ID).put("flags", 0)));
    for (FakeGuild guild : guilds) {
      if (discord.outageAtConnect.remove(guild.id)) {
        send(conn, "GUILD_DELETE", DataObject.empty().put("id", Long.toString(guild.id)).put("unavailable", true));
      } else {
        send(conn, "GUILD_CREATE", guild.createJson());
      }
    }
    shards.put(shardId, conn);
  }

  /** Sends a dispatch whose data is JSON text already (the fake keeps an interaction's as it sent it). */
  void dispatch(int shardId, String type, String dataJson) {
    WebSocket conn = shards.get(shardId);
    if (conn != null && conn.isOpen()) {
      send(conn, type, dataJson);
    }
  }

  private void send(WebSocket conn, String type, DataObject data) {
    send(conn, type, data.toString());
  }

  private void send(WebSocket conn, String type, String dataJson) {
    AtomicInteger seq = sequences.computeIfAbsent(conn, c -> new AtomicInteger());
    synchronized (conn) {
      conn.send("{\"op\":0,\"t\":\"" + type + "\",\"s\":" + seq.incrementAndGet() + ",\"d\":" + dataJson + "}");
    }
  }

  @Override
  public void onClose(WebSocket conn, int code, String reason, boolean remote) {
    shards.values().remove(conn);
    sequences.remove(conn);
  }

  @Override
  public void onError(WebSocket conn, Exception ex) {
    // A client dropping mid-test is normal at shutdown; failures show up as missing responses instead.
  }

  @Override
  public void onStart() {
    started.countDown();
  }
}
