package cn.township.workflow.support;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;

/** Where a text (a personal number) is found in the engine's tables: its text columns and its byte arrays. */
public final class EngineTraces {

  private EngineTraces() {}

  /** table.column of every engine text column holding the text. */
  public static List<String> occurrences(JdbcTemplate jdbc, String text) {
    String[][] columns = {{"ACT_RU_VARIABLE", "TEXT_"}, {"ACT_RU_VARIABLE", "TEXT2_"}, {"ACT_HI_VARINST", "TEXT_"},
        {"ACT_HI_VARINST", "TEXT2_"}, {"ACT_HI_DETAIL", "TEXT_"}, {"ACT_HI_DETAIL", "TEXT2_"},
        {"ACT_HI_OP_LOG", "ORG_VALUE_"}, {"ACT_HI_OP_LOG", "NEW_VALUE_"}, {"ACT_HI_COMMENT", "MESSAGE_"},
        {"ACT_RU_EXECUTION", "BUSINESS_KEY_"}, {"ACT_HI_PROCINST", "BUSINESS_KEY_"}};
    return Arrays.stream(columns).filter(c -> jdbc.queryForObject("SELECT COUNT(*) FROM " + c[0] + " WHERE " + c[1]
        + " LIKE ?", Long.class, "%" + text + "%") > 0).map(c -> c[0] + "." + c[1]).toList();
  }

  /** Byte arrays (serialized and JSON variables, their history, job exceptions) whose content holds the text. */
  public static long byteArraysHolding(JdbcTemplate jdbc, String text) {
    byte[] wanted = text.getBytes(StandardCharsets.UTF_8);
    return jdbc.query("SELECT BYTES_ FROM ACT_GE_BYTEARRAY WHERE DEPLOYMENT_ID_ IS NULL",
        (rs, i) -> rs.getBytes(1)).stream().filter(bytes -> bytes != null && indexOf(bytes, wanted) >= 0).count();
  }

  static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
