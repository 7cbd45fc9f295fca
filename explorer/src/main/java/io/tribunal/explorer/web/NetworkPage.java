package io.tribunal.explorer.web;

import io.tribunal.explorer.index.NetworkEntry;
import io.tribunal.explorer.index.Snapshot;
import io.tribunal.explorer.index.Tusd;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code /network}: chain id, contracts, block height, parameters, guardian and timelock. */
final class NetworkPage implements Page {
  @Override
  public Set<String> params() {
    return Set.of();
  }

  @Override
  public Rendered render(Snapshot s, Request r, List<String> args) throws HttpProblem {
    if (!args.isEmpty()) {
      throw HttpProblem.notFound("no such page");
    }
    r.allowOnly(params());
    NetworkEntry n = s.network();
    Tusd tusd = new Tusd(n.decimals());
    Map<String, Object> json = new LinkedHashMap<>();
    json.put("head", s.head());
    json.put("chainTime", s.chainTime());
    json.put("network", n);
    StringBuilder b = new StringBuilder("<h1>Network</h1><dl class=\"facts\">");
    JobPage.fact(b, "Chain id", String.valueOf(n.chainId()));
    JobPage.fact(b, "Block height", "<span id=\"height\">" + s.head() + "</span>");
    JobPage.fact(b, "Chain time", Show.time(s.chainTime()));
    b.append("</dl><h2>Parameters</h2><dl class=\"facts\">");
    JobPage.fact(b, "Challenge window", Show.duration(n.challengeWindow()));
    JobPage.fact(b, "Randomness delay", n.randomnessDelay() + " blocks");
    JobPage.fact(b, "Verifier fee", n.verifierFeeBps() / 100.0 + " % of the price");
    JobPage.fact(b, "Dispute bond (floor)", Show.tusd(tusd, n.gameBond()));
    JobPage.fact(b, "Chess clock per side", Show.duration(n.gameClock()));
    JobPage.fact(b, "Move refund", Show.tusd(tusd, n.moveRefund()));
    JobPage.fact(b, "Minimum stake", Show.tusd(tusd, n.minStake()));
    JobPage.fact(b, "Unbonding delay", Show.duration(n.unbondingDelay()));
    JobPage.fact(b, "Minimum channel deposit", Show.tusd(tusd, n.minChannelDeposit()));
    JobPage.fact(b, "Channel challenge period", Show.duration(n.channelChallengePeriod()));
    JobPage.fact(b, "Treasury", Show.shortHex(n.treasury()));
    b.append("</dl><h2>Guardian and timelock</h2><dl class=\"facts\">");
    JobPage.fact(
        b,
        "Settlements",
        n.pausedUntil() > s.chainTime()
            ? "paused by the guardian, " + Show.countdown(n.pausedUntil(), s.chainTime())
            : "running (not paused)");
    JobPage.fact(
        b,
        "Guardian may pause again",
        n.nextPauseAllowedAt() <= s.chainTime()
            ? "now"
            : Show.countdown(n.nextPauseAllowedAt(), s.chainTime()));
    JobPage.fact(
        b,
        "Admin timelock delay",
        Show.duration(n.timelockDelay())
            + " (never below "
            + Show.duration(n.timelockFloor())
            + ")");
    b.append(
        "</dl><h2>Contracts</h2><div class=\"scroll\"><table><caption>Deployed contracts</caption>"
            + "<thead><tr><th scope=\"col\">Contract</th><th scope=\"col\">Address</th></tr></thead><tbody>");
    new java.util.TreeMap<>(n.contracts())
        .forEach(
            (name, address) ->
                b.append("<tr><td>")
                    .append(Html.esc(name))
                    .append("</td><td><code>")
                    .append(Html.esc(address))
                    .append("</code></td></tr>"));
    b.append("</tbody></table></div>");
    return new Rendered("Network", json, b.toString());
  }
}
