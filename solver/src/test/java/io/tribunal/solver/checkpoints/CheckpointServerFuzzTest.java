package io.tribunal.solver.checkpoints;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.node.http.SafeHandler;
import io.tribunal.solver.TinyRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 5,200 random requests (fixed seed) to the checkpoint server with the relay on: random methods,
 * paths, headers, ranges, bodies (truncated or garbage JSON, huge, lying lengths, chunked) and
 * mutated signatures. Every one gets a non-empty answer, none a 5xx, and every error our handlers
 * write is JSON {@code {"error": ...}}. Requests go over raw sockets so nothing in a client library
 * tidies them up first.
 */
class CheckpointServerFuzzTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String JOB = "0x" + "3c".repeat(32);
  private static final int REQUESTS = 5_200;

  @TempDir Path dir;

  @Test
  void fiveThousandRandomRequestsAllGetANon5xxAnswer() throws Exception {
    Path jobs = Files.createDirectories(dir.resolve("jobs"));
    TinyRun.train(jobs.resolve(JOB), 11);
    List<String> checkpoints;
    try (Stream<Path> s = Files.list(jobs.resolve(JOB).resolve("checkpoints"))) {
      checkpoints = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    try (CheckpointServer server =
        CheckpointServer.start(
            "127.0.0.1",
            0,
            new JobFiles(jobs, JOB::equals),
            Optional.of(RelayFixture.OFFLINE.validatingRelay()))) {
      Requests gen = new Requests(new Random(20261202L), checkpoints, RelayFixture.OFFLINE);
      Map<String, Integer> seen = new TreeMap<>();
      List<String> problems = new ArrayList<>();
      for (int i = 0; i < REQUESTS; i++) {
        Requests.Raw req = gen.next();
        Answer a = send(server.port(), req);
        if (a.bytes == 0) {
          problems.add("empty reply to " + req.describe());
        } else if (a.status < 200 || a.status > 499) {
          problems.add(req.describe() + " → " + a.head);
        } else if (a.ours && a.status >= 400 && !req.head && !isJsonError(a.body)) {
          problems.add(req.describe() + " → not a JSON error: " + a.body);
        }
        seen.merge(req.kind + " → " + a.status, 1, Integer::sum);
      }
      seen.forEach((k, v) -> System.out.println("[fuzz] " + k + ": " + v));
      assertThat(problems).as("empty replies, 5xx or non-JSON errors").isEmpty();
      assertThat(seen.values().stream().mapToInt(Integer::intValue).sum()).isEqualTo(REQUESTS);
      // the fuzz reached the handlers' main outcomes, not only the parser's refusals
      assertThat(seen.keySet())
          .anyMatch(k -> k.endsWith("→ 202"))
          .anyMatch(k -> k.endsWith("→ 206"))
          .anyMatch(k -> k.endsWith("→ 200"))
          .anyMatch(k -> k.endsWith("→ 413"))
          .anyMatch(k -> k.endsWith("→ 416"))
          .anyMatch(k -> k.startsWith("bad signature") && k.endsWith("→ 400"));
    }
  }

  static boolean isJsonError(String body) {
    try {
      JsonNode n = JSON.readTree(body);
      return n != null && n.path("error").isTextual();
    } catch (IOException e) {
      return false;
    }
  }

  /** What came back: status (0 if none), head, body, whether our SafeHandler answered. */
  record Answer(int bytes, int status, String head, String body, boolean ours) {}

  static Answer send(int port, Requests.Raw req) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      try {
        out.write(req.bytes);
        out.flush();
        s.shutdownOutput(); // also ends a body shorter than its Content-Length
      } catch (IOException stoppedReading) {
        // the server answered (413) and closed while we were still sending: read what it said
      }
      byte[] resp = readAll(s.getInputStream());
      String text = new String(resp, StandardCharsets.ISO_8859_1);
      // "Expect: 100-continue" gets an interim 100 first: the answer is what follows it
      while (text.startsWith("HTTP/1.1 1") && text.indexOf("\r\n\r\n") > 0) {
        text = text.substring(text.indexOf("\r\n\r\n") + 4);
      }
      int headEnd = text.indexOf("\r\n\r\n");
      String head = headEnd < 0 ? text : text.substring(0, headEnd);
      int status = text.startsWith("HTTP/1.1 ") ? Integer.parseInt(text.substring(9, 12)) : 0;
      String body = headEnd < 0 ? "" : text.substring(headEnd + 4);
      boolean ours = head.toLowerCase().contains(SafeHandler.HEADER.toLowerCase() + ":");
      return new Answer(resp.length, status, head, body, ours);
    }
  }

  private static byte[] readAll(InputStream in) throws IOException {
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    byte[] chunk = new byte[8192];
    try {
      int n;
      while ((n = in.read(chunk)) > 0) {
        buf.write(chunk, 0, n);
      }
    } catch (IOException reset) {
      // a reset after the answer arrived still leaves the answer
    }
    return buf.toByteArray();
  }

  /** The request generator: each case picks its parts from the seeded random. */
  static final class Requests {
    record Raw(String kind, String line, boolean head, byte[] bytes) {
      String describe() {
        return kind + " [" + (line.length() > 120 ? line.substring(0, 120) + "…" : line) + "]";
      }
    }

    private static final String[] METHODS = {
      "GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "FOO", "get", "CONNECT"
    };
    private static final BigInteger N = EcdsaSignature.N;

    private final Random rnd;
    private final List<String> checkpoints;
    private final RelayFixture relay;
    private final List<Function<Random, Raw>> cases = new ArrayList<>();
    private final List<Function<Random, Raw>> relayCases = new ArrayList<>();

    Requests(Random rnd, List<String> checkpoints, RelayFixture relay) {
      this.rnd = rnd;
      this.checkpoints = checkpoints;
      this.relay = relay;
      cases.add(
          r -> request("file", pick(new String[] {"GET", "HEAD"}), filePath(), headers(), null));
      cases.add(r -> request("range", "GET", filePath(), "Range: " + range() + "\r\n", null));
      cases.add(r -> request("path", pick(METHODS), junkPath(), headers(), null));
      cases.add(r -> request("method", pick(METHODS), filePath(), headers(), maybeBody()));
      relayCases.add(r -> request("relay ok", "POST", "/v1/jobs", json(), relay.body(nonce())));
      relayCases.add(r -> request("bad signature", "POST", "/v1/jobs", json(), badSignature()));
      relayCases.add(r -> request("bad field", "POST", "/v1/jobs", json(), badField()));
      relayCases.add(r -> request("truncated JSON", "POST", "/v1/jobs", json(), truncated()));
      cases.add(
          r ->
              request("garbage", "POST", "/v1/jobs", headers(), randomBytes(1 + rnd.nextInt(600))));
      relayCases.add(r -> request("huge body", "POST", "/v1/jobs", json(), hugeBody()));
      relayCases.add(r -> lyingLength());
      relayCases.add(r -> chunked());
      cases.add(r -> request("many headers", "GET", filePath(), manyHeaders(), null));
      cases.addAll(relayCases);
    }

    /** Any request. */
    Raw next() {
      return cases.get(rnd.nextInt(cases.size())).apply(rnd);
    }

    /** A POST /v1/jobs request (valid, bad signature, bad field, bad body). */
    Raw nextRelay() {
      return relayCases.get(rnd.nextInt(relayCases.size())).apply(rnd);
    }

    private Raw request(String kind, String method, String path, String headers, byte[] body) {
      String line = method + " " + path + " HTTP/1.1";
      StringBuilder h = new StringBuilder(line).append("\r\nHost: 127.0.0.1\r\n");
      h.append(headers);
      if (body != null) {
        h.append("Content-Length: ").append(body.length).append("\r\n");
      }
      h.append("Connection: close\r\n\r\n");
      byte[] head = h.toString().getBytes(StandardCharsets.ISO_8859_1);
      byte[] all = body == null ? head : concat(head, body);
      return new Raw(kind, line, method.equals("HEAD"), all);
    }

    /** A body that stops before its Content-Length; the sender then half-closes. */
    private Raw lyingLength() {
      byte[] body = relay.body(nonce());
      int cut = rnd.nextInt(body.length);
      String line = "POST /v1/jobs HTTP/1.1";
      String head =
          line
              + "\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: "
              + body.length
              + "\r\nConnection: close\r\n\r\n";
      return new Raw(
          "lying length",
          line,
          false,
          concat(head.getBytes(StandardCharsets.ISO_8859_1), java.util.Arrays.copyOf(body, cut)));
    }

    /** A well-framed chunked body (valid submission or junk), in random chunk sizes. */
    private Raw chunked() {
      byte[] body = rnd.nextBoolean() ? relay.body(nonce()) : randomBytes(rnd.nextInt(3000));
      ByteArrayOutputStream b = new ByteArrayOutputStream();
      String line = "POST /v1/jobs HTTP/1.1";
      b.writeBytes(
          (line + "\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      int at = 0;
      while (at < body.length) {
        int n = Math.min(body.length - at, 1 + rnd.nextInt(700));
        b.writeBytes((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
        b.write(body, at, n);
        b.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
        at += n;
      }
      b.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
      return new Raw("chunked", line, false, b.toByteArray());
    }

    private String filePath() {
      String job = rnd.nextInt(10) == 0 ? JOB.toUpperCase().replace("0X", "0x") : JOB;
      return switch (rnd.nextInt(4)) {
        case 0 -> "/v1/jobs/" + job + "/manifest";
        case 1 -> "/v1/jobs/" + job + "/model";
        case 2 -> "/v1/jobs/" + job + "/checkpoints/" + pick(checkpoints.toArray(String[]::new));
        default -> "/v1/jobs/" + job + "/checkpoints/" + "ab".repeat(32) + ".ckpt";
      };
    }

    private String junkPath() {
      String[] paths = {
        "/",
        "/v1",
        "/v1/jobs",
        "/v1/jobs/",
        "/v1/jobs/" + JOB,
        "/v1/jobs/" + JOB + "/manifest/extra",
        "/v1/jobs/../../../../etc/passwd",
        "/v1/jobs/" + JOB + "/checkpoints/..%2f..%2fmanifest.json",
        "/v1/jobs/%2e%2e/%2e%2e/etc/passwd",
        "/v1/jobs/" + JOB + "/checkpoints/%00.ckpt",
        "/v1/jobs/0x12/manifest",
        "/v1/jobs/" + "0x" + "zz".repeat(32) + "/model",
        "/v1/jobs/" + JOB + "/manifest?x=1&y=%ff",
        "//v1//jobs//" + JOB + "//manifest",
        "/v1/jobs/" + JOB + "/checkpoints/" + "a".repeat(4000) + ".ckpt",
        "/v1/models",
        "/metrics",
        "/%c0%ae%c0%ae/",
        "*"
      };
      String p = pick(paths);
      if (rnd.nextInt(5) == 0) {
        StringBuilder sb = new StringBuilder("/");
        for (int i = rnd.nextInt(60); i > 0; i--) {
          sb.append("abcdef0123456789/._-%~".charAt(rnd.nextInt(22)));
        }
        p = sb.toString();
      }
      return p;
    }

    private String range() {
      String[] ranges = {
        "bytes=0-99",
        "bytes=100-",
        "bytes=-50",
        "bytes=5-2",
        "bytes=-0",
        "bytes=0-0",
        "bytes=99999999-",
        "bytes=99999999999999999999999-",
        "bytes=0-99999999999999999999999",
        "bytes=0-1,5-9",
        "items=0-10",
        "bytes=",
        "bytes=-",
        "bytes=a-b",
        "  bytes=1-2  "
      };
      return pick(ranges);
    }

    private String headers() {
      StringBuilder h = new StringBuilder();
      String[] extra = {
        "Accept: */*",
        "Content-Type: application/json",
        "Content-Type: text/plain",
        "Accept-Encoding: gzip",
        "X-Forwarded-For: 10.0.0.1",
        "Expect: 100-continue",
        "Cookie: " + "c".repeat(500),
        "User-Agent: fuzz/" + rnd.nextInt(100),
        "If-None-Match: \"x\"",
        "Range: " + range()
      };
      for (int i = rnd.nextInt(4); i > 0; i--) {
        h.append(pick(extra)).append("\r\n");
      }
      return h.toString();
    }

    private String manyHeaders() {
      StringBuilder h = new StringBuilder();
      for (int i = 0, n = 20 + rnd.nextInt(100); i < n; i++) {
        h.append("X-Fuzz-")
            .append(i)
            .append(": ")
            .append("v".repeat(rnd.nextInt(100)))
            .append("\r\n");
      }
      return h.toString();
    }

    private static String json() {
      return "Content-Type: application/json\r\n";
    }

    private byte[] maybeBody() {
      return rnd.nextBoolean() ? null : randomBytes(rnd.nextInt(2000));
    }

    private byte[] badSignature() {
      JobRequest r = relay.request(nonce());
      EcdsaSignature good = relay.sign(r);
      BigInteger gr = new BigInteger(1, good.r());
      BigInteger gs = new BigInteger(1, good.s());
      String sig =
          switch (rnd.nextInt(10)) {
            case 0 -> RelayFixture.rsv(N, gs, good.v());
            case 1 -> RelayFixture.rsv(BigInteger.ZERO, gs, good.v());
            case 2 -> RelayFixture.rsv(gr, BigInteger.ZERO, good.v());
            case 3 -> RelayFixture.rsv(gr, N.subtract(gs), 55 - good.v());
            case 4 -> RelayFixture.rsv(gr, gs, 29);
            case 5 -> RelayFixture.rsv(gr, gs, 29 + rnd.nextInt(256 - 29)); // not 27/28
            case 6 -> RelayFixture.rsv(new BigInteger(256, rnd), new BigInteger(256, rnd), 27);
            case 7 -> good.toHex().substring(0, 2 + rnd.nextInt(130));
            case 8 -> flipOneHexDigit(good.toHex());
            default -> "0x" + "g".repeat(130);
          };
      return relay.withSignature(r, sig);
    }

    private String flipOneHexDigit(String hex) {
      char[] c = hex.toCharArray();
      int i = 2 + rnd.nextInt(c.length - 2);
      char was = c[i];
      do {
        c[i] = "0123456789abcdef".charAt(rnd.nextInt(16));
      } while (c[i] == was);
      return new String(c);
    }

    private byte[] badField() {
      try {
        ObjectNode n = (ObjectNode) JSON.readTree(relay.body(nonce()));
        ObjectNode req = (ObjectNode) n.get("request");
        switch (rnd.nextInt(9)) {
          case 0 -> n.put("chainId", 1);
          case 1 -> n.put("market", "0x" + "11".repeat(20));
          case 2 -> req.put("nonce", "-1");
          case 3 -> req.put("steps", "1e9");
          case 4 -> req.putNull("user");
          case 5 -> n.put("unknownField", true);
          case 6 -> n.putNull("request");
          case 7 -> n.put("chainId", "not a number");
          default -> ((ObjectNode) n.get("hyperParams")).put("batch", 3);
        }
        return JSON.writeValueAsBytes(n);
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }

    private byte[] truncated() {
      byte[] body = relay.body(nonce());
      return java.util.Arrays.copyOf(body, rnd.nextInt(body.length));
    }

    private byte[] hugeBody() {
      // past the 64 KiB cap, within what the server drains before it answers 413
      byte[] b = new byte[64 * 1024 + 1 + rnd.nextInt(1024 * 1024)];
      java.util.Arrays.fill(b, (byte) '[');
      return b;
    }

    private long nonce() {
      return 1 + rnd.nextInt(1_000_000);
    }

    private byte[] randomBytes(int n) {
      byte[] b = new byte[n];
      rnd.nextBytes(b);
      return b;
    }

    private <T> T pick(T[] options) {
      return options[rnd.nextInt(options.length)];
    }

    private static byte[] concat(byte[] a, byte[] b) {
      byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
      System.arraycopy(b, 0, out, a.length, b.length);
      return out;
    }
  }
}
