package org.warmupbot.core.port;

/** The store could not be reached or refused the operation; the message names the store, never a password. */
public final class StoreUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
