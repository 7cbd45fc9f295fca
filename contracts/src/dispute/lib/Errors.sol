// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

// Custom errors of the dispute libraries. They only guard MALFORMED inputs (wrong lengths, values
// outside a rule's declared domain): for well-formed inputs every rule is total and never reverts.

/// @notice A packed row's byte length is not a multiple of 4 (rows are big-endian int32s).
/// @param length The offending length in bytes (or elements, for a d×1 row).
error FixedPoint_RowNotPacked(uint256 length);

/// @notice Two rows that must have equal length (dot-product operands, same-shape tensors) differ.
/// @param lengthA The first operand's length.
/// @param lengthB The second operand's length.
error FixedPoint_RowLengthMismatch(uint256 lengthA, uint256 lengthB);

/// @notice An element index lies outside a packed row of `cols` elements.
/// @param col The column index.
/// @param cols The number of columns of the row.
error FixedPoint_ColumnOutOfRange(uint256 col, uint256 cols);

/// @notice A shift of a rounding rule lies outside [1, 254].
/// @param shift The shift.
error FixedPoint_ShiftOutOfRange(uint256 shift);

/// @notice The SGD step size eta (Q8.24) is not in [0, 2^31), the range core accepts.
/// @param eta The step size (Q8.24).
error FixedPoint_EtaOutOfRange(uint256 eta);

/// @notice A row of a d×1 tensor (a bias or a label) does not hold exactly one element.
/// @param length The offending length in bytes (or elements, for a d×1 row).
error LeafEvaluator_NotASingleEntry(uint256 length);

/// @notice The op index names no op of `OpKind`.
/// @param op The op index.
error LeafEvaluator_UnknownOp(uint256 op);

/// @notice An op-graph node descriptor whose length is not its header plus its attributes.
/// @param length The descriptor's length in bytes.
error OpGraph_MalformedNode(uint256 length);

/// @notice An op-graph node descriptor of an encoding version this contract does not read.
/// @param version The version byte.
error OpGraph_UnknownVersion(uint256 version);

/// @notice The init amplitude is undefined for a layer with no inputs.
error LeafEvaluator_ZeroFanIn();

/// @notice Batch indices cannot be drawn from an empty training set.
error LeafEvaluator_EmptyDataset();

// ------------------------------------------------------------------------------- dispute game
// (appended by the DisputeGame) A reverted move changes nothing: the clock keeps running.

/// @notice No game with this id.
/// @param gameId The game id.
error DisputeGame_UnknownGame(uint256 gameId);
/// @notice The game is over.
/// @param gameId The game id.
error DisputeGame_GameResolved(uint256 gameId);
/// @notice The caller is not the side to move (or the move does not belong to the phase).
/// @param caller The caller.
/// @param phase The game's current phase.
error DisputeGame_NotYourTurn(address caller, uint8 phase);
/// @notice The move names a function that does not belong to the current phase.
/// @param phase The game's current phase.
error DisputeGame_WrongPhase(uint8 phase);
/// @notice The mover's chess clock ran out at `deadline`: only resolveTimeout is left.
/// @param deadline The deadline (unix time).
error DisputeGame_ClockExpired(uint256 deadline);
/// @notice resolveTimeout before the side to move ran out of time.
/// @param deadline The deadline (unix time).
error DisputeGame_ClockRunning(uint256 deadline);
/// @notice The job is not registered with this game contract (registerJob first).
/// @param jobId The job id.
error DisputeGame_JobNotRegistered(bytes32 jobId);
/// @notice registerJob for a job that is already registered.
/// @param jobId The job id.
error DisputeGame_JobAlreadyRegistered(bytes32 jobId);
/// @notice The job is not Committed (or unknown).
/// @param jobId The job id.
error DisputeGame_JobNotCommitted(bytes32 jobId);
/// @notice The job's challenge window closed at `deadline`.
/// @param deadline The deadline (unix time).
error DisputeGame_ChallengeWindowClosed(uint256 deadline);
/// @notice The revealed request does not hash to the job id.
/// @param jobId The job id.
/// @param digest The hash of the revealed request.
error DisputeGame_RequestMismatch(bytes32 jobId, bytes32 digest);
/// @notice The revealed hyper-parameters do not hash to the request's hyperParamsHash.
error DisputeGame_HyperParamsMismatch();
/// @notice The revealed widths do not spell the request's model spec.
error DisputeGame_ModelSpecMismatch();
/// @notice Widths, batch, eta or dataset size outside what core (and this contract) supports.
error DisputeGame_UnsupportedConfig();

/// @notice A model with more layers than the game supports (LeafVerifier.MAX_LAYERS).
/// @param layers The model's number of layers.
/// @param max The largest supported value.
error LeafVerifier_TooManyLayers(uint256 layers, uint256 max);

/// @notice Layer `index` is wider than a leaf can prove in one transaction (MAX_LEAF_WIDTH).
/// @param index The layer's index.
/// @param width The layer's width.
/// @param max The largest supported value.
error LeafVerifier_WidthTooLarge(uint256 index, uint256 width, uint256 max);

/// @notice A batch larger than a leaf can prove in one transaction (MAX_LEAF_WIDTH).
/// @param batch The batch size.
/// @param max The largest supported value.
error LeafVerifier_BatchTooLarge(uint256 batch, uint256 max);
/// @notice The revealed trace tree root does not hash (with the config, n, K) to the trace root.
error DisputeGame_TraceRootMismatch();
/// @notice Wrong number of descendants for the node's height.
/// @param expected The expected number of descendants.
/// @param actual The number revealed.
error DisputeGame_ChildCount(uint256 expected, uint256 actual);
/// @notice The descendants do not rebuild the current node.
error DisputeGame_ChildrenMismatch();
/// @notice The picked descendant index is outside the revealed descendants.
/// @param child The picked descendant's index.
/// @param count The number of items that exist.
error DisputeGame_ChildOutOfRange(uint256 child, uint256 count);
/// @notice The picked descendant is agreed by construction (pinned leaf, or canonical padding).
/// @param child The picked descendant's index.
error DisputeGame_AgreedSegment(uint256 child);
/// @notice A Merkle proof has the wrong depth or does not lead to the expected root.
error DisputeGame_BadProof();
/// @notice Revealed roots do not hash to the state hashes / committed roots they must match.
error DisputeGame_StateMismatch();
/// @notice The roots array does not match the one posted by the solver (or has the wrong length).
error DisputeGame_RootsMismatch();
/// @notice The named op or parameter does not exist.
/// @param tensor The named op or parameter index.
/// @param count The number of items that exist.
error DisputeGame_TensorOutOfRange(uint256 tensor, uint256 count);
/// @notice A revealed row has the wrong width or does not hash to its leaf.
error DisputeGame_BadRow();
/// @notice The named column lies outside the row.
/// @param col The column index.
/// @param cols The number of columns of the row.
error DisputeGame_ColumnOutOfRange(uint256 col, uint256 cols);
/// @notice The dataset sample is not the one the batch draws, or its proof fails.
error DisputeGame_BadSample();
/// @notice Bond transfer or arithmetic configuration error.
error DisputeGame_InvalidParameters();
/// @notice withdraw with nothing credited.
error DisputeGame_NothingToWithdraw();
/// @notice closeSettled on a game whose job has not been slashed.
/// @param jobId The job id.
error DisputeGame_JobNotSettled(bytes32 jobId);
/// @notice Another game already proved the job's cheat: this game can only be closed (`closeSettled`).
/// @param jobId The job id.
error DisputeGame_CheatProven(bytes32 jobId);

/// @notice An attested state hash of step `step` does not open the committed step tree.
/// @param step The step.
error Attestation_StepNotOpened(uint64 step);

/// @notice The attestation's paths are not two per transition of the step tree's height.
error Attestation_BadProofs();

// ------------------------------------------------------------------------------------------------
// Layer normalisation and GELU (NormOps): malformed element checks of the normalisation family.

/// @notice A layer-norm statistic was asked of an empty row (d = 0): its mean is undefined.
error NormOps_EmptyRow();

/// @notice layer_norm_stats' epsilon lies outside [1, 2^31) (Q16.16 units).
/// @param eps The offending epsilon.
error NormOps_EpsOutOfRange(uint256 eps);

/// @notice A packed statistics row does not hold the number of entries its op reads.
/// @param expected The entries the op reads (2 for (mean, rstd), 4 for (m1, m2, mean, rstd)).
/// @param actual The entries revealed.
error NormOps_StatsWidth(uint256 expected, uint256 actual);

/// @notice layer_norm_backward's packed (g | xhat) row has an odd number of entries.
/// @param cols The entries revealed.
error NormOps_OddPackedWidth(uint256 cols);

/// @notice The op was given a different number of attributes than it has.
/// @param expected The op's attribute count.
/// @param actual The number given.
error NormOps_AttributeCount(uint256 expected, uint256 actual);

// ---------------------------------------------------------------------------- attention ops
// (AttentionOps: split/merge heads, blocked products, scale, causal softmax and its backward)

/// @notice An attention op was given the wrong number of attributes.
/// @param op The op index (`OpKind`).
/// @param expected The op's attribute count.
/// @param actual The number given.
error AttentionOps_AttributeCount(uint256 op, uint256 expected, uint256 actual);

/// @notice An attention op attribute lies outside its range: sizes (T, H, K, dh) in [1, 2^31),
///         the scale factor q in [0, 2^31).
/// @param index The attribute's position.
/// @param value The attribute.
error AttentionOps_AttributeOutOfRange(uint256 index, uint256 value);

/// @notice A split_heads row width is not a multiple of the head count H.
/// @param width The row width in elements.
/// @param heads The head count.
error AttentionOps_HeadsDoNotDivide(uint256 width, uint256 heads);

/// @notice A declared row does not have the width the op's attributes fix.
/// @param expected The width the attributes fix, in elements.
/// @param actual The row's width in elements.
error AttentionOps_RowWidth(uint256 expected, uint256 actual);

/// @notice A softmax prefix is longer than its row.
/// @param n The prefix length.
/// @param cols The row's width in elements.
error AttentionOps_PrefixTooLong(uint256 n, uint256 cols);

// ------------------------------------------------------------------- convolution and pooling
// (appended by ConvOps) Malformed attributes or rows of the convolution and pooling element
// functions; well-formed inputs never revert.

/// @notice An op got the wrong number of attributes.
/// @param expected The op's attribute count.
/// @param actual The number given.
error ConvOps_AttributeCount(uint256 expected, uint256 actual);

/// @notice Attribute `index` is outside its range (sizes and strides in [1, 2^31), padding in [0, 2^31)).
/// @param index The attribute's position in the op's attribute list.
/// @param value The attribute.
error ConvOps_AttributeOutOfRange(uint256 index, uint256 value);

/// @notice A kernel or pooling window is larger than the (padded) image along one axis.
/// @param window The window's extent.
/// @param extent The image's (padded) extent.
error ConvOps_WindowTooLarge(uint256 window, uint256 extent);

/// @notice A revealed row does not have the element count the attributes require.
/// @param expected The required number of elements.
/// @param actual The row's number of elements.
error ConvOps_RowWidth(uint256 expected, uint256 actual);

/// @notice A revealed row is not a whole number of blocks (kernel taps, image planes).
/// @param cols The row's number of elements.
/// @param block The block size.
error ConvOps_RowNotWhole(uint256 cols, uint256 block);

/// @notice An output row index past the op's output rows (channels_by_row has C rows).
/// @param row The output row.
/// @param rows The number of output rows.
error ConvOps_RowOutOfRange(uint256 row, uint256 rows);

// ---------------------------------------------------------------------------------- OptimizerOps
// The embedding, residual add and AdamW ops (docs/network-ops.md, "Embeddings, residual add and
// AdamW"): malformed attributes and rows of their element evaluator.

/// @notice An op of the optimizer family got the wrong number of attributes.
/// @param expected The number of attributes the op takes.
/// @param actual The number given.
error OptimizerOps_AttributeCount(uint256 expected, uint256 actual);

/// @notice Attribute `index` (in the op's documented order) is outside its range.
/// @param index The attribute's position.
/// @param value The value given.
error OptimizerOps_AttributeOutOfRange(uint256 index, uint256 value);

/// @notice A token-id row (R x 1 tensor) must hold exactly one entry.
/// @param length The row's byte length.
error OptimizerOps_NotASingleEntry(uint256 length);

/// @notice A transposed gradient row of position_grad is not B whole sequences of T positions.
/// @param width The row's element count.
/// @param positions The sequence length T.
error OptimizerOps_WidthNotMultiple(uint256 width, uint256 positions);

// ------------------------------------------------------------------------------------- OpRows
// Which input rows an op node's element reads (OpRows): malformed nodes and positions.

/// @notice An op node carries a different number of attributes than its kind has.
/// @param op The op index (`OpKind`).
/// @param expected The kind's attribute count in a graph node.
/// @param actual The number given.
error OpRows_AttributeCount(uint256 op, uint256 expected, uint256 actual);

/// @notice An attribute that fixes which rows an element reads is outside its range (sizes and
///         strides in [1, 2^31), padding in [0, 2^31)).
/// @param op The op index (`OpKind`).
/// @param index The attribute's position.
/// @param value The attribute.
error OpRows_AttributeOutOfRange(uint256 op, uint256 index, uint256 value);

/// @notice A convolution kernel is larger than the padded image along one axis.
/// @param window The kernel's extent.
/// @param extent The padded image's extent.
error OpRows_WindowTooLarge(uint256 window, uint256 extent);

/// @notice gather_rows reads a dataset sample whose index the chain derives from the seed and the
///         step; its element is opened against the dataset, not through an input's row tree.
error OpRows_ReadsDataset();

/// @notice The row an element reads lies past its input's rows (a position outside the node's
///         output, or input shapes that do not fit the node).
/// @param input The input (0 or 1).
/// @param row The row the element reads.
/// @param rows The input's row count.
error OpRows_RowOutsideInput(uint256 input, uint256 row, uint256 rows);

// ------------------------------------------------------------------------------ GraphVerifier
// Op-graph jobs (GraphVerifier, GraphDescriptor): nodes that are not the committed ones.

/// @notice Node `index` of a graph job is not the committed node at that position, or is not what
///         the game needs there (declarations first; a parameter's next value an op of its shape).
error GraphVerifier_BadNode(uint256 index);

/// @notice A graph of `nodes` nodes cannot be registered (none, more than 2^16, or without a
///         parameter, a data input or an op).
error GraphVerifier_BadGraph(uint256 nodes);

/// @notice This deployment's leaf verifier has no graph verifier: it takes no op-graph job.
error LeafVerifier_GraphJobsDisabled();
