package io.tribunal.solver.inference;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigInteger;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * How the server gets paid for one request. Production always uses {@link PaymentGate}; the seam
 * exists so the benchmark can serve the same model through the same HTTP path without payment
 * ({@link InferenceNode#startWithoutPayment}) and measure what payment checking adds.
 */
interface PaymentCheck {
  /**
   * Accepts {@code payment} for {@code price} or throws an {@link ApiException}; on return the
   * accepted voucher, if any, is on disk.
   *
   * @param quote the price quote for 402 bodies, built only when a request is refused
   */
  Optional<AcceptedVoucher> pay(
      JsonNode payment, BigInteger price, Supplier<Map<String, Object>> quote);
}
