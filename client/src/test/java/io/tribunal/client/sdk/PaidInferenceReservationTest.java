package io.tribunal.client.sdk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.tribunal.bindings.eip712.Bytes32;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;

/**
 * The SDK's persist-before-send rule with a reserved ceiling, against a stub server that reads the
 * payer's record from disk on every request.
 */
class PaidInferenceReservationTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger PRICE = BigInteger.valueOf(13);
  private static final Bytes32 MODEL = Bytes32.keccakOf("model");

  @TempDir Path dir;
  private HttpServer server;
  private ChannelBook book;
  private String channelId;
  private Credentials payer;
  private JsonNode last;
  private final List<BigInteger> ceilings = new ArrayList<>();
  private final List<BigInteger> overCeiling = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    payer = Credentials.create(Keys.createEcKeyPair());
    channelId = Bytes32.keccakOf("channel").hex();
    book = new ChannelBook(dir);
    book.save(
        new ChannelRecord(
            channelId,
            payer.getAddress(),
            "0x" + "22".repeat(20),
            "0x" + "00".repeat(32),
            31337,
            "0x" + "ab".repeat(20),
            null,
            BigInteger.ZERO,
            BigInteger.ZERO));
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::answer);
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  @Test
  void neverSendsAVoucherAboveTheDurableCeilingAndSavesOncePerReservation() {
    try (PaidInference sdk = new PaidInference(book, channelId, payer, 100)) {
      for (int i = 0; i < 300; i++) {
        assertThat(sdk.infer(url(), MODEL, new int[] {i}).cumulativeAmount())
            .isEqualTo(PRICE.multiply(BigInteger.valueOf(i + 1)));
      }
    }
    assertThat(overCeiling).isEmpty();
    assertThat(ceilings.stream().distinct())
        .containsExactly(
            PRICE.multiply(BigInteger.valueOf(100)),
            PRICE.multiply(BigInteger.valueOf(200)),
            PRICE.multiply(BigInteger.valueOf(300)));
    assertThat(book.require(channelId).acknowledged())
        .isEqualTo(PRICE.multiply(BigInteger.valueOf(300)));
  }

  @Test
  void aRestartWithAStaleAcknowledgementResumesFromTheServersVoucher() {
    PaidInference crashed = new PaidInference(book, channelId, payer, 100);
    for (int i = 0; i < 150; i++) {
      crashed.infer(url(), MODEL, new int[] {i});
    }
    // no close(): the durable acknowledgement is the one saved with the last reservation
    assertThat(book.require(channelId).acknowledged())
        .isLessThan(PRICE.multiply(BigInteger.valueOf(150)));
    try (PaidInference restarted = new PaidInference(book, channelId, payer, 100)) {
      assertThat(restarted.infer(url(), MODEL, new int[] {0}).cumulativeAmount())
          .isEqualTo(PRICE.multiply(BigInteger.valueOf(151)));
    }
    assertThat(overCeiling).isEmpty();
  }

  private URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  private synchronized void answer(HttpExchange ex) throws IOException {
    JsonNode payment = JSON.readTree(ex.getRequestBody().readAllBytes()).path("payment");
    ObjectNode out = JSON.createObjectNode();
    int status = 200;
    if (payment.isMissingNode()) {
      status = 402;
      out.put("error", "payment_required").put("price", PRICE.toString());
    } else {
      BigInteger amount = new BigInteger(payment.path("cumulativeAmount").asText());
      BigInteger ceiling = new ChannelBook(dir).require(channelId).signed(); // what is on disk
      ceilings.add(ceiling);
      if (amount.compareTo(ceiling) > 0) {
        overCeiling.add(amount);
      }
      BigInteger required =
          (last == null ? BigInteger.ZERO : new BigInteger(last.path("cumulativeAmount").asText()))
              .add(PRICE);
      if (amount.compareTo(required) < 0) {
        status = 402;
        out.put("error", "underpaid").put("price", PRICE.toString());
        out.set("lastAccepted", last);
      } else {
        last = payment;
        out.put("prediction", 1).putArray("logits").add(0).add(1);
        out.set("voucher", payment);
      }
    }
    byte[] body = JSON.writeValueAsBytes(out);
    ex.sendResponseHeaders(status, body.length);
    try (OutputStream os = ex.getResponseBody()) {
      os.write(body);
    }
  }
}
