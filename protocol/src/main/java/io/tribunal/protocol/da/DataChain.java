package io.tribunal.protocol.da;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.DataAvailability;
import io.tribunal.core.commit.Hash32;
import io.tribunal.core.tensor.Tensor;
import io.tribunal.protocol.chain.ChainReader;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.EventEncoder;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.utils.Numeric;

/**
 * The DataAvailability contract as the roles use it: views, calls encoded for the intent journal
 * (sent by DurableTxSender, never from here), and the published rows read back from its events.
 */
public final class DataChain {
  /** DataAvailability.Phase. */
  public enum DemandPhase {
    NONE,
    AWAIT_ROOTS,
    AWAIT_ROWS,
    ANSWERED,
    DEFAULTED;

    public boolean open() {
      return this == AWAIT_ROOTS || this == AWAIT_ROWS;
    }
  }

  /** One demand as stored on-chain. */
  public record Demand(
      BigInteger id,
      Bytes32 jobId,
      String demander,
      long deadline,
      DemandPhase phase,
      BigInteger bond,
      long leaf,
      long step,
      int tensor,
      int nextRow) {}

  private final DataAvailability contract;
  private final String address;
  private final long deployBlock;

  private DataChain(DataAvailability contract, long deployBlock) {
    this.contract = contract;
    this.address = contract.getContractAddress();
    this.deployBlock = deployBlock;
  }

  /** The deployment's DataAvailability, if it has one (older deployments do not). */
  public static Optional<DataChain> of(TribunalChain chain, Deployment deployment) {
    return deployment
        .find("DataAvailability")
        .map(
            ref ->
                new DataChain(
                    DataAvailability.load(
                        ref.address(),
                        chain.web3j(),
                        new ReadonlyTransactionManager(chain.web3j(), ref.address()),
                        chain.gasProvider()),
                    ref.block()));
  }

  public String address() {
    return address;
  }

  public Demand demand(BigInteger id) {
    return call(() -> toDemand(id, contract.demandOf(id).send()));
  }

  /** Every demand made on the job, oldest first. */
  public List<Demand> demandsOf(Bytes32 jobId) {
    List<?> ids = call(() -> contract.demandsOf(jobId.bytes()).send());
    List<Demand> out = new ArrayList<>(ids.size());
    for (Object id : ids) {
      out.add(demand(toBigInteger(id)));
    }
    return out;
  }

  /** The demand of trace leaf {@code leaf} of the job, if one was made. */
  public Optional<Demand> demandFor(Bytes32 jobId, long leaf) {
    BigInteger id = call(() -> contract.demandFor(jobId.bytes(), BigInteger.valueOf(leaf)).send());
    return id.signum() == 0 ? Optional.empty() : Optional.of(demand(id));
  }

  /** The bond a demand on the job costs now. */
  public BigInteger bondOf(Bytes32 jobId) {
    return call(() -> contract.termsOf(jobId.bytes()).send().component1());
  }

  public BigInteger credit(String account) {
    return call(() -> contract.credit(account).send());
  }

  // ------------------------------------------------------------------------------ encoded calls

  public String demandCall(Bytes32 jobId, long leaf) {
    return contract.demand(jobId.bytes(), BigInteger.valueOf(leaf)).encodeFunctionCall();
  }

  public String postRootsCall(
      BigInteger id, Hash32 treeRoot, List<Hash32> leafProof, List<Hash32> paramRoots) {
    return contract
        .postRoots(id, treeRoot.bytes(), raw(leafProof), raw(paramRoots))
        .encodeFunctionCall();
  }

  public String publishRowsCall(BigInteger id, List<Hash32> paramRoots, StateChunks.Chunk c) {
    return contract
        .publishRows(id, raw(paramRoots), c.rows(), raw(c.siblings()))
        .encodeFunctionCall();
  }

  public String resolveDefaultCall(BigInteger id) {
    return contract.resolveDefault(id).encodeFunctionCall();
  }

  public String withdrawCall(String to) {
    return contract.withdraw(to).encodeFunctionCall();
  }

  // ---------------------------------------------------------------------------- published data

  /**
   * The state demand {@code id} published, rebuilt from its RowsPublished events alone (empty while
   * rows are missing).
   */
  public Optional<List<Tensor>> publishedState(
      ChainReader reader, BigInteger id, List<Integer> widths) {
    PublishedState state = new PublishedState(StateChunks.shapes(widths));
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(deployBlock)),
            DefaultBlockParameterName.LATEST,
            address);
    filter.addSingleTopic(EventEncoder.encode(DataAvailability.ROWSPUBLISHED_EVENT));
    filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(id, 64));
    for (Log log : reader.logs(filter)) {
      var e = DataAvailability.getRowsPublishedEventFromLog(log);
      state.add(e.tensor.intValueExact(), e.firstRow.intValueExact(), e.rows);
    }
    return state.complete() ? Optional.of(state.parameters()) : Optional.empty();
  }

  private static Demand toDemand(BigInteger id, DataAvailability.Demand d) {
    return new Demand(
        id,
        new Bytes32(d.jobId),
        d.demander,
        d.deadline.longValueExact(),
        DemandPhase.values()[d.phase.intValueExact()],
        d.bond,
        d.leaf.longValueExact(),
        d.step.longValueExact(),
        d.tensor.intValueExact(),
        d.nextRow.intValueExact());
  }

  private static BigInteger toBigInteger(Object o) {
    if (o instanceof BigInteger b) {
      return b;
    }
    if (o instanceof org.web3j.abi.datatypes.NumericType n) {
      return n.getValue();
    }
    throw new IllegalStateException("unexpected demand id " + o);
  }

  private static List<byte[]> raw(List<Hash32> hashes) {
    return hashes.stream().map(Hash32::bytes).toList();
  }

  private interface Call<T> {
    T run() throws Exception;
  }

  private static <T> T call(Call<T> c) {
    try {
      return c.run();
    } catch (IOException e) {
      throw new IllegalStateException("DataAvailability read failed: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("DataAvailability read failed: " + e.getMessage(), e);
    }
  }
}
