package io.tribunal.client.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The address recorded in a keystore V3 file (no password needed). */
public final class KeystoreAddress {
  private KeystoreAddress() {}

  public static String read(Path keystore) {
    if (keystore == null || !Files.isRegularFile(keystore)) {
      throw new IllegalArgumentException("--mine needs --keystore FILE or --address");
    }
    try {
      String a = new ObjectMapper().readTree(keystore.toFile()).path("address").asText("");
      return a.startsWith("0x") ? a : "0x" + a;
    } catch (IOException e) {
      throw new IllegalArgumentException("unreadable keystore " + keystore);
    }
  }
}
