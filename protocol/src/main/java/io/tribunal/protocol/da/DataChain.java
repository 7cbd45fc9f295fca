package io.tribunal.protocol.da;

import io.tribunal.bindings.Deployment;
import io.tribunal.bindings.TribunalChain;
import io.tribunal.bindings.eip712.Bytes32;
import io.tribunal.bindings.generated.DataAvailability;
import io.tribunal.core.commit.Hash32;
import io.tribunal.protocol.chain.ChainReader;
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
 *
 * <p>Longer than 250 lines on purpose: one thin method per DataAvailability view, call and event
 * the roles use, so the contract's ABI is wrapped in exactly one place; reading a whole published
 * state lives in {@link PublishedStateReader}.
 */
public final class DataChain {
  /** DataAvailability.Phase. */
  public enum DemandPhase {
    NONE,
    AWAIT_ROOTS,
    AWAIT_ROWS,
    ANSWERED,
    DEFAULTED,
    AWAIT_OBJECTIONS;

    /** Still owes rows: its roots or some rows are not published yet. */
    public boolean open() {
      return this == AWAIT_ROOTS || this == AWAIT_ROWS;
    }

    /** Neither answered nor defaulted (owes rows, or its blob answer awaits objections). */
    public boolean live() {
      return open() || this == AWAIT_OBJECTIONS;
    }
  }

  /**
   * A chunk a demand's answer carried in a blob: rows {@code firstRow ..+count} of parameter {@code
   * tensor}; {@code block} is the execution block of the transaction that carried it.
   */
  public record BlobChunk(
      int index,
      Hash32 versionedHash,
      int tensor,
      int firstRow,
      int count,
      boolean objected,
      boolean answered,
      long block) {}

  /** The objection period of a blob answer: closes at {@code objectionsClose}. */
  public record BlobAnswer(long objectionsClose, int unanswered) {}

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

  /** publishBlobs: blob i of the transaction carries the next {@code rowCounts[i]} rows. */
  public String publishBlobsCall(BigInteger id, List<Hash32> paramRoots, List<Integer> rowCounts) {
    return contract
        .publishBlobs(id, raw(paramRoots), rowCounts.stream().map(BigInteger::valueOf).toList())
        .encodeFunctionCall();
  }

  public String objectCall(BigInteger id, int chunk) {
    return contract.object(id, BigInteger.valueOf(chunk)).encodeFunctionCall();
  }

  /** answerObjection: blob chunk {@code chunk} again, as the checked calldata chunk {@code c}. */
  public String answerObjectionCall(
      BigInteger id, int chunk, List<Hash32> paramRoots, StateChunks.Chunk c) {
    return contract
        .answerObjection(
            id, BigInteger.valueOf(chunk), raw(paramRoots), c.rows(), raw(c.siblings()))
        .encodeFunctionCall();
  }

  public String confirmBlobsCall(BigInteger id) {
    return contract.confirmBlobs(id).encodeFunctionCall();
  }

  public String resolveDefaultCall(BigInteger id) {
    return contract.resolveDefault(id).encodeFunctionCall();
  }

  public String withdrawCall(String to) {
    return contract.withdraw(to).encodeFunctionCall();
  }

  // ---------------------------------------------------------------------------- blob answers

  public BlobAnswer blobAnswer(BigInteger id) {
    var b = call(() -> contract.blobAnswerOf(id).send());
    return new BlobAnswer(b.objectionsClose.longValueExact(), b.unanswered.intValueExact());
  }

  /** The demand's blob chunks, in order, with the block of the transaction that carried each. */
  public List<BlobChunk> blobChunks(ChainReader reader, BigInteger id) {
    List<?> chunks = call(() -> contract.blobChunksOf(id).send());
    if (chunks.isEmpty()) {
      return List.of();
    }
    long[] blocks = new long[chunks.size()];
    for (Log log : reader.logs(filter(DataAvailability.ROWSINBLOB_EVENT, id))) {
      var e = DataAvailability.getRowsInBlobEventFromLog(log);
      int i = e.chunk.intValueExact();
      if (i < blocks.length) {
        blocks[i] = log.getBlockNumber().longValueExact();
      }
    }
    List<BlobChunk> out = new ArrayList<>(chunks.size());
    for (int i = 0; i < chunks.size(); i++) {
      var c = (DataAvailability.BlobChunk) chunks.get(i);
      out.add(
          new BlobChunk(
              i,
              new Hash32(c.versionedHash),
              c.tensor.intValueExact(),
              c.firstRow.intValueExact(),
              c.count.intValueExact(),
              c.objected,
              c.answered,
              blocks[i]));
    }
    return out;
  }

  /** The parameter row-tree roots posted for the demand (checked on-chain against the trace). */
  public Optional<List<Hash32>> postedRoots(ChainReader reader, BigInteger id) {
    for (Log log : reader.logs(filter(DataAvailability.STATEROOTSPUBLISHED_EVENT, id))) {
      var e = DataAvailability.getStateRootsPublishedEventFromLog(log);
      return Optional.of(e.paramRoots.stream().map(Hash32::new).toList());
    }
    return Optional.empty();
  }

  /** Rows published as calldata (checked on-chain): one RowsPublished event. */
  public record PublishedRows(int tensor, int firstRow, List<byte[]> rows) {}

  /** The demand's RowsPublished events, in chain order. */
  public List<PublishedRows> rowsPublished(ChainReader reader, BigInteger id) {
    List<PublishedRows> out = new ArrayList<>();
    for (Log log : reader.logs(filter(DataAvailability.ROWSPUBLISHED_EVENT, id))) {
      var e = DataAvailability.getRowsPublishedEventFromLog(log);
      out.add(new PublishedRows(e.tensor.intValueExact(), e.firstRow.intValueExact(), e.rows));
    }
    return out;
  }

  private EthFilter filter(org.web3j.abi.datatypes.Event event, BigInteger id) {
    EthFilter filter =
        new EthFilter(
            DefaultBlockParameter.valueOf(BigInteger.valueOf(deployBlock)),
            DefaultBlockParameterName.LATEST,
            address);
    filter.addSingleTopic(EventEncoder.encode(event));
    filter.addSingleTopic(Numeric.toHexStringWithPrefixZeroPadded(id, 64));
    return filter;
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

  private static <T> T call(java.util.concurrent.Callable<T> c) {
    try {
      return c.call();
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new IllegalStateException("DataAvailability read failed: " + e.getMessage(), e);
    }
  }
}
