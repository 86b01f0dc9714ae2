package radicchio.storage;

import java.util.Locale;

/**
 * One significant token of SQL text as SQLite's tokenizer would see it. {@code value} is the
 * token with quoting removed (identifiers and strings) or the raw text otherwise; {@code start}
 * and {@code end} are UTF-16 offsets into the source.
 */
record SqlToken(Kind kind, String value, int start, int end) {
  enum Kind {
    /** A bare word: a keyword or an identifier, SQLite decides by context. */
    WORD,
    /** "quoted", [bracketed] or `backquoted`: always an identifier (or a string, see DQS). */
    QUOTED_ID,
    /** 'single-quoted': a string, though SQLite also accepts it as a name in some places. */
    STRING,
    BLOB,
    NUMBER,
    /** ?, ?NNN, :name, @name, $name. */
    VARIABLE,
    SEMICOLON,
    /** Punctuation and operators, e.g. {@code .} {@code (} {@code ||}. */
    OPERATOR,
    /** Text SQLite cannot tokenize; SQLite would reject it too. */
    ILLEGAL
  }

  boolean isWord(String keyword) {
    return kind == Kind.WORD && value.equalsIgnoreCase(keyword);
  }

  boolean isOperator(String op) {
    return kind == Kind.OPERATOR && value.equals(op);
  }

  /** The word in upper case (ASCII rules, as SQLite's keyword matching), or "" if not a word. */
  String keyword() {
    return kind == Kind.WORD ? value.toUpperCase(Locale.ROOT) : "";
  }

  /** Whether this token can name a schema object: a word, a quoted identifier or a string. */
  boolean isNameLike() {
    return kind == Kind.WORD || kind == Kind.QUOTED_ID || kind == Kind.STRING;
  }
}
