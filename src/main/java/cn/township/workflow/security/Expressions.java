package cn.township.workflow.security;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Reads the {@code ${…}} and {@code #{…}} parts of a text into the small expression language our models and
 * Tasklist's filters use: literals, variables and property paths, calls, and EL's operators. Anything else JUEL
 * would accept (brackets, assignment, lambdas, {@code instanceof}, escapes) is refused here, so a checker that walks
 * the result sees everything the engine would evaluate. The checks themselves are {@link QueryExpressions} and
 * {@link ModelExpressions}.
 */
final class Expressions {

  /** Something the engine would evaluate, refused with a Chinese reason. */
  static final class Unsafe extends RuntimeException {
    Unsafe(String reason) {
      super(reason);
    }
  }

  sealed interface Expr permits Literal, Unary, Binary, Choice, Path {}

  record Literal(Object value) implements Expr {}

  record Unary(String operator, Expr operand) implements Expr {}

  record Binary(String operator, Expr left, Expr right) implements Expr {}

  record Choice(Expr condition, Expr then, Expr otherwise) implements Expr {}

  /** {@code root}, {@code root(args)}, then {@code .name} or {@code .name(args)} steps; args null for a property. */
  record Path(String root, List<Expr> rootArgs, List<Step> steps) implements Expr {}

  record Step(String name, List<Expr> args) {
    boolean isCall() {
      return args != null;
    }
  }

  /** The evaluated parts of a text, and whether literal text surrounds them. */
  record Template(List<Expr> parts, boolean hasLiteralText) {}

  /** The longest text a query or model may offer for evaluation. */
  static final int MAX_LENGTH = 2000;

  /** Names that lead from any object to Java reflection. */
  static final Set<String> REFLECTION = Set.of("class", "getClass", "forName", "invoke", "newInstance",
      "getMethod", "getMethods", "getDeclaredMethod", "getDeclaredMethods", "getConstructor", "getConstructors",
      "getDeclaredConstructor", "getDeclaredField", "getField", "classLoader", "getClassLoader", "loadClass",
      "declaringClass", "module", "getRuntime", "exec", "protectionDomain");

  private static final Set<String> KEYWORD_OPERATORS =
      Set.of("and", "or", "not", "eq", "ne", "lt", "gt", "le", "ge", "div", "mod", "empty");

  private Expressions() {
  }

  /** True if the engine would evaluate something in this text. */
  static boolean evaluates(String text) {
    return text != null && (text.contains("${") || text.contains("#{"));
  }

  static Template parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new Unsafe("表达式过长（超过 " + MAX_LENGTH + " 个字符）");
    }
    List<Expr> parts = new ArrayList<>();
    boolean literal = false;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      boolean opens = (c == '$' || c == '#') && i + 1 < text.length() && text.charAt(i + 1) == '{';
      if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '$' || text.charAt(i + 1) == '#')) {
        throw new Unsafe("含有转义的表达式标记（\\" + text.charAt(i + 1) + "）");
      }
      if (!opens) {
        literal = true;
        i++;
        continue;
      }
      Parser parser = new Parser(text, i + 2);
      parts.add(parser.expression());
      i = parser.closingBrace() + 1;
    }
    return new Template(List.copyOf(parts), literal);
  }

  private record Token(String kind, String text, Object value, int at) {
    boolean is(String symbol) {
      return ("op".equals(kind) || "word".equals(kind)) && text.equals(symbol);
    }
  }

  private static final class Parser {
    private final String source;
    private int position;
    private Token current;

    Parser(String source, int start) {
      this.source = source;
      this.position = start;
      advance();
    }

    Expr expression() {
      Expr expr = choice();
      if (!current.is("}")) {
        throw new Unsafe("表达式在“" + current.text() + "”处无法识别");
      }
      return expr;
    }

    int closingBrace() {
      return current.at();
    }

    private Expr choice() {
      Expr condition = binary(0);
      if (current.is("?")) {
        advance();
        Expr then = choice();
        expect(":");
        return new Choice(condition, then, choice());
      }
      return condition;
    }

    private static final List<Set<String>> LEVELS = List.of(
        Set.of("||", "or"), Set.of("&&", "and"), Set.of("==", "!=", "eq", "ne"),
        Set.of("<", ">", "<=", ">=", "lt", "gt", "le", "ge"), Set.of("+", "-"), Set.of("*", "/", "%", "div", "mod"));

    private Expr binary(int level) {
      if (level == LEVELS.size()) {
        return unary();
      }
      Expr left = binary(level + 1);
      while (("op".equals(current.kind()) || "word".equals(current.kind())) && LEVELS.get(level).contains(current.text())) {
        String operator = current.text();
        advance();
        left = new Binary(operator, left, binary(level + 1));
      }
      return left;
    }

    private Expr unary() {
      if (current.is("!") || current.is("not") || current.is("-") || current.is("empty")) {
        String operator = current.text();
        advance();
        return new Unary(operator, unary());
      }
      return value();
    }

    private Expr value() {
      Token token = current;
      switch (token.kind()) {
        case "number", "string", "literal" -> {
          advance();
          if (current.is(".")) {
            advance();
            throw new Unsafe(REFLECTION.contains(current.text()) ? "不允许使用反射（" + current.text() + "）"
                : "不允许对常量取属性或调用方法（" + token.text() + "." + current.text() + "）");
          }
          return new Literal(token.value());
        }
        case "ident" -> {
          advance();
          List<Expr> rootArgs = current.is("(") ? arguments() : null;
          List<Step> steps = new ArrayList<>();
          while (current.is(".")) {
            advance();
            if (!"ident".equals(current.kind())) {
              throw new Unsafe("“.”之后应为名称");
            }
            String name = current.text();
            advance();
            steps.add(new Step(name, current.is("(") ? arguments() : null));
          }
          return new Path(token.text(), rootArgs, List.copyOf(steps));
        }
        default -> {
          if (token.is("(")) {
            advance();
            Expr nested = choice();
            expect(")");
            return nested;
          }
          throw new Unsafe("表达式在“" + token.text() + "”处无法识别");
        }
      }
    }

    private List<Expr> arguments() {
      expect("(");
      List<Expr> args = new ArrayList<>();
      if (!current.is(")")) {
        args.add(choice());
        while (current.is(",")) {
          advance();
          args.add(choice());
        }
      }
      expect(")");
      return List.copyOf(args);
    }

    private void expect(String symbol) {
      if (!current.is(symbol)) {
        throw new Unsafe("表达式在“" + current.text() + "”处应为“" + symbol + "”");
      }
      advance();
    }

    private void advance() {
      while (position < source.length() && Character.isWhitespace(source.charAt(position))) {
        position++;
      }
      if (position >= source.length()) {
        throw new Unsafe("表达式没有结束的“}”");
      }
      int start = position;
      char c = source.charAt(position);
      if (Character.isLetter(c) && c < 128 || c == '_') {
        while (position < source.length() && isNamePart(source.charAt(position))) {
          position++;
        }
        String word = source.substring(start, position);
        current = switch (word) {
          case "true" -> new Token("literal", word, Boolean.TRUE, start);
          case "false" -> new Token("literal", word, Boolean.FALSE, start);
          case "null" -> new Token("literal", word, null, start);
          default -> {
            if (KEYWORD_OPERATORS.contains(word)) {
              yield new Token("word", word, null, start);
            }
            if ("instanceof".equals(word)) {
              throw new Unsafe("不允许使用 instanceof");
            }
            yield new Token("ident", word, null, start);
          }
        };
        return;
      }
      if (Character.isDigit(c)) {
        while (position < source.length() && (Character.isDigit(source.charAt(position))
            || source.charAt(position) == '.' && position + 1 < source.length()
            && Character.isDigit(source.charAt(position + 1)))) {
          position++;
        }
        String number = source.substring(start, position);
        try {
          current = new Token("number", number, number.contains(".") ? (Object) Double.valueOf(number)
              : (Object) Long.valueOf(number), start);
        } catch (NumberFormatException tooLong) {
          throw new Unsafe("数字“" + number + "”无法识别");
        }
        return;
      }
      if (c == '\'' || c == '"') {
        StringBuilder value = new StringBuilder();
        position++;
        while (true) {
          if (position >= source.length()) {
            throw new Unsafe("字符串没有结束的引号");
          }
          char s = source.charAt(position);
          if (s == c) {
            position++;
            break;
          }
          if (s == '\\' && position + 1 < source.length()
              && "\\'\"".indexOf(source.charAt(position + 1)) >= 0) {
            value.append(source.charAt(position + 1));
            position += 2;
            continue;
          }
          value.append(s);
          position++;
        }
        current = new Token("string", source.substring(start, position), value.toString(), start);
        return;
      }
      for (String symbol : new String[] {"==", "!=", "<=", ">=", "&&", "||"}) {
        if (source.startsWith(symbol, position)) {
          position += 2;
          current = new Token("op", symbol, null, start);
          return;
        }
      }
      if ("<>!+-*/%?:().,}".indexOf(c) >= 0 && !source.startsWith("->", position)
          && !source.startsWith("+=", position)) {
        position++;
        current = new Token("op", String.valueOf(c), null, start);
        return;
      }
      throw new Unsafe("表达式中不允许使用符号“" + c + "”");
    }

    private static boolean isNamePart(char c) {
      return c < 128 && (Character.isLetterOrDigit(c) || c == '_');
    }
  }
}
