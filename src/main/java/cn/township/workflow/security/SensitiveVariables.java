package cn.township.workflow.security;

import cn.township.workflow.casefile.DataFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The case variables holding sensitive personal information (个人信息保护法第二十八条) that the engine keeps no history
 * of, listed in {@value #FILE} where a security reviewer reads them with the reason and where each value is kept
 * instead. A data file, not a Java list: which personal data a case may keep is the statute's and the reviewer's
 * call, and the file says it beside the models that collect it.
 */
public final class SensitiveVariables {

  static final String FILE = "processes/sensitive-variables.csv";
  private static final Set<String> NAMES = read();

  private SensitiveVariables() {}

  public static boolean contains(String variableName) {
    return variableName != null && NAMES.contains(variableName);
  }

  private static Set<String> read() {
    Set<String> names = new LinkedHashSet<>();
    try {
      for (DataFile.Row row : DataFile.read(FILE)) {
        String[] cells = row.fields();
        if (cells.length != 3 || !cells[0].matches("[A-Za-z_][A-Za-z0-9_]*") || cells[1].isEmpty()
            || cells[2].isEmpty()) {
          throw new IllegalStateException(FILE + " 第 " + row.line() + " 行无法识别（应为 变量名,保存位置,依据）："
              + String.join(",", cells));
        }
        names.add(cells[0]);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Set.copyOf(names);
  }
}
