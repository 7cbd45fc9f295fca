// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {JobMarketBase} from "./JobMarketBase.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {LeafVerifier} from "../../src/dispute/LeafVerifier.sol";
import {JobRequest, JobStatus, HyperParams} from "../../src/types/JobTypes.sol";
import "../../src/dispute/lib/Errors.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";

/// @notice Only jobs the dispute game can settle are accepted and paid for: the market runs the
///         game's own validator (LeafVerifier.checkJob) at submission, and sizes the commit window.
contract JobMarketSettleableTest is JobMarketBase {
    uint256 private userKey = 0xA11CE;
    address private user;

    function setUp() public {
        vm.warp(1_700_000_000);
        _deploy();
        user = vm.addr(userKey);
        token.mint(user, 10_000e6);
        vm.prank(user);
        token.approve(address(market), type(uint256).max);
    }

    function _spec(uint32[] memory w) private pure returns (string memory s) {
        s = "mlp:";
        for (uint256 i; i < w.length; ++i) {
            s = string.concat(s, i == 0 ? "" : "-", vm.toString(uint256(w[i])));
        }
    }

    function _requestFor(HyperParams memory hp, uint32[] memory w) private view returns (JobRequest memory r) {
        r = _request(user, uint256(keccak256(abi.encode(hp, w))));
        r.modelSpecHash = keccak256(bytes(_spec(w)));
        r.hyperParamsHash = _hpHash(hp);
    }

    /// @dev Submits and expects `err`; the user's balance, the market's and the nonce are unchanged.
    function _rejected(JobRequest memory r, HyperParams memory hp, uint32[] memory w, bytes memory err) private {
        uint256 userBefore = token.balanceOf(user);
        uint256 marketBefore = token.balanceOf(address(market));
        bytes memory sig = _signRequest(userKey, r);
        vm.expectRevert(err);
        market.submitJob(r, sig, _noPermit(), hp, w);
        assertEq(token.balanceOf(user), userBefore, "nothing escrowed");
        assertEq(token.balanceOf(address(market)), marketBefore, "market unchanged");
        assertFalse(market.isNonceUsed(user, r.nonce), "nonce still usable");
        assertEq(uint256(market.jobStatus(market.hashJobRequest(r))), uint256(JobStatus.None), "no job");
    }

    function _widths(uint256 n, uint32 width) private pure returns (uint32[] memory w) {
        w = new uint32[](n);
        for (uint256 i; i < n; ++i) {
            w[i] = width;
        }
        w[n - 1] = 10;
    }

    function test_validJob_accepted() public {
        JobRequest memory r = _requestFor(_hp(), _widths());
        bytes32 id = market.submitJob(r, _signRequest(userKey, r), _noPermit(), _hp(), _widths());
        assertEq(uint256(market.jobStatus(id)), uint256(JobStatus.Open), "open");
    }

    function test_eightLayers_rejected() public {
        uint32[] memory w = _widths(9, 16); // 8 layers
        _rejected(_requestFor(_hp(), w), _hp(), w, abi.encodeWithSelector(LeafVerifier_TooManyLayers.selector, 8, 7));
        uint32[] memory seven = _widths(8, 16);
        JobRequest memory r = _requestFor(_hp(), seven);
        market.submitJob(r, _signRequest(userKey, r), _noPermit(), _hp(), seven);
    }

    function test_width20000_rejected() public {
        uint32[] memory w = new uint32[](3);
        (w[0], w[1], w[2]) = (784, 20_000, 10);
        _rejected(
            _requestFor(_hp(), w),
            _hp(),
            w,
            abi.encodeWithSelector(LeafVerifier_WidthTooLarge.selector, 1, 20_000, 10_240)
        );
        w[1] = 10_240; // the limit itself is provable
        JobRequest memory r = _requestFor(_hp(), w);
        market.submitJob(r, _signRequest(userKey, r), _noPermit(), _hp(), w);
    }

    function test_batch65536_rejected() public {
        HyperParams memory hp = HyperParams(65_536, 52429, 100_000);
        _rejected(
            _requestFor(hp, _widths()),
            hp,
            _widths(),
            abi.encodeWithSelector(LeafVerifier_BatchTooLarge.selector, 65_536, 10_240)
        );
    }

    function test_nonCanonicalSpec_rejected() public {
        JobRequest memory r = _requestFor(_hp(), _widths());
        r.modelSpecHash = keccak256("mlp:784-0128-10"); // a leading zero: not core's canonical form
        _rejected(r, _hp(), _widths(), abi.encodeWithSelector(DisputeGame_ModelSpecMismatch.selector));
        r.modelSpecHash = keccak256("mlp:784-128-10"); // right spec, but the widths say otherwise
        uint32[] memory other = new uint32[](3);
        (other[0], other[1], other[2]) = (784, 64, 10);
        _rejected(r, _hp(), other, abi.encodeWithSelector(DisputeGame_ModelSpecMismatch.selector));
    }

    function test_hyperParamsOutsideTheGame_rejected() public {
        HyperParams memory hp = _hp();
        JobRequest memory r = _requestFor(hp, _widths());
        HyperParams memory other = HyperParams(16, hp.eta, hp.datasetSize);
        _rejected(r, other, _widths(), abi.encodeWithSelector(DisputeGame_HyperParamsMismatch.selector));
        HyperParams memory badEta = HyperParams(32, uint64(1) << 31, 8000);
        _rejected(
            _requestFor(badEta, _widths()),
            badEta,
            _widths(),
            abi.encodeWithSelector(DisputeGame_UnsupportedConfig.selector)
        );
        HyperParams memory noData = HyperParams(32, 52429, 0);
        _rejected(
            _requestFor(noData, _widths()),
            noData,
            _widths(),
            abi.encodeWithSelector(DisputeGame_UnsupportedConfig.selector)
        );
    }

    function test_impossibleCommitDeadline_rejected() public {
        JobRequest memory r = _requestFor(_hp(), _widths());
        r.steps = 1_000_000_000; // 10^9 steps of ~9.8M MACs: ~49 M s at the throughput floor
        uint256 macs = LeafVerifier(address(validator)).checkJob(r.modelSpecHash, r.hyperParamsHash, _hp(), _widths());
        uint256 required = market.minCommitWindow(r.steps, macs);
        assertEq(macs, 3 * 32 * (784 * 128 + 128 * 10), "3 B sum w w");
        uint256 window = r.commitDeadline - r.claimDeadline;
        _rejected(
            r,
            _hp(),
            _widths(),
            abi.encodeWithSelector(IJobMarket.JobMarket_CommitWindowTooShort.selector, window, required)
        );
        // the window the job needs, to the second, is accepted; one second less is not
        r.steps = 1024;
        required = market.minCommitWindow(r.steps, macs);
        r.commitDeadline = uint64(r.claimDeadline + required - 1);
        _rejected(
            r,
            _hp(),
            _widths(),
            abi.encodeWithSelector(IJobMarket.JobMarket_CommitWindowTooShort.selector, required - 1, required)
        );
        r.commitDeadline = uint64(r.claimDeadline + required);
        market.submitJob(r, _signRequest(userKey, r), _noPermit(), _hp(), _widths());
    }

    /// @notice The validator's digit-by-digit spec hash is keccak256 of the canonical spec string.
    function testFuzz_specHash_isTheCanonicalSpec(uint256 seed, uint8 n) public view {
        n = uint8(bound(n, 2, 8));
        uint32[] memory w = new uint32[](n);
        for (uint256 i; i < n; ++i) {
            w[i] = uint32(bound(uint256(keccak256(abi.encode(seed, i))), 1, 10_240));
        }
        w[n - 1] = uint32(bound(w[n - 1], 2, 10_240));
        JobRequest memory r = _requestFor(_hp(), w);
        assertEq(r.modelSpecHash, keccak256(bytes(LeafVerifier(address(validator)).modelSpec(w))), "same spec");
        LeafVerifier(address(validator)).checkJob(r.modelSpecHash, r.hyperParamsHash, _hp(), w); // no revert
    }

    function test_tinyJob_needsTheMinimumWindow() public view {
        assertEq(market.minCommitWindow(1, 1), market.MIN_COMMIT_WINDOW() + 1, "rounded up");
        assertEq(market.minCommitWindow(0, 0), 10 minutes, "base");
    }

    function test_validatorIsTheGamesOwn() public view {
        assertEq(address(market.validator()), address(validator), "wired");
    }
}
