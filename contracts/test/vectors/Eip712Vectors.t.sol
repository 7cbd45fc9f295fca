// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {JobMarketBase} from "../market/JobMarketBase.sol";
import {TestUSD} from "../../src/token/TestUSD.sol";
import {JobMarket} from "../../src/market/JobMarket.sol";
import {IJobValidator} from "../../src/interfaces/IJobValidator.sol";
import {IStakeRegistry} from "../../src/interfaces/IStakeRegistry.sol";
import {HyperParams} from "../../src/types/JobTypes.sol";
import {PaymentChannels} from "../../src/channels/PaymentChannels.sol";
import {JobRequest} from "../../src/types/JobTypes.sol";
import {PermitData} from "../../src/types/PermitData.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {IJobMarket} from "../../src/interfaces/IJobMarket.sol";
import {IPaymentChannels} from "../../src/interfaces/IPaymentChannels.sol";

/// @notice Checks the shared EIP-712 vectors (test/vectors/eip712.json, written by
///         scripts/vectors-eip712.js with ethers 6) against Solidity: digests recomputed here and by
///         the contracts, and the ethers signatures accepted by the contracts placed at the vector
/// @dev A job validator that accepts every request (for signature vectors without a real model).
contract AnyShape is IJobValidator {
    function checkJob(bytes32, bytes32, HyperParams calldata, uint32[] calldata) external pure returns (uint256) {
        return 0;
    }
}

///         addresses (their code is etched there; chain id 31337 is forge's default, as on anvil).
contract Eip712VectorsTest is JobMarketBase {
    string private json;

    function setUp() public {
        json = vm.readFile(string.concat(vm.projectRoot(), "/test/vectors/eip712.json"));
        _deploy();
    }

    function _s(string memory prefix, string memory key) private view returns (string memory) {
        return vm.parseJsonString(json, string.concat(prefix, key));
    }

    function _u(string memory prefix, string memory key) private view returns (uint256) {
        return vm.parseJsonUint(json, string.concat(prefix, key));
    }

    function _b32(string memory prefix, string memory key) private view returns (bytes32) {
        return vm.parseJsonBytes32(json, string.concat(prefix, key));
    }

    function _a(string memory prefix, string memory key) private view returns (address) {
        return vm.parseJsonAddress(json, string.concat(prefix, key));
    }

    function _idx(string memory list, uint256 i) private pure returns (string memory) {
        return string.concat(".", list, "[", vm.toString(i), "]");
    }

    // ------------------------------------------------------------------------------------- mail
    function test_vectors_mailDigestMatchesSpec() public view {
        bytes32 person = keccak256("Person(string name,address wallet)");
        bytes32 mailType = keccak256("Mail(Person from,Person to,string contents)Person(string name,address wallet)");
        bytes32 fromHash = keccak256(
            abi.encode(person, keccak256(bytes(_s(".mail.message.from", ".name"))), _a(".mail.message.from", ".wallet"))
        );
        bytes32 toHash = keccak256(
            abi.encode(person, keccak256(bytes(_s(".mail.message.to", ".name"))), _a(".mail.message.to", ".wallet"))
        );
        bytes32 structHash =
            keccak256(abi.encode(mailType, fromHash, toHash, keccak256(bytes(_s(".mail.message", ".contents")))));
        bytes32 domain = keccak256(
            abi.encode(
                DOMAIN_TYPEHASH,
                keccak256(bytes(_s(".mail.domain", ".name"))),
                keccak256(bytes(_s(".mail.domain", ".version"))),
                _u(".mail.domain", ".chainId"),
                _a(".mail.domain", ".verifyingContract")
            )
        );
        bytes32 digest = keccak256(abi.encodePacked("\x19\x01", domain, structHash));
        assertEq(mailType, _b32(".mail", ".typeHash"), "type hash");
        assertEq(structHash, _b32(".mail", ".structHash"), "struct hash");
        assertEq(domain, _b32(".mail", ".domainSeparator"), "domain");
        assertEq(digest, _b32(".mail", ".digest"), "digest");
        assertEq(digest, 0xbe609aee343fb3c4b28e1df9e632fca64fcfaede20f02e86244efddf30957bd2, "spec digest");
        assertEq(ECDSA.recover(digest, vm.parseJsonBytes(json, ".mail.signature")), _a(".mail", ".signer"), "signer");
    }

    // ------------------------------------------------------------------------------- JobRequest
    function _jobRequest(string memory p) private view returns (JobRequest memory r) {
        string memory q = string.concat(p, ".request");
        r.user = _a(q, ".user");
        r.modelSpecHash = _b32(q, ".modelSpecHash");
        r.datasetRoot = _b32(q, ".datasetRoot");
        r.datasetURI = _s(q, ".datasetURI");
        r.hyperParamsHash = _b32(q, ".hyperParamsHash");
        r.steps = uint64(_u(q, ".steps"));
        r.seed = uint64(_u(q, ".seed"));
        r.price = _u(q, ".price");
        r.collateral = _u(q, ".collateral");
        r.claimDeadline = uint64(_u(q, ".claimDeadline"));
        r.commitDeadline = uint64(_u(q, ".commitDeadline"));
        r.nonce = _u(q, ".nonce");
    }

    function test_vectors_jobRequestDigests() public view {
        assertEq(keccak256(bytes(_s(_idx("jobRequests", 0), ".typeString"))), REQUEST_TYPEHASH, "type string");
        for (uint256 i; i < 4; ++i) {
            string memory p = _idx("jobRequests", i);
            JobRequest memory r = _jobRequest(p);
            uint256 chainId = _u(p, ".domain.chainId");
            address verifying = _a(p, ".domain.verifyingContract");
            assertEq(_structHash(r), _b32(p, ".structHash"), "struct hash");
            assertEq(_domain("Tribunal JobMarket", chainId, verifying), _b32(p, ".domainSeparator"), "domain");
            bytes32 digest = _digest(r, chainId, verifying);
            assertEq(digest, _b32(p, ".digest"), "digest");
            assertEq(ECDSA.recover(digest, vm.parseJsonBytes(json, string.concat(p, ".signature"))), r.user, "signer");
        }
    }

    function test_vectors_jobMarketAcceptsEthersSignatures() public {
        address at = _a(_idx("jobRequests", 0), ".domain.verifyingContract");
        // the vectors sign arbitrary hashes with no model behind them: this market's validator
        // accepts any shape, so the test checks signatures and digests only
        JobMarket sigOnly = new JobMarket(
            IERC20(address(token)),
            IStakeRegistry(address(reg)),
            admin,
            treasury,
            WINDOW,
            RDELAY,
            FEE_BPS,
            new AnyShape()
        );
        vm.etch(at, address(sigOnly).code);
        JobMarket m = JobMarket(at);
        // Last vector first: "otherChainId" reuses nonce 0 and must fail on its signature.
        for (uint256 j; j < 4; ++j) {
            string memory p = _idx("jobRequests", 3 - j);
            JobRequest memory r = _jobRequest(p);
            bytes memory sig = vm.parseJsonBytes(json, string.concat(p, ".signature"));
            bytes memory highS = vm.parseJsonBytes(json, string.concat(p, ".highSSignature"));
            token.mint(r.user, r.price);
            vm.prank(r.user);
            token.approve(at, type(uint256).max);
            vm.expectRevert(IJobMarket.JobMarket_SignatureHighS.selector);
            m.submitJob(r, highS, _noPermit(), _hp(), _widths());
            if (_u(p, ".domain.chainId") != block.chainid) {
                vm.expectRevert(IJobMarket.JobMarket_InvalidSignature.selector);
                m.submitJob(r, sig, _noPermit(), _hp(), _widths());
                continue;
            }
            assertEq(m.hashJobRequest(r), _b32(p, ".digest"), "contract digest");
            assertEq(m.domainSeparator(), _b32(p, ".domainSeparator"), "contract domain");
            bytes32 jobId = m.submitJob(r, sig, _noPermit(), _hp(), _widths());
            assertEq(jobId, _b32(p, ".digest"), "job id");
        }
    }

    // ---------------------------------------------------------------------------------- Voucher
    function test_vectors_voucherDigestsAndClaims() public {
        string memory p0 = _idx("vouchers", 0);
        address at = _a(p0, ".domain.verifyingContract");
        PaymentChannels impl = new PaymentChannels(IERC20(address(token)), 1e6, 1 hours);
        vm.etch(at, address(impl).code);
        PaymentChannels pc = PaymentChannels(at);
        address payer = _a(p0, ".payer");
        address payee = _a(p0, ".payee");
        bytes32 salt = _b32(p0, ".salt");
        assertEq(pc.channelIdOf(payer, payee, salt), _b32(p0, ".channelId"), "channel id");
        assertEq(pc.VOUCHER_TYPEHASH(), keccak256(bytes(_s(p0, ".typeString"))), "type string");
        assertEq(pc.domainSeparator(), _b32(p0, ".domainSeparator"), "domain");

        token.mint(payer, 10e6);
        vm.startPrank(payer);
        token.approve(at, 10e6);
        pc.open(payee, salt, 10e6, uint40(block.timestamp + 1 days), _noPermit());
        vm.stopPrank();
        for (uint256 i; i < 3; ++i) {
            string memory p = _idx("vouchers", i);
            uint256 amount = _u(p, ".cumulativeAmount");
            bytes32 id = _b32(p, ".channelId");
            assertEq(
                keccak256(abi.encode(keccak256("Voucher(bytes32 channelId,uint256 cumulativeAmount)"), id, amount)),
                _b32(p, ".structHash"),
                "struct hash"
            );
            assertEq(pc.hashVoucher(id, amount), _b32(p, ".digest"), "digest");
            vm.prank(payee);
            vm.expectRevert(IPaymentChannels.PaymentChannels_SignatureHighS.selector);
            pc.claim(payer, salt, amount, vm.parseJsonBytes(json, string.concat(p, ".highSSignature")));
            vm.prank(payee);
            pc.claim(payer, salt, amount, vm.parseJsonBytes(json, string.concat(p, ".signature")));
        }
        assertEq(token.balanceOf(payee), 10e6, "payee paid the last voucher");
    }

    // ----------------------------------------------------------------------------------- Permit
    function test_vectors_permitsAcceptedByTestUSD() public {
        string memory p0 = _idx("permits", 0);
        address at = _a(p0, ".domain.verifyingContract");
        vm.etch(at, address(token).code);
        TestUSD t = TestUSD(at);
        for (uint256 i; i < 2; ++i) {
            string memory p = _idx("permits", i);
            address owner = _a(p, ".message.owner");
            address spender = _a(p, ".message.spender");
            uint256 value = _u(p, ".message.value");
            uint256 deadline = _u(p, ".message.deadline");
            bytes memory sig = vm.parseJsonBytes(json, string.concat(p, ".signature"));
            bytes32 r;
            bytes32 s;
            uint8 v;
            assembly {
                r := mload(add(sig, 32))
                s := mload(add(sig, 64))
                v := byte(0, mload(add(sig, 96)))
            }
            // Each vector uses nonce 0: restore a fresh token between them.
            uint256 snap = vm.snapshotState();
            t.permit(owner, spender, value, deadline, v, r, s);
            assertEq(t.allowance(owner, spender), value, "allowance");
            vm.revertToState(snap);
        }
    }
}
