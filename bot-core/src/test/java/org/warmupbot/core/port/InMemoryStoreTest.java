package org.warmupbot.core.port;

final class InMemoryStoreTest extends ResultStoreContract<InMemoryStore> {
  @Override
  protected InMemoryStore openEmptyStore() {
    return new InMemoryStore();
  }
}
