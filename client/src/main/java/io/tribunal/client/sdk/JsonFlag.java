package io.tribunal.client.sdk;

import picocli.CommandLine.Option;

/**
 * {@code --json}: one JSON document on stdout instead of text (picocli mixin). Amounts are
 * base-unit strings; see {@link JsonOutput}.
 */
public final class JsonFlag {
  @Option(names = "--json", description = "Print JSON on stdout.")
  boolean on;

  /** Whether the command prints JSON. */
  public boolean on() {
    return on;
  }
}
