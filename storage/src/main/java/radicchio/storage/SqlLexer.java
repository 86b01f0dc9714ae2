package radicchio.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens following SQLite's own tokenizer rules (tokenize.c): whitespace is
 * only space, tab, newline, form feed and carriage return; {@code --} comments run to a newline;
 * {@code /*} comments run to the first {@code *}{@code /} or the end; quotes escape by doubling;
 * {@code [...]} ends at the first {@code ]}; every character at or above U+0080 is an identifier
 * character. Comments and whitespace are dropped.
 *
 * <p>Invariant the guard relies on: for text without NUL characters or unpaired surrogates (the
 * caller rejects both), a region this lexer treats as a comment or a literal is one SQLite
 * treats the same way, so no identifier can hide from {@link SqlGuard}. Where the lexer is unsure
 * it emits {@link SqlToken.Kind#ILLEGAL}, which the guard refuses.
 */
final class SqlLexer {
  private final String sql;
  private int pos;

  private SqlLexer(String sql) {
    this.sql = sql;
  }

  static List<SqlToken> tokenize(String sql) {
    SqlLexer lexer = new SqlLexer(sql);
    List<SqlToken> tokens = new ArrayList<>();
    SqlToken token;
    while ((token = lexer.nextToken()) != null) {
      tokens.add(token);
    }
    return tokens;
  }

  private SqlToken nextToken() {
    skipSpaceAndComments();
    if (pos >= sql.length()) {
      return null;
    }
    int start = pos;
    char c = sql.charAt(pos);
    switch (c) {
      case ';':
        pos++;
        return new SqlToken(SqlToken.Kind.SEMICOLON, ";", start, pos);
      case '\'':
        return quoted(start, '\'', SqlToken.Kind.STRING);
      case '"':
        return quoted(start, '"', SqlToken.Kind.QUOTED_ID);
      case '`':
        return quoted(start, '`', SqlToken.Kind.QUOTED_ID);
      case '[': {
        int close = sql.indexOf(']', start + 1);
        if (close < 0) {
          pos = sql.length();
          return new SqlToken(SqlToken.Kind.ILLEGAL, sql.substring(start), start, pos);
        }
        pos = close + 1;
        return new SqlToken(SqlToken.Kind.QUOTED_ID, sql.substring(start + 1, close), start, pos);
      }
      case '?':
        pos++;
        while (pos < sql.length() && isDigit(sql.charAt(pos))) {
          pos++;
        }
        return token(SqlToken.Kind.VARIABLE, start);
      case '$':
      case '@':
      case ':':
      case '#':
        return namedVariable(start);
      default:
        break;
    }
    if (isDigit(c) || (c == '.' && pos + 1 < sql.length() && isDigit(sql.charAt(pos + 1)))) {
      return number(start);
    }
    if ((c == 'x' || c == 'X') && pos + 1 < sql.length() && sql.charAt(pos + 1) == '\'') {
      return blob(start);
    }
    if (isIdStart(c)) {
      pos++;
      while (pos < sql.length() && isIdChar(sql.charAt(pos))) {
        pos++;
      }
      return token(SqlToken.Kind.WORD, start);
    }
    return operator(start);
  }

  private void skipSpaceAndComments() {
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r') {
        pos++;
      } else if (c == '-' && startsWith("--")) {
        int newline = sql.indexOf('\n', pos + 2);
        pos = newline < 0 ? sql.length() : newline + 1;
      } else if (c == '/' && startsWith("/*")) {
        int close = sql.indexOf("*/", pos + 2);
        pos = close < 0 ? sql.length() : close + 2;
      } else {
        return;
      }
    }
  }

  private SqlToken quoted(int start, char quote, SqlToken.Kind kind) {
    StringBuilder value = new StringBuilder();
    int i = start + 1;
    while (i < sql.length()) {
      char c = sql.charAt(i);
      if (c == quote) {
        if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
          value.append(quote);
          i += 2;
          continue;
        }
        pos = i + 1;
        return new SqlToken(kind, value.toString(), start, pos);
      }
      value.append(c);
      i++;
    }
    pos = sql.length();
    return new SqlToken(SqlToken.Kind.ILLEGAL, sql.substring(start), start, pos);
  }

  private SqlToken namedVariable(int start) {
    pos++;
    int nameChars = 0;
    while (pos < sql.length()) {
      char c = sql.charAt(pos);
      if (isIdChar(c)) {
        pos++;
        nameChars++;
      } else if (c == ':' && startsWith("::")) {
        pos += 2;
      } else if (c == '(' && nameChars > 0) {
        // Tcl-style $name(suffix): SQLite takes everything up to ')' unless whitespace comes first.
        int i = pos + 1;
        while (i < sql.length() && sql.charAt(i) != ')' && !isAsciiSpace(sql.charAt(i))) {
          i++;
        }
        if (i >= sql.length() || sql.charAt(i) != ')') {
          pos = i;
          return token(SqlToken.Kind.ILLEGAL, start);
        }
        pos = i + 1;
        break;
      } else {
        break;
      }
    }
    return token(nameChars == 0 ? SqlToken.Kind.ILLEGAL : SqlToken.Kind.VARIABLE, start);
  }

  private static boolean isAsciiSpace(char c) {
    return c == ' ' || (c >= '\t' && c <= '\r');
  }

  private SqlToken number(int start) {
    if (startsWithIgnoreCase("0x") && pos + 2 < sql.length() && isHexDigit(sql.charAt(pos + 2))) {
      pos += 2;
      while (pos < sql.length() && (isHexDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
        pos++;
      }
    } else {
      digits();
      if (pos < sql.length() && sql.charAt(pos) == '.') {
        pos++;
        digits();
      }
      if (pos < sql.length() && (sql.charAt(pos) == 'e' || sql.charAt(pos) == 'E')) {
        int save = pos;
        pos++;
        if (pos < sql.length() && (sql.charAt(pos) == '+' || sql.charAt(pos) == '-')) {
          pos++;
        }
        if (pos < sql.length() && isDigit(sql.charAt(pos))) {
          digits();
        } else {
          pos = save + 1;
          return token(SqlToken.Kind.ILLEGAL, start);
        }
      }
    }
    // SQLite rejects a number glued to identifier characters ("12abc").
    if (pos < sql.length() && isIdChar(sql.charAt(pos))) {
      while (pos < sql.length() && isIdChar(sql.charAt(pos))) {
        pos++;
      }
      return token(SqlToken.Kind.ILLEGAL, start);
    }
    return token(SqlToken.Kind.NUMBER, start);
  }

  private void digits() {
    while (pos < sql.length() && (isDigit(sql.charAt(pos)) || sql.charAt(pos) == '_')) {
      pos++;
    }
  }

  private SqlToken blob(int start) {
    int close = sql.indexOf('\'', start + 2);
    if (close < 0) {
      pos = sql.length();
      return token(SqlToken.Kind.ILLEGAL, start);
    }
    pos = close + 1;
    String hex = sql.substring(start + 2, close);
    boolean valid = hex.length() % 2 == 0 && hex.chars().allMatch(ch -> isHexDigit((char) ch));
    return token(valid ? SqlToken.Kind.BLOB : SqlToken.Kind.ILLEGAL, start);
  }

  private SqlToken operator(int start) {
    String[] multi = {"->>", "->", "||", "<=", ">=", "==", "!=", "<>", "<<", ">>"};
    for (String op : multi) {
      if (startsWith(op)) {
        pos += op.length();
        return token(SqlToken.Kind.OPERATOR, start);
      }
    }
    char c = sql.charAt(pos);
    pos++;
    if ("(),.+-*/%&|~<>=".indexOf(c) >= 0) {
      return token(SqlToken.Kind.OPERATOR, start);
    }
    return token(SqlToken.Kind.ILLEGAL, start);
  }

  private SqlToken token(SqlToken.Kind kind, int start) {
    return new SqlToken(kind, sql.substring(start, pos), start, pos);
  }

  private boolean startsWith(String s) {
    return sql.startsWith(s, pos);
  }

  private boolean startsWithIgnoreCase(String s) {
    return sql.regionMatches(true, pos, s, 0, s.length());
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHexDigit(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isIdStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c >= 0x80;
  }

  private static boolean isIdChar(char c) {
    return isIdStart(c) || isDigit(c) || c == '$';
  }
}
