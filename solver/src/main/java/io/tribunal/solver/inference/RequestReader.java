package io.tribunal.solver.inference;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import io.tribunal.node.http.RequestBodies;
import java.io.IOException;
import java.util.Arrays;

/**
 * Reads the inference API's request bodies: JSON objects of at most {@link
 * InferenceServer#MAX_BODY} bytes, sent as {@code application/json}. Every problem is an {@link
 * ApiException} (415, 413, {@code malformed_json}, {@code bad_input}) thrown before anything is
 * answered.
 */
final class RequestReader {
  static final ObjectMapper JSON =
      new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
  // reads one value out of a body being streamed: must not demand end-of-input after it
  private static final ObjectMapper SUBTREE = new ObjectMapper();

  private RequestReader() {}

  /**
   * An infer body, read with the streaming parser (no tree for the input values): {@code input} as
   * ints plus what was wrong with it, {@code payment} as a (small) tree. A later duplicate key
   * wins, as with a tree. Input problems are reported only after the whole body parsed, so
   * malformed JSON is always {@code malformed_json}.
   */
  record InferRequest(int[] values, int count, int firstBad, JsonNode payment) {
    static final int NOT_ARRAY = -2;
    static final int NONE = -1;

    int[] input(int width) {
      if (firstBad == NOT_ARRAY) {
        throw ApiException.badRequest(
            "bad_input", "input must be an array of " + width + " Q16.16 integers");
      }
      if (count != width) {
        throw ApiException.badRequest(
            "bad_input", "input has " + count + " values, the model takes " + width);
      }
      if (firstBad != NONE) {
        throw ApiException.badRequest(
            "bad_input", "input[" + firstBad + "] is not a 32-bit integer");
      }
      return values.length == count ? values : Arrays.copyOf(values, count);
    }
  }

  static InferRequest readInfer(HttpExchange ex) throws IOException {
    byte[] body = readBody(ex);
    int[] values = new int[0];
    int count = 0;
    int firstBad = InferRequest.NOT_ARRAY;
    JsonNode payment = null;
    try (JsonParser p = JSON.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw ApiException.badRequest("malformed_json", "body must be a JSON object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken v = p.nextToken();
        if (field.equals("input")) {
          count = 0;
          firstBad = InferRequest.NOT_ARRAY;
          if (v == JsonToken.START_ARRAY) {
            firstBad = InferRequest.NONE;
            values = new int[1024];
            JsonToken e;
            while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
              if (count == values.length) {
                values = Arrays.copyOf(values, count * 2);
              }
              if (e == JsonToken.VALUE_NUMBER_INT
                  && p.getNumberType() == JsonParser.NumberType.INT) {
                values[count] = p.getIntValue();
              } else {
                if (firstBad == InferRequest.NONE) {
                  firstBad = count;
                }
                p.skipChildren();
              }
              count++;
            }
          } else {
            p.skipChildren();
          }
        } else if (field.equals("payment")) {
          payment = SUBTREE.readTree(p); // the value only (JSON's trailing check is ours)
        } else {
          p.skipChildren();
        }
      }
      if (t != JsonToken.END_OBJECT || p.nextToken() != null) {
        throw ApiException.badRequest("malformed_json", "body is not valid JSON: trailing tokens");
      }
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "malformed_json", "body is not valid JSON: " + e.getOriginalMessage());
    }
    return new InferRequest(values, count, firstBad, payment);
  }

  static JsonNode readJson(HttpExchange ex) throws IOException {
    byte[] body = readBody(ex);
    try {
      JsonNode n = JSON.readTree(body);
      if (n == null || !n.isObject()) {
        throw ApiException.badRequest("malformed_json", "body must be a JSON object");
      }
      return n;
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "malformed_json", "body is not valid JSON: " + e.getOriginalMessage());
    }
  }

  private static byte[] readBody(HttpExchange ex) throws IOException {
    String type = ex.getRequestHeaders().getFirst("Content-Type");
    if (type == null || !type.toLowerCase().startsWith("application/json")) {
      throw new ApiException(
          415, "unsupported_media_type", "Content-Type must be application/json");
    }
    try {
      return RequestBodies.read(ex, InferenceServer.MAX_BODY);
    } catch (RequestBodies.Refused e) {
      throw new ApiException(e.status(), e.code(), e.getMessage());
    }
  }
}
