// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

/// @title IDataAvailability
/// @notice Events and custom errors of {DataAvailability}: bonded demands that a solver publish
///         one committed state of its job on-chain. `DataAvailability_WrongPhase` stays in the
///         contract because its parameter is the contract's own `Phase` enum.
interface IDataAvailability {
    /// @notice Emitted when someone demands a committed state of a job (freezing the job).
    /// @param demandId The new demand's id.
    /// @param jobId The job.
    /// @param demander The caller, who posted the bond.
    /// @param leaf The demanded trace leaf.
    /// @param step The training step of that leaf's state.
    /// @param bond The demander's bond.
    /// @param deadline The time by which the solver must answer.
    event DataDemanded(
        uint256 indexed demandId,
        bytes32 indexed jobId,
        address indexed demander,
        uint64 leaf,
        uint64 step,
        uint96 bond,
        uint40 deadline
    );

    /// @notice Emitted when the solver publishes the row-tree roots of the demanded state's parameter
    ///         tensors, proven against the committed trace root.
    /// @param demandId The demand.
    /// @param jobId The job.
    /// @param step The state's training step.
    /// @param paramRoots The row-tree root of every parameter tensor.
    event StateRootsPublished(uint256 indexed demandId, bytes32 indexed jobId, uint64 step, bytes32[] paramRoots);

    /// @notice Emitted when a chunk of rows is published as calldata (an answer chunk, or the
    ///         answer to an objection to a blob chunk).
    /// @param demandId The demand.
    /// @param tensor The parameter tensor the rows belong to.
    /// @param firstRow The index of the first published row in that tensor.
    /// @param rows The rows (packed big-endian int32 elements).
    event RowsPublished(uint256 indexed demandId, uint16 tensor, uint32 firstRow, bytes[] rows);

    /// @notice Emitted when chunk `chunk` of the demand's blob chunks is recorded as carried in the
    ///         blob with `versionedHash`.
    /// @param demandId The demand.
    /// @param chunk The chunk's index among the demand's blob chunks.
    /// @param tensor The parameter tensor the rows belong to.
    /// @param firstRow The index of the chunk's first row in that tensor.
    /// @param count The number of rows in the chunk.
    /// @param versionedHash The EIP-4844 versioned hash of the blob holding the chunk.
    event RowsInBlob(
        uint256 indexed demandId, uint256 chunk, uint16 tensor, uint32 firstRow, uint32 count, bytes32 versionedHash
    );

    /// @notice Emitted when every row is published and some are in blobs: objections are open until
    ///         `objectionsClose`, and objected chunks must be published as calldata by `deadline`.
    /// @param demandId The demand.
    /// @param objectionsClose The end of the objection period.
    /// @param deadline The time by which objected chunks must be published as calldata.
    event BlobObjectionsOpen(uint256 indexed demandId, uint40 objectionsClose, uint40 deadline);

    /// @notice Emitted when someone objects to a blob chunk (unavailable, or not rebuilding its root).
    /// @param demandId The demand.
    /// @param chunk The objected chunk's index.
    /// @param objector The caller.
    event BlobObjected(uint256 indexed demandId, uint256 chunk, address indexed objector);

    /// @notice Emitted when a demand is fully answered: the solver is paid the bond, the job unfrozen.
    /// @param demandId The demand.
    /// @param jobId The job.
    event DemandAnswered(uint256 indexed demandId, bytes32 indexed jobId);

    /// @notice Emitted when a demand is resolved as unanswered after its deadline.
    /// @param demandId The demand.
    /// @param jobId The job.
    /// @param slashed True when the solver was settled as a cheat (false: the job was already settled).
    event DemandDefaulted(uint256 indexed demandId, bytes32 indexed jobId, bool slashed);

    /// @notice Emitted when an account withdraws its credited bonds and rewards.
    /// @param account The credited account (the caller).
    /// @param to The recipient of the tokens.
    /// @param amount The amount paid.
    event Withdrawn(address indexed account, address to, uint256 amount);

    /// @notice Reverted when a required address (a constructor argument, a withdrawal recipient) is zero.
    error DataAvailability_ZeroAddress();

    /// @notice Reverted when a demand names a job not registered with the dispute game.
    /// @param jobId The job.
    error DataAvailability_JobNotRegistered(bytes32 jobId);

    /// @notice The job is an op-graph job: publishing its states on demand is not built yet
    ///         (docs/op-graph.md "What is not wired yet"), so no demand can be opened on it.
    error DataAvailability_GraphJobUnsupported();

    /// @notice Reverted when a demand names a job that is not Committed.
    /// @param jobId The job.
    error DataAvailability_JobNotCommitted(bytes32 jobId);

    /// @notice Reverted when a demand comes after the job's challenge window closed.
    /// @param challengeDeadline The end of the challenge window.
    error DataAvailability_ChallengeWindowClosed(uint256 challengeDeadline);

    /// @notice Reverted when the demanded leaf is not a leaf of the job's trace.
    /// @param leaf The demanded leaf.
    /// @param leafCount The trace's number of leaves.
    error DataAvailability_NoSuchLeaf(uint64 leaf, uint64 leafCount);

    /// @notice Reverted when the (job, leaf) state was already demanded.
    /// @param demandId The existing demand.
    error DataAvailability_AlreadyDemanded(uint256 demandId);

    /// @notice Reverted when no demand has this id.
    /// @param demandId The id.
    error DataAvailability_UnknownDemand(uint256 demandId);

    /// @notice Reverted when an answer comes after the demand's deadline.
    /// @param deadline The demand's deadline.
    error DataAvailability_DeadlinePassed(uint256 deadline);

    /// @notice Reverted when a default is resolved before the demand's deadline.
    /// @param deadline The demand's deadline.
    error DataAvailability_DeadlineNotReached(uint256 deadline);

    /// @notice Reverted when the revealed trace tree root does not hash to the committed trace root.
    error DataAvailability_TraceRootMismatch();

    /// @notice Reverted when a Merkle proof (the state's leaf, or a chunk's rows) does not lead to the
    ///         expected root.
    error DataAvailability_BadProof();

    /// @notice Reverted when the offered roots are not the ones the solver published for the demand.
    error DataAvailability_RootsMismatch();

    /// @notice Reverted when a chunk is malformed: empty, misaligned, over MAX_CHUNK_BYTES, rows of the
    ///         wrong width, or not the chunk expected next.
    error DataAvailability_BadChunk();

    /// @notice Reverted when an account withdraws with nothing credited.
    error DataAvailability_NothingToWithdraw();

    /// @notice Reverted when the transaction carries no blob at an index a blob chunk names.
    /// @param index The blob index.
    error DataAvailability_MissingBlob(uint256 index);

    /// @notice Reverted when the named blob chunk does not exist.
    /// @param chunk The chunk index.
    error DataAvailability_NoSuchChunk(uint256 chunk);

    /// @notice Reverted when the blob chunk was already objected to.
    /// @param chunk The chunk index.
    error DataAvailability_AlreadyObjected(uint256 chunk);

    /// @notice Reverted when the solver answers a blob chunk nobody objected to (or already answered).
    /// @param chunk The chunk index.
    error DataAvailability_NotObjected(uint256 chunk);

    /// @notice Reverted when an objection comes after the objection period.
    /// @param objectionsClose The end of the objection period.
    error DataAvailability_ObjectionsClosed(uint256 objectionsClose);

    /// @notice Reverted when a blob answer is completed while objections are still open.
    /// @param objectionsClose The end of the objection period.
    error DataAvailability_ObjectionsOpen(uint256 objectionsClose);

    /// @notice Reverted when a blob answer is completed with objections left unanswered.
    /// @param unanswered The number of unanswered objections.
    error DataAvailability_ObjectionsUnanswered(uint256 unanswered);
}
