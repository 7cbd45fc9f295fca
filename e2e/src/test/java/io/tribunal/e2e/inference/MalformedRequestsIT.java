package io.tribunal.e2e.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.EcdsaSignature;
import io.tribunal.bindings.eip712.Eip712Domain;
import io.tribunal.bindings.eip712.Voucher;
import io.tribunal.client.sdk.ChannelBook;
import io.tribunal.client.sdk.ChannelRecord;
import io.tribunal.client.sdk.PaidInference;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.solver.inference.AcceptedVoucher;
import io.tribunal.solver.inference.InferenceNode;
import io.tribunal.solver.inference.InferenceServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * ≥ 5,000 malformed or unpayable requests: every one answered 4xx with a JSON error naming the
 * problem, none ≥ 500, and the channel's best voucher (in memory and on disk) unchanged.
 */
@ExtendWith(AnvilExtension.class)
class MalformedRequestsIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger PRICE = PaidInferenceIT.PRICE;
  private static final BigInteger N =
      new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

  @TempDir Path dir;

  @Test
  void fiveThousandMalformedRequestsGet4xxJsonErrorsAndChangeNothing(Devnet devnet)
      throws Exception {
    World world = World.create(devnet, dir);
    Credentials payee = world.freshAccount(1, 0);
    Credentials payer = world.freshAccount(1, 10);
    try (InferenceNode node = world.startNode(payee, dir.resolve("node"), World.usd(1000))) {
      URI url = URI.create("http://127.0.0.1:" + node.port());
      ChannelBook book = new ChannelBook(dir.resolve("payer"));
      ChannelRecord ch = world.openChannel(payer, payee.getAddress(), World.usd(1), book);
      ChannelRecord closed = world.openChannel(payer, payee.getAddress(), World.usd(1), book);
      PaidInference client = new PaidInference(book, ch.channelId(), payer);
      int[] input = world.data.heldOut().features().row(5);
      for (int i = 0; i < 3; i++) {
        client.infer(url, world.modelHash, input);
      }
      new PaidInference(book, closed.channelId(), payer).closeCooperatively(url);
      Bytes32 id = Bytes32.fromHex(ch.channelId());
      AcceptedVoucher best = node.store().best(id).orElseThrow();
      byte[] logBefore = Files.readAllBytes(node.store().file());
      assertThat(best.cumulativeAmount()).isEqualTo(PRICE.multiply(BigInteger.valueOf(3)));

      Cases cases = new Cases(world, devnet, ch, closed, payer, input, best.cumulativeAmount());
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Random rnd = new Random(42);
      Map<String, Integer> byCode = new TreeMap<>();
      int total = 0;
      for (; total < 5_200; total++) {
        Cases.Req req = cases.pick(rnd);
        int status;
        String code;
        if (req.raw() != null) {
          String[] r = raw(url, req.raw());
          status = Integer.parseInt(r[0]);
          code = r[1];
        } else {
          HttpRequest.Builder b =
              HttpRequest.newBuilder(url.resolve(req.path()))
                  .timeout(Duration.ofSeconds(10))
                  .header("Content-Type", req.contentType());
          HttpResponse<String> r =
              http.send(
                  b.POST(HttpRequest.BodyPublishers.ofByteArray(req.body())).build(),
                  HttpResponse.BodyHandlers.ofString());
          status = r.statusCode();
          code = JSON.readTree(r.body()).path("error").asText();
          assertThat(JSON.readTree(r.body()).path("message").asText()).as(req.name()).isNotBlank();
        }
        assertThat(status).as(req.name() + " → " + code).isBetween(400, 499);
        byCode.merge(req.name() + " → " + status + " " + code, 1, Integer::sum);
      }
      byCode.forEach((k, v) -> System.out.println("[fuzz] " + k + ": " + v));
      assertThat(total).isGreaterThanOrEqualTo(5_000);
      assertThat(node.store().best(id).orElseThrow()).isEqualTo(best);
      assertThat(Files.readAllBytes(node.store().file())).isEqualTo(logBefore);
      assertThat(client.lastAccepted(url).path("cumulativeAmount").asText())
          .isEqualTo(best.cumulativeAmount().toString());
    }
  }

  /**
   * Sends raw bytes; returns {status, error code}. A dropped connection counts as 400 "dropped".
   */
  private static String[] raw(URI url, byte[] bytes) throws Exception {
    try (Socket s = new Socket(url.getHost(), url.getPort())) {
      s.setSoTimeout(5_000);
      OutputStream out = s.getOutputStream();
      out.write(bytes);
      out.flush();
      s.shutdownOutput();
      InputStream in = s.getInputStream();
      String resp = new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
      assertThat(resp)
          .as("an answer to " + new String(bytes, StandardCharsets.ISO_8859_1))
          .isNotEmpty();
      String status = resp.substring(9, 12);
      int body = resp.indexOf("\r\n\r\n");
      String text = body < 0 ? "" : resp.substring(body + 4).strip();
      // requests the JDK HTTP parser itself rejects get its own 4xx page, not our JSON
      String code =
          text.startsWith("{") ? JSON.readTree(text).path("error").asText("none") : "http-parser";
      return new String[] {status, code};
    }
  }

  /** The malformed request generator. */
  private static final class Cases {
    record Req(String name, String path, String contentType, byte[] body, byte[] raw) {}

    private final List<Supplier<Req>> all = new ArrayList<>();

    Cases(
        World world,
        Devnet devnet,
        ChannelRecord ch,
        ChannelRecord closed,
        Credentials payer,
        int[] input,
        BigInteger last)
        throws Exception {
      String contract = devnet.deployment().address("PaymentChannels");
      long chainId = devnet.chain().chainId();
      Eip712Domain domain = Eip712Domain.paymentChannels(chainId, contract);
      Bytes32 id = Bytes32.fromHex(ch.channelId());
      BigInteger next = last.add(PRICE);
      Credentials stranger = Credentials.create(Keys.createEcKeyPair());
      String infer = "/v1/models/" + world.modelHash.hex() + "/infer";
      EcdsaSignature good = new Voucher(id, next).sign(domain, payer);
      EcdsaSignature forged = new Voucher(id, next).sign(domain, stranger);
      EcdsaSignature otherChain =
          new Voucher(id, next).sign(Eip712Domain.paymentChannels(1, contract), payer);
      EcdsaSignature otherContract =
          new Voucher(id, next)
              .sign(Eip712Domain.paymentChannels(chainId, "0x" + "11".repeat(20)), payer);
      EcdsaSignature below = new Voucher(id, last).sign(domain, payer);
      BigInteger over = World.usd(1).add(BigInteger.ONE);
      EcdsaSignature overSig = new Voucher(id, over).sign(domain, payer);
      BigInteger closedNext = PRICE;
      EcdsaSignature closedSig =
          new Voucher(Bytes32.fromHex(closed.channelId()), closedNext).sign(domain, payer);
      EcdsaSignature highS = highS(good);
      ObjectNode base = body(input, payment(ch, next, good, chainId, contract));

      add("forged signature", infer, body(input, payment(ch, next, forged, chainId, contract)));
      add("high-S signature", infer, body(input, payment(ch, next, highS, chainId, contract)));
      add(
          "signed for another chain",
          infer,
          body(input, payment(ch, next, otherChain, chainId, contract)));
      add(
          "signed for another contract",
          infer,
          body(input, payment(ch, next, otherContract, chainId, contract)));
      add("claims another chain", infer, body(input, payment(ch, next, good, 1, contract)));
      add(
          "claims another contract",
          infer,
          body(input, payment(ch, next, good, chainId, "0x" + "22".repeat(20))));
      add("another channel id", infer, with(base, "channelId", Bytes32.keccakOf("other").hex()));
      add(
          "unknown channel (other salt)",
          infer,
          with(base, "salt", Bytes32.keccakOf("nope").hex()));
      add("cumulative below last", infer, body(input, payment(ch, last, below, chainId, contract)));
      add("over deposit", infer, body(input, payment(ch, over, overSig, chainId, contract)));
      add(
          "closed channel",
          infer,
          body(input, payment(closed, closedNext, closedSig, chainId, contract)));
      add("unknown model", "/v1/models/" + Bytes32.keccakOf("no model").hex() + "/infer", base);
      add("bad model hash", "/v1/models/xyz/infer", base);
      add("no payment", infer, body(input, null));
      add(
          "wrong input length",
          infer,
          body(new int[] {1, 2, 3}, payment(ch, next, good, chainId, contract)));
      add("amount not a string", infer, withNumber(base, "cumulativeAmount"));
      add("signature too short", infer, with(base, "signature", "0x1234"));
      all.add(
          () ->
              new Req(
                  "malformed JSON",
                  infer,
                  "application/json",
                  "{\"input\": [1, 2".getBytes(StandardCharsets.UTF_8),
                  null));
      all.add(
          () ->
              new Req(
                  "JSON array body",
                  infer,
                  "application/json",
                  "[1,2,3]".getBytes(StandardCharsets.UTF_8),
                  null));
      all.add(
          () ->
              new Req(
                  "wrong content type",
                  infer,
                  "text/plain",
                  base.toString().getBytes(StandardCharsets.UTF_8),
                  null));
      all.add(
          () ->
              new Req(
                  "oversized body",
                  infer,
                  "application/json",
                  new byte[InferenceServer.MAX_BODY + 10],
                  null));
      all.add(() -> new Req("random bytes", infer, "application/json", randomBytes(), null));
      String host = "Host: 127.0.0.1\r\n";
      rawCase(
          "bad Content-Length",
          "POST "
              + infer
              + " HTTP/1.1\r\n"
              + host
              + "Content-Type: application/json\r\nContent-Length: abc\r\n\r\n{}");
      rawCase(
          "huge Content-Length",
          "POST "
              + infer
              + " HTTP/1.1\r\n"
              + host
              + "Content-Type: application/json\r\nContent-Length: 99999999\r\n\r\n{}");
      rawCase(
          "header without colon",
          "POST "
              + infer
              + " HTTP/1.1\r\n"
              + host
              + "Garbage header line\r\nContent-Length: 2\r\n\r\n{}");
      rawCase("bad request line", "FOO\r\n\r\n");
    }

    Req pick(Random rnd) {
      return all.get(rnd.nextInt(all.size())).get();
    }

    private void add(String name, String path, ObjectNode body) {
      byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
      all.add(() -> new Req(name, path, "application/json", bytes, null));
    }

    private void rawCase(String name, String text) {
      byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
      all.add(() -> new Req(name, null, null, null, bytes));
    }

    private static final Random NOISE = new Random(7);

    private static byte[] randomBytes() {
      byte[] b = new byte[1 + NOISE.nextInt(200)];
      NOISE.nextBytes(b);
      return b;
    }

    private static ObjectNode body(int[] input, ObjectNode payment) {
      ObjectNode b = JSON.createObjectNode();
      var arr = b.putArray("input");
      for (int v : input) {
        arr.add(v);
      }
      if (payment != null) {
        b.set("payment", payment);
      }
      return b;
    }

    private static ObjectNode payment(
        ChannelRecord ch, BigInteger amount, EcdsaSignature sig, long chainId, String contract) {
      ObjectNode p = JSON.createObjectNode();
      p.put("payer", ch.payer());
      p.put("salt", ch.salt());
      p.put("cumulativeAmount", amount.toString());
      p.put("signature", sig.toHex());
      p.put("chainId", chainId);
      p.put("contract", contract);
      return p;
    }

    private static ObjectNode with(ObjectNode base, String field, String value) {
      ObjectNode b = base.deepCopy();
      ((ObjectNode) b.get("payment")).put(field, value);
      return b;
    }

    private static ObjectNode withNumber(ObjectNode base, String field) {
      ObjectNode b = base.deepCopy();
      ((ObjectNode) b.get("payment")).put(field, 12345);
      return b;
    }

    /** The malleable twin: s' = n − s, v flipped; recovers the same signer. */
    private static EcdsaSignature highS(EcdsaSignature sig) {
      BigInteger s = N.subtract(new BigInteger(1, sig.s()));
      return new EcdsaSignature(
          sig.v() == 27 ? 28 : 27, sig.r(), org.web3j.utils.Numeric.toBytesPadded(s, 32));
    }
  }
}
