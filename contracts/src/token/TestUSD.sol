// SPDX-License-Identifier: Apache-2.0
pragma solidity 0.8.37;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {ERC20Permit} from "@openzeppelin/contracts/token/ERC20/extensions/ERC20Permit.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title TestUSD
/// @notice A 6-decimal dollar token for devnets and tests. EIP-2612 permit lets users pay for jobs
///         and open channels without holding ETH. Only the owner (the devnet deployer) can mint.
contract TestUSD is ERC20, ERC20Permit, Ownable {
    constructor(address initialOwner)
        ERC20("Tribunal Test USD", "tUSD")
        ERC20Permit("Tribunal Test USD")
        Ownable(initialOwner)
    {}

    /// @notice Mints `amount` base units (6 decimals) to `to`. Owner only.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @inheritdoc ERC20
    function decimals() public pure override returns (uint8) {
        return 6;
    }
}
