package cn.township.workflow.casefile;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/** The query code printed on a receipt: with the receipt number it lets the applicant follow the case. */
public final class QueryCodes {

  private static final SecureRandom RANDOM = new SecureRandom();

  private QueryCodes() {}

  /** Eight random digits: receipt numbers are guessable, these are not. */
  public static String next() {
    return String.format("%08d", RANDOM.nextInt(100_000_000));
  }

  /** Compares in constant time, so the answer's timing tells nothing about the code. */
  public static boolean matches(String expected, String given) {
    if (expected == null || given == null) {
      return false;
    }
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.strip().getBytes(StandardCharsets.UTF_8));
  }
}
