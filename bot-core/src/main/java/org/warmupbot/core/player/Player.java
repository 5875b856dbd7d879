package org.warmupbot.core.player;

/** A member of one tenant; the key of a live session, of runs and of badges. */
public record Player(Platform platform, String tenant, String userId) {
  public Player {
    if (platform == null || tenant == null || tenant.isBlank() || userId == null || userId.isBlank()) {
      throw new IllegalArgumentException("player needs a platform, a tenant id and a user id");
    }
  }

  public static Player of(Tenant tenant, String userId) {
    return new Player(tenant.platform(), tenant.id(), userId);
  }

  public Tenant tenantKey() {
    return new Tenant(platform, tenant);
  }
}
