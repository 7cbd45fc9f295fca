package io.tribunal.devnet;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/** Runs a node script from contracts/scripts with one JSON argument and parses its JSON output. */
final class NodeScripts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private NodeScripts() {}

  static JsonNode run(String script, Object argument) throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(
                "node", Toolchain.script(script).toString(), JSON.writeValueAsString(argument))
            .redirectError(ProcessBuilder.Redirect.INHERIT)
            .start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException(
          script + " failed: " + new String(out, StandardCharsets.UTF_8));
    }
    return JSON.readTree(out);
  }
}
