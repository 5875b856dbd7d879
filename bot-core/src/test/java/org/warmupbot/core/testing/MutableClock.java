package org.warmupbot.core.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/** A clock tests move by hand; thread-safe. */
public final class MutableClock extends Clock {
  private final AtomicLong millis;
  private final ZoneId zone;

  public MutableClock(Instant start) {
    this(start.toEpochMilli(), ZoneOffset.UTC);
  }

  private MutableClock(long millis, ZoneId zone) {
    this.millis = new AtomicLong(millis);
    this.zone = zone;
  }

  /** A clock at 2026-11-30T09:00:00Z, a Monday. */
  public static MutableClock atMondayMorning() {
    return new MutableClock(Instant.parse("2026-11-30T09:00:00Z"));
  }

  public void advance(Duration duration) {
    millis.addAndGet(duration.toMillis());
  }

  public void set(Instant instant) {
    millis.set(instant.toEpochMilli());
  }

  @Override
  public ZoneId getZone() {
    return zone;
  }

  @Override
  public Clock withZone(ZoneId newZone) {
    return new MutableClock(millis.get(), newZone);
  }

  @Override
  public long millis() {
    return millis.get();
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }
}
