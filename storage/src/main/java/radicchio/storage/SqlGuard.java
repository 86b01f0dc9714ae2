package radicchio.storage;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The Regulator: decides whether a statement from untrusted code may run. sqlite-jdbc exposes no
 * authorizer callback, so the guard works on {@link SqlLexer} tokens (never on raw text, so
 * quoting, comments and case cannot smuggle a name past it) and relies on SQLite's own limits
 * (set by {@link StoreConnection}) for sizes and depths. Refusals happen before SQLite sees the
 * statement, so a refused statement changes nothing.
 *
 * <p>Refused:
 * <ol>
 *   <li>any name, quoted or not, or string literal starting with the reserved prefix {@code _cf_}
 *       (ASCII case-insensitive): string literals too, because SQLite accepts {@code 'name'}
 *       where a table name is expected;</li>
 *   <li>{@code BEGIN}, {@code COMMIT}, {@code END}, {@code ROLLBACK}, {@code SAVEPOINT},
 *       {@code RELEASE} statements (the platform's transactionSync() message), and the word
 *       {@code ROLLBACK} anywhere else ({@code OR ROLLBACK}, {@code ON CONFLICT ROLLBACK},
 *       {@code RAISE(ROLLBACK, ...)}) since it would end the event's implicit transaction;</li>
 *   <li>{@code ATTACH}, {@code DETACH}, {@code VACUUM} (also {@code VACUUM INTO}, which writes
 *       arbitrary files);</li>
 *   <li>{@code PRAGMA} statements and {@code pragma_*} table functions outside
 *       {@link #ALLOWED_PRAGMAS};</li>
 *   <li>{@code load_extension} and other dangerous functions or virtual tables
 *       ({@link #DENIED_NAMES});</li>
 *   <li>temporary schema objects ({@code CREATE TEMP ...}, {@code CREATE ... temp.x}): they
 *       live outside the object's database and its quota;</li>
 *   <li>NUL characters, unpaired surrogates and text SQLite cannot tokenize.</li>
 * </ol>
 */
final class SqlGuard {
  static final String RESERVED_PREFIX = "_cf_";

  /** Pragmas untrusted code may use, as statements or as {@code pragma_<name>} functions. */
  static final Set<String> ALLOWED_PRAGMAS = Set.of(
      "table_info", "table_xinfo", "table_list", "index_info", "index_xinfo", "index_list",
      "foreign_key_list", "foreign_key_check", "foreign_keys", "defer_foreign_keys",
      "quick_check", "integrity_check", "data_version", "optimize", "page_count",
      "freelist_count", "legacy_alter_table", "recursive_triggers", "reverse_unordered_selects");

  /** Functions and virtual tables that must never be reachable from untrusted SQL. */
  static final Set<String> DENIED_NAMES = Set.of(
      "load_extension", "fts3_tokenizer", "sqlite_dbpage", "sqlite_dbdata", "sqlite_dbptr",
      "dbstat", "readfile", "writefile", "fsdir", "zipfile");

  static final String TRANSACTION_MESSAGE =
      "To execute a transaction, please use the state.storage.transaction() or "
          + "state.storage.transactionSync() APIs instead of the SQL BEGIN TRANSACTION or SAVEPOINT "
          + "statements. The JavaScript API is safer because it will automatically roll back on "
          + "exceptions, and because it interacts correctly with Durable Objects' automatic atomic "
          + "write coalescing.";

  private static final Set<String> TRANSACTION_WORDS =
      Set.of("BEGIN", "COMMIT", "END", "ROLLBACK", "SAVEPOINT", "RELEASE");

  /** Words after which a CREATE statement's object name can no longer appear. */
  private static final Set<String> NAME_ENDS = Set.of(
      "AS", "ON", "USING", "BEFORE", "AFTER", "INSTEAD", "INSERT", "UPDATE", "DELETE");

  private SqlGuard() {}

  /** Rejects text that could make this lexer and SQLite's disagree. */
  static void checkText(String sql) {
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (c == 0) {
        throw new SqlRefusedException("SQL text must not contain NUL characters.");
      }
      if (Character.isSurrogate(c)) {
        boolean paired = Character.isHighSurrogate(c) && i + 1 < sql.length()
            && Character.isLowSurrogate(sql.charAt(i + 1));
        if (!paired) {
          throw new SqlRefusedException("SQL text must not contain unpaired surrogates.");
        }
        i++;
      }
    }
  }

  /** Throws {@link SqlRefusedException} unless {@code statement} may run. */
  static void check(SqlScript.Statement statement) {
    List<SqlToken> tokens = statement.tokens();
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken token = tokens.get(i);
      if (token.kind() == SqlToken.Kind.ILLEGAL) {
        throw new SqlRefusedException("unrecognized token: \"" + token.value() + "\"");
      }
      if (token.isNameLike()) {
        checkName(token.value());
      }
      if (i > 0 && token.isWord("ROLLBACK")) {
        throw new SqlRefusedException("ROLLBACK conflict resolution is not allowed because it "
            + "would end the implicit transaction; use ABORT, FAIL or IGNORE instead.");
      }
    }
    int lead = skipExplain(tokens);
    if (lead >= tokens.size()) {
      return;
    }
    String keyword = tokens.get(lead).keyword();
    if (TRANSACTION_WORDS.contains(keyword)) {
      throw new SqlRefusedException(TRANSACTION_MESSAGE);
    }
    switch (keyword) {
      case "ATTACH":
      case "DETACH":
        throw new SqlRefusedException(
            "ATTACH and DETACH are not allowed: each object has exactly one database.");
      case "VACUUM":
        throw new SqlRefusedException("VACUUM is not allowed.");
      case "PRAGMA":
        checkPragma(tokens, lead + 1);
        break;
      case "CREATE":
        checkCreate(tokens, lead + 1);
        break;
      default:
        break;
    }
  }

  private static int skipExplain(List<SqlToken> tokens) {
    int i = 0;
    if (i < tokens.size() && tokens.get(i).isWord("EXPLAIN")) {
      i++;
      if (i + 1 < tokens.size() && tokens.get(i).isWord("QUERY") && tokens.get(i + 1).isWord("PLAN")) {
        i += 2;
      }
    }
    return i;
  }

  private static void checkName(String name) {
    if (name.regionMatches(true, 0, RESERVED_PREFIX, 0, RESERVED_PREFIX.length())) {
      throw new SqlRefusedException("access to " + name + " is prohibited: names starting with "
          + RESERVED_PREFIX + " are reserved for internal use (bind such strings as parameters).");
    }
    String lower = name.toLowerCase(Locale.ROOT);
    if (DENIED_NAMES.contains(lower)) {
      throw new SqlRefusedException("use of " + name + " is not allowed.");
    }
    if (lower.startsWith("pragma_") && !ALLOWED_PRAGMAS.contains(lower.substring(7))) {
      throw new SqlRefusedException("use of " + name + " is not allowed: pragma "
          + lower.substring(7) + " is not on the allowlist.");
    }
  }

  private static void checkPragma(List<SqlToken> tokens, int i) {
    if (i + 2 < tokens.size() && tokens.get(i + 1).isOperator(".")) {
      i += 2;
    }
    if (i >= tokens.size() || !tokens.get(i).isNameLike()) {
      throw new SqlRefusedException("PRAGMA without a pragma name is not allowed.");
    }
    String name = tokens.get(i).value().toLowerCase(Locale.ROOT);
    if (!ALLOWED_PRAGMAS.contains(name)) {
      throw new SqlRefusedException("PRAGMA " + name + " is not allowed.");
    }
  }

  private static void checkCreate(List<SqlToken> tokens, int i) {
    if (i < tokens.size() && (tokens.get(i).isWord("TEMP") || tokens.get(i).isWord("TEMPORARY"))) {
      throw new SqlRefusedException("Temporary tables, views and triggers are not allowed.");
    }
    // The object's name comes before its body; a "temp." qualifier there targets the temp schema.
    for (int j = i; j + 1 < tokens.size(); j++) {
      SqlToken token = tokens.get(j);
      if (token.isOperator("(") || NAME_ENDS.contains(token.keyword())) {
        return;
      }
      String name = token.isNameLike() ? token.value() : "";
      if ((name.equalsIgnoreCase("temp") || name.equalsIgnoreCase("temporary"))
          && tokens.get(j + 1).isOperator(".")) {
        throw new SqlRefusedException("Temporary tables, views and triggers are not allowed.");
      }
    }
  }
}
