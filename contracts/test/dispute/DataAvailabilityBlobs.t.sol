// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Vm} from "../base/Vm.sol";
import {DataAvailabilityBase} from "./DataAvailability.t.sol";
import {DataAvailability} from "../../src/dispute/DataAvailability.sol";
import {JobStatus} from "../../src/types/JobTypes.sol";
import {IDataAvailability} from "../../src/interfaces/IDataAvailability.sol";

/// @notice Data demands answered in EIP-4844 blobs: the contract records only versioned hashes,
///         so a blob answer stands only if nobody objects in time, and an objected chunk must come
///         back as checked calldata. The adversary is the solver: it posts blobs of garbage (or
///         none at all), answers at the last second, and hopes nobody looks.
contract DataAvailabilityBlobsTest is DataAvailabilityBase {
    address internal watcher = address(0xBEEF);

    /// @dev The tiny state's tensors have 3, 3, 2 and 2 rows: one blob chunk each.
    function _counts() internal pure returns (uint32[] memory c) {
        c = new uint32[](4);
        (c[0], c[1], c[2], c[3]) = (3, 3, 2, 2);
    }

    function _hashes(uint256 n) internal pure returns (bytes32[] memory h) {
        h = new bytes32[](n);
        for (uint256 i; i < n; ++i) {
            h[i] = bytes32((uint256(0x01) << 248) | (i + 1));
        }
    }

    function _publishBlobs(uint256 id, uint64 step) internal {
        vm.blobhashes(_hashes(4));
        vm.prank(solver);
        da.publishBlobs(id, _paramRoots(SOLVER, step), _counts());
    }

    /// @dev Publishes objected chunk `chunk` (= tensor q, the whole tensor) as calldata.
    function _answer(uint256 id, uint256 chunk, uint64 step) internal {
        bytes[] storage all = _rows[SOLVER][step][chunk];
        bytes[] memory rows = new bytes[](all.length);
        for (uint256 i; i < rows.length; ++i) {
            rows[i] = all[i];
        }
        vm.prank(solver);
        da.answerObjection(id, chunk, _paramRoots(SOLVER, step), rows, new bytes32[](0));
    }

    function _answerDemand(uint64 leaf, uint64 step) internal returns (uint256 id) {
        id = _demand(leaf);
        _postRoots(id, leaf, step);
        _publishBlobs(id, step);
    }

    // ---------------------------------------------------------------------------- honest

    /// @notice Blobs, no objection: the demand is answered once the objection period closes and
    ///         the solver is paid the bond; the versioned hashes are on record for readers.
    function test_blobs_unobjected_answeredAfterTheObjectionPeriod() public {
        (uint96 bond,) = da.termsOf(jobId);
        uint256 id = _demand(2);
        _postRoots(id, 2, 6);
        vm.recordLogs();
        _publishBlobs(id, 6);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        uint256 inBlob;
        for (uint256 i; i < logs.length; ++i) {
            if (logs[i].topics[0] == IDataAvailability.RowsInBlob.selector) inBlob++;
        }
        assertEq(inBlob, 4, "one RowsInBlob per blob");
        DataAvailability.BlobChunk[] memory chunks = da.blobChunksOf(id);
        assertEq(chunks.length, 4, "four blob chunks");
        assertEq(chunks[3].versionedHash, _hashes(4)[3], "the blob's versioned hash is recorded");
        assertEq(chunks[3].tensor, 3, "tensor");
        assertEq(chunks[3].count, 2, "rows");
        assertEq(uint256(da.demandOf(id).phase), uint256(DataAvailability.Phase.AwaitObjections), "objections open");
        assertEq(market.getJob(jobId).openDisputes, 1, "the job stays frozen while objections are open");

        uint40 close = da.blobAnswerOf(id).objectionsClose;
        assertEq(uint256(close), block.timestamp + CLOCK, "one clock to object");
        assertEq(uint256(da.demandOf(id).deadline), uint256(close) + CLOCK, "one more clock to answer");
        vm.warp(close);
        vm.expectRevert(abi.encodeWithSelector(IDataAvailability.DataAvailability_ObjectionsOpen.selector, close));
        da.confirmBlobs(id);
        vm.warp(uint256(close) + 1);
        da.confirmBlobs(id); // anyone
        assertEq(uint256(da.demandOf(id).phase), uint256(DataAvailability.Phase.Answered), "answered");
        assertEq(da.credit(solver), bond, "the solver is paid for publishing");
        assertEq(market.getJob(jobId).openDisputes, 0, "unfrozen");
        (uint256 active,,,) = reg.stakeOf(solver);
        assertEq(active, 1_000e6, "not slashed");
    }

    /// @notice An objection (by anyone, here not the demander) to one blob chunk is answered with
    ///         that chunk as calldata, checked against the committed root, and emitted as
    ///         RowsPublished; then the demand is answered.
    function test_blobs_objectionAnsweredAsCalldata() public {
        uint256 id = _answerDemand(3, 9);
        vm.prank(watcher);
        da.object(id, 0);
        assertEq(da.blobAnswerOf(id).unanswered, 1, "one objection open");
        vm.warp(uint256(da.blobAnswerOf(id).objectionsClose) + 1);
        vm.expectRevert(abi.encodeWithSelector(IDataAvailability.DataAvailability_ObjectionsUnanswered.selector, 1));
        da.confirmBlobs(id);
        // the answer is still in time after the objection period: up to the deadline, inclusive
        vm.warp(da.demandOf(id).deadline);
        vm.recordLogs();
        _answer(id, 0, 9);
        Vm.Log[] memory logs = vm.getRecordedLogs();
        assertEq(logs[0].topics[0], IDataAvailability.RowsPublished.selector, "the rows are on-chain");
        (uint16 tensor, uint32 first, bytes[] memory rows) = abi.decode(logs[0].data, (uint16, uint32, bytes[]));
        assertEq(tensor, 0, "tensor");
        assertEq(first, 0, "first row");
        assertEq(keccak256(rows[2]), keccak256(_rows[SOLVER][9][0][2]), "the committed row");
        assertTrue(da.blobChunksOf(id)[0].answered, "answered");
        da.confirmBlobs(id);
        assertEq(uint256(da.demandOf(id).phase), uint256(DataAvailability.Phase.Answered), "answered");
        vm.warp(market.commitment(jobId).challengeDeadline + 1);
        market.finalize(jobId);
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Finalized), "finalizes");
    }

    // --------------------------------------------------------------------------- adversary

    /// @notice Garbage in a blob: the contract cannot see it, but any watcher objects at the last
    ///         second of the period; the solver cannot publish committed rows it does not have (or
    ///         will not), and is slashed when the deadline passes.
    function test_blobs_garbageObjectedAndUnanswered_solverSlashed() public {
        uint256 id = _answerDemand(1, 3);
        uint40 close = da.blobAnswerOf(id).objectionsClose;
        vm.warp(close); // the window's last second still counts
        vm.prank(watcher);
        da.object(id, 2);
        // the solver's rows for the chunk are not the committed ones: refused, nothing changes
        bytes[] storage other = _rows[SOLVER][6][2];
        bytes[] memory rows = new bytes[](2);
        (rows[0], rows[1]) = (other[0], other[1]);
        bytes32[] memory roots = _paramRoots(SOLVER, 3);
        vm.prank(solver);
        vm.expectRevert(IDataAvailability.DataAvailability_BadProof.selector);
        da.answerObjection(id, 2, roots, rows, new bytes32[](0));
        // nor may it answer with fewer rows than the chunk had
        bytes[] memory one = new bytes[](1);
        one[0] = other[0];
        vm.prank(solver);
        vm.expectRevert(IDataAvailability.DataAvailability_BadChunk.selector);
        da.answerObjection(id, 2, roots, one, new bytes32[](1));
        uint40 deadline = da.demandOf(id).deadline;
        vm.warp(deadline);
        vm.expectRevert(
            abi.encodeWithSelector(IDataAvailability.DataAvailability_DeadlineNotReached.selector, deadline)
        );
        da.resolveDefault(id);
        vm.warp(uint256(deadline) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(IDataAvailability.DataAvailability_DeadlinePassed.selector, uint256(deadline))
        );
        _answer(id, 2, 3);
        (uint96 bond,) = da.termsOf(jobId);
        da.resolveDefault(id);
        assertEq(uint256(market.jobStatus(jobId)), uint256(JobStatus.Cheated), "slashed as a cheat");
        assertEq(da.credit(demander), bond, "the demander's bond back");
        assertEq(market.claimable(watcher), 20e6 + MOVE_REFUND, "the objector, who checked, gets the reward");
        assertEq(market.claimable(demander), 0, "not the demander");
        assertEq(da.blobChunksOf(id)[2].objector, watcher, "objector recorded");
        (uint256 active,,,) = reg.stakeOf(solver);
        assertEq(active, 1_000e6 - 200e6, "collateral slashed");
    }

    /// @notice No blob attached, fewer blobs than chunks, chunks past the state's end, misaligned
    ///         blocks, roots of another state: each is refused and nothing is recorded.
    function test_blobs_badPublications_refused_stateUnchanged() public {
        uint256 id = _demand(2);
        _postRoots(id, 2, 6);
        bytes32[] memory roots = _paramRoots(SOLVER, 6);
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSelector(IDataAvailability.DataAvailability_MissingBlob.selector, 0));
        da.publishBlobs(id, roots, _counts());
        vm.blobhashes(_hashes(3));
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSelector(IDataAvailability.DataAvailability_MissingBlob.selector, 3));
        da.publishBlobs(id, roots, _counts());
        uint32[] memory tooMany = new uint32[](5);
        (tooMany[0], tooMany[1], tooMany[2], tooMany[3], tooMany[4]) = (3, 3, 2, 2, 1);
        vm.blobhashes(_hashes(5));
        vm.prank(solver);
        vm.expectRevert(IDataAvailability.DataAvailability_BadChunk.selector);
        da.publishBlobs(id, roots, tooMany);
        uint32[] memory misaligned = new uint32[](2);
        (misaligned[0], misaligned[1]) = (1, 2); // rows 1..2 of W1 are not an aligned block
        vm.prank(solver);
        vm.expectRevert(IDataAvailability.DataAvailability_BadChunk.selector);
        da.publishBlobs(id, roots, misaligned);
        vm.prank(solver);
        vm.expectRevert(IDataAvailability.DataAvailability_BadChunk.selector);
        da.publishBlobs(id, roots, new uint32[](0));
        vm.prank(solver);
        vm.expectRevert(IDataAvailability.DataAvailability_RootsMismatch.selector);
        da.publishBlobs(id, _paramRoots(SOLVER, 7), _counts());
        // objecting before any blob answer is a wrong phase
        vm.expectRevert(
            abi.encodeWithSelector(
                DataAvailability.DataAvailability_WrongPhase.selector, DataAvailability.Phase.AwaitRows
            )
        );
        da.object(id, 0);
        assertEq(da.blobChunksOf(id).length, 0, "nothing recorded");
        DataAvailability.Demand memory d = da.demandOf(id);
        assertEq(d.tensor, 0, "no progress");
        assertEq(uint256(d.phase), uint256(DataAvailability.Phase.AwaitRows), "still waiting for rows");
    }

    /// @notice Objections: once per chunk, only existing chunks, only within the period; and a
    ///         blob answer with no open objection cannot be defaulted.
    function test_blobs_objectionRules() public {
        uint256 id = _answerDemand(2, 6);
        vm.expectRevert(abi.encodeWithSelector(IDataAvailability.DataAvailability_NoSuchChunk.selector, 4));
        da.object(id, 4);
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSelector(IDataAvailability.DataAvailability_NotObjected.selector, 1));
        da.answerObjection(id, 1, _paramRoots(SOLVER, 6), new bytes[](3), new bytes32[](0));
        da.object(id, 1);
        vm.expectRevert(abi.encodeWithSelector(IDataAvailability.DataAvailability_AlreadyObjected.selector, 1));
        da.object(id, 1);
        _answer(id, 1, 6);
        vm.prank(solver);
        vm.expectRevert(abi.encodeWithSelector(IDataAvailability.DataAvailability_NotObjected.selector, 1));
        da.answerObjection(id, 1, _paramRoots(SOLVER, 6), new bytes[](3), new bytes32[](0));
        uint40 close = da.blobAnswerOf(id).objectionsClose;
        vm.warp(uint256(close) + 1);
        vm.expectRevert(abi.encodeWithSelector(IDataAvailability.DataAvailability_ObjectionsClosed.selector, close));
        da.object(id, 0);
        vm.warp(uint256(da.demandOf(id).deadline) + 1);
        vm.expectRevert(
            abi.encodeWithSelector(
                DataAvailability.DataAvailability_WrongPhase.selector, DataAvailability.Phase.AwaitObjections
            )
        );
        da.resolveDefault(id);
        da.confirmBlobs(id);
        (uint256 bonds, uint256 credits) = da.totals();
        assertEq(token.balanceOf(address(da)), bonds + credits, "conserved");
    }

    /// @notice Calldata and blobs mix: the first tensor as calldata, the rest in blobs.
    function test_blobs_mixedWithCalldata() public {
        uint256 id = _demand(2);
        _postRoots(id, 2, 6);
        _publishTensor(id, 6, 0, 4);
        uint32[] memory rest = new uint32[](3);
        (rest[0], rest[1], rest[2]) = (3, 2, 2);
        vm.blobhashes(_hashes(3));
        vm.prank(solver);
        da.publishBlobs(id, _paramRoots(SOLVER, 6), rest);
        DataAvailability.BlobChunk[] memory chunks = da.blobChunksOf(id);
        assertEq(chunks.length, 3, "three blob chunks");
        assertEq(chunks[0].tensor, 1, "starting at the second tensor");
        assertEq(uint256(da.demandOf(id).phase), uint256(DataAvailability.Phase.AwaitObjections), "objections open");
    }
}
