package radicchio.storage;

import java.util.ArrayList;
import java.util.List;

/**
 * SQL text cut into its statements, because sqlite-jdbc prepares only the first statement of a
 * string and does not report where it stopped. Boundaries follow the state machine of SQLite's
 * {@code sqlite3_complete()}: a semicolon ends a statement, except inside
 * {@code CREATE [TEMP] TRIGGER ... BEGIN ... END}, which only a {@code ; END ;} sequence closes.
 *
 * <pre>
 *   START --EXPLAIN--> EXPLAIN --CREATE--> CREATE --TEMP--> CREATE
 *   START --CREATE---> CREATE  --TRIGGER-> TRIGGER --;--> TRIGGER_SEMI --END--> TRIGGER_END
 *   TRIGGER_SEMI --;--> TRIGGER_SEMI;  TRIGGER_SEMI/TRIGGER_END --other--> TRIGGER
 *   TRIGGER_END --;--> (statement ends);  START/NORMAL/EXPLAIN/CREATE --;--> (statement ends)
 *   any other token --> NORMAL (outside a trigger)
 * </pre>
 *
 * Safety does not rest on the boundaries: every token of the text is checked by {@link SqlGuard}
 * whichever statement it lands in, and SQLite runs only the first statement of each piece.
 * Empty statements (stray semicolons, comments only) are dropped.
 */
final class SqlScript {
  /** One statement: its source text (with its semicolon, if any) and its tokens (without). */
  record Statement(String text, List<SqlToken> tokens) {}

  private enum State { START, NORMAL, EXPLAIN, CREATE, TRIGGER, TRIGGER_SEMI, TRIGGER_END }

  private SqlScript() {}

  static List<Statement> split(String sql) {
    List<SqlToken> tokens = SqlLexer.tokenize(sql);
    List<Statement> statements = new ArrayList<>();
    State state = State.START;
    int first = 0;
    for (int i = 0; i < tokens.size(); i++) {
      SqlToken token = tokens.get(i);
      boolean semicolon = token.kind() == SqlToken.Kind.SEMICOLON;
      String word = token.keyword();
      switch (state) {
        case START:
          if (semicolon) {
            first = i + 1;
            continue;
          }
          state = word.equals("EXPLAIN") ? State.EXPLAIN
              : word.equals("CREATE") ? State.CREATE : State.NORMAL;
          continue;
        case EXPLAIN:
          state = semicolon ? State.START : word.equals("CREATE") ? State.CREATE : State.NORMAL;
          break;
        case CREATE:
          state = semicolon ? State.START
              : word.equals("TEMP") || word.equals("TEMPORARY") ? State.CREATE
              : word.equals("TRIGGER") ? State.TRIGGER : State.NORMAL;
          break;
        case NORMAL:
          state = semicolon ? State.START : State.NORMAL;
          break;
        case TRIGGER:
          state = semicolon ? State.TRIGGER_SEMI : State.TRIGGER;
          break;
        case TRIGGER_SEMI:
          state = semicolon ? State.TRIGGER_SEMI
              : word.equals("END") ? State.TRIGGER_END : State.TRIGGER;
          break;
        case TRIGGER_END:
          state = semicolon ? State.START : State.TRIGGER;
          break;
        default:
          throw new AssertionError(state);
      }
      if (state == State.START) {
        statements.add(statement(sql, tokens, first, i, true));
        first = i + 1;
      }
    }
    if (first < tokens.size()) {
      statements.add(statement(sql, tokens, first, tokens.size() - 1, false));
    }
    return statements;
  }

  private static Statement statement(
      String sql, List<SqlToken> tokens, int first, int last, boolean lastIsSemicolon) {
    String text = sql.substring(tokens.get(first).start(), tokens.get(last).end());
    int tokenEnd = lastIsSemicolon ? last : last + 1;
    return new Statement(text, List.copyOf(tokens.subList(first, tokenEnd)));
  }
}
