package io.tribunal.devnet.kit;

import java.util.concurrent.Callable;

/** Runs a web3j-style call that declares checked exceptions where none can be handled. */
public final class Calls {
  private Calls() {}

  /** {@code c}'s result; a checked exception comes back as an {@link IllegalStateException}. */
  public static <T> T unchecked(Callable<T> c) {
    try {
      return c.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
