package radicchio.engine.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Reads what the config loader needs from a JS module's text without a full parser: the module
 * specifiers it imports ({@code import x from "./a.js"}, {@code import "./a.js"},
 * {@code export * from "./a.js"}, {@code import("./a.js")} with a literal) and the names under
 * which it exports classes that extend {@code DurableObject}.
 *
 * <p>A small tokenizer skips comments, strings, template literals and regular-expression
 * literals, so commented-out or quoted code does not count. It is a heuristic, not a JS parser:
 * exotic forms (a DurableObject base reached through another variable, say) are not recognized.
 */
final class JsSourceScanner {
    /** An import specifier and the 1-based line it is on. */
    record Specifier(String value, int line) {}

    private enum Kind { WORD, STRING, PUNCT }

    private record Token(Kind kind, String text, int line) {
        boolean is(String s) {
            return kind != Kind.STRING && text.equals(s);
        }
    }

    /** Words after which a '/' starts a regular expression, not a division. */
    private static final Set<String> REGEX_AFTER_WORDS = Set.of("return", "typeof", "instanceof", "in", "of",
            "new", "delete", "void", "throw", "case", "do", "else", "yield", "await");

    private final List<Token> tokens;

    private JsSourceScanner(List<Token> tokens) {
        this.tokens = tokens;
    }

    static JsSourceScanner scan(String source) {
        return new JsSourceScanner(new Tokenizer(source).run());
    }

    /** The specifiers of static imports, re-exports and literal dynamic imports, in source order. */
    List<Specifier> importSpecifiers() {
        List<Specifier> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            Token t = tokens.get(i);
            if (t.is("import")) {
                Token next = at(i + 1);
                if (next == null || next.is(".")) {
                    continue; // import.meta
                }
                if (next.kind == Kind.STRING) {
                    out.add(new Specifier(next.text, next.line)); // import "./x.js"
                } else if (next.is("(")) {
                    Token arg = at(i + 2);
                    Token close = at(i + 3);
                    if (arg != null && arg.kind == Kind.STRING && close != null && (close.is(")") || close.is(","))) {
                        out.add(new Specifier(arg.text, arg.line));
                    }
                } else {
                    Specifier from = fromClause(i + 1);
                    if (from != null) {
                        out.add(from);
                    }
                }
            } else if (t.is("export")) {
                Token next = at(i + 1);
                if (next != null && (next.is("*") || next.is("{"))) {
                    Specifier from = fromClause(i + 1);
                    if (from != null) {
                        out.add(from);
                    }
                }
            }
        }
        return out;
    }

    /**
     * Names this module exports for classes declared {@code class X extends DurableObject}
     * (DurableObject, or a local alias of it imported from {@code cloudflare:workers}), either
     * declared with {@code export class} or listed in {@code export { X, Y as Z }}.
     */
    Set<String> exportedDurableObjectClasses() {
        Set<String> bases = new HashSet<>();
        bases.add("DurableObject");
        bases.addAll(localAliasesOf("DurableObject", "cloudflare:workers"));

        Set<String> durableClasses = new HashSet<>();
        Set<String> exported = new LinkedHashSet<>();
        for (int i = 0; i + 3 < tokens.size(); i++) {
            if (tokens.get(i).is("class") && tokens.get(i + 1).kind == Kind.WORD
                    && tokens.get(i + 2).is("extends") && bases.contains(tokens.get(i + 3).text)
                    && tokens.get(i + 3).kind == Kind.WORD) {
                Token after = at(i + 4);
                if (after != null && after.is(".")) {
                    continue; // extends DurableObject.something: not the base itself
                }
                String name = tokens.get(i + 1).text;
                durableClasses.add(name);
                if (i > 0 && tokens.get(i - 1).is("export")) {
                    exported.add(name);
                }
            }
        }
        // export { A, B as C } without a from clause: local names exported under other names.
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (!tokens.get(i).is("export") || !tokens.get(i + 1).is("{")) {
                continue;
            }
            int end = closingBrace(i + 1);
            Token afterList = at(end + 1);
            if (end < 0 || (afterList != null && afterList.is("from"))) {
                continue;
            }
            for (int j = i + 2; j < end; j++) {
                Token local = tokens.get(j);
                if (local.kind != Kind.WORD || !durableClasses.contains(local.text)) {
                    continue;
                }
                if (j + 2 < end && tokens.get(j + 1).is("as") && tokens.get(j + 2).kind == Kind.WORD) {
                    exported.add(tokens.get(j + 2).text);
                    j += 2;
                } else {
                    exported.add(local.text);
                }
            }
        }
        exported.remove("default");
        return exported;
    }

    /** Local names bound to {@code name} by {@code import { name as local } from "module"}. */
    private Set<String> localAliasesOf(String name, String module) {
        Set<String> aliases = new HashSet<>();
        for (int i = 0; i + 1 < tokens.size(); i++) {
            if (!tokens.get(i).is("import") || !tokens.get(i + 1).is("{")) {
                continue;
            }
            int end = closingBrace(i + 1);
            if (end < 0 || at(end + 1) == null || !at(end + 1).is("from")) {
                continue;
            }
            Token source = at(end + 2);
            if (source == null || source.kind != Kind.STRING || !source.text.equals(module)) {
                continue;
            }
            for (int j = i + 2; j + 2 < end; j++) {
                if (tokens.get(j).is(name) && tokens.get(j + 1).is("as")) {
                    aliases.add(tokens.get(j + 2).text);
                }
            }
        }
        return aliases;
    }

    /** From token {@code start}, the {@code from "x"} that closes an import/export clause, or null. */
    private Specifier fromClause(int start) {
        // Clause tokens are words, braces, commas, '*' and 'as'; anything else means this was not
        // an import/export-from statement (e.g. "export { x };" followed by other code).
        for (int i = start; i < tokens.size() && i < start + 2000; i++) {
            Token t = tokens.get(i);
            if (t.is("from")) {
                Token s = at(i + 1);
                return s != null && s.kind == Kind.STRING ? new Specifier(s.text, s.line) : null;
            }
            boolean clausePart = t.kind == Kind.WORD || t.is("{") || t.is("}") || t.is(",") || t.is("*")
                    || (t.kind == Kind.STRING && i > start); // export { "a-b" as c } from ...
            if (!clausePart) {
                return null;
            }
        }
        return null;
    }

    private int closingBrace(int open) {
        for (int i = open + 1; i < tokens.size(); i++) {
            if (tokens.get(i).is("}")) {
                return i;
            }
            if (tokens.get(i).is("{")) {
                return -1;
            }
        }
        return -1;
    }

    private Token at(int i) {
        return i >= 0 && i < tokens.size() ? tokens.get(i) : null;
    }

    /** Splits JS text into words, string literals (their raw contents) and punctuation. */
    private static final class Tokenizer {
        private final String s;
        private final List<Token> out = new ArrayList<>();
        /** For each open template substitution, the brace depth at which it closes. */
        private final List<Integer> templateDepths = new ArrayList<>();
        private int pos;
        private int line = 1;
        private int braceDepth;

        Tokenizer(String s) {
            this.s = s;
        }

        List<Token> run() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\n') {
                    line++;
                    pos++;
                } else if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '/' && peek(1) == '/') {
                    while (pos < s.length() && s.charAt(pos) != '\n') {
                        pos++;
                    }
                } else if (c == '/' && peek(1) == '*') {
                    int end = s.indexOf("*/", pos + 2);
                    int stop = end < 0 ? s.length() : end + 2;
                    countLines(pos, stop);
                    pos = stop;
                } else if (c == '"' || c == '\'') {
                    quoted(c);
                } else if (c == '`') {
                    pos++;
                    template();
                } else if (c == '/' && regexCanStartHere()) {
                    regex();
                } else if (isWordChar(c)) {
                    int start = pos;
                    while (pos < s.length() && isWordChar(s.charAt(pos))) {
                        pos++;
                    }
                    out.add(new Token(Kind.WORD, s.substring(start, pos), line));
                } else if (c == '}' && !templateDepths.isEmpty()
                        && templateDepths.get(templateDepths.size() - 1) == braceDepth) {
                    templateDepths.remove(templateDepths.size() - 1);
                    pos++;
                    template(); // the rest of the template after ${...}
                } else {
                    if (c == '{') {
                        braceDepth++;
                    } else if (c == '}') {
                        braceDepth--;
                    }
                    out.add(new Token(Kind.PUNCT, String.valueOf(c), line));
                    pos++;
                }
            }
            return out;
        }

        private void quoted(char quote) {
            int startLine = line;
            StringBuilder value = new StringBuilder();
            pos++;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == quote) {
                    pos++;
                    break;
                }
                if (c == '\\' && pos + 1 < s.length()) {
                    if (s.charAt(pos + 1) == '\n') {
                        line++;
                    }
                    value.append(s.charAt(pos + 1));
                    pos += 2;
                    continue;
                }
                if (c == '\n') {
                    line++;
                    pos++;
                    break; // unterminated: stop at the line end, as JS would fail there
                }
                value.append(c);
                pos++;
            }
            out.add(new Token(Kind.STRING, value.toString(), startLine));
        }

        /** Skips template text up to the closing backtick or the next ${ (pushed as open). */
        private void template() {
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\\') {
                    pos += 2;
                } else if (c == '`') {
                    pos++;
                    out.add(new Token(Kind.STRING, "", line)); // a value, for the regex heuristic
                    return;
                } else if (c == '$' && peek(1) == '{') {
                    pos += 2;
                    templateDepths.add(braceDepth);
                    return;
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    pos++;
                }
            }
        }

        private void regex() {
            pos++;
            boolean inClass = false;
            while (pos < s.length()) {
                char c = s.charAt(pos);
                if (c == '\n') {
                    return; // not a regex after all; resume on the next line
                }
                if (c == '\\') {
                    pos += 2;
                    continue;
                }
                pos++;
                if (c == '[') {
                    inClass = true;
                } else if (c == ']') {
                    inClass = false;
                } else if (c == '/' && !inClass) {
                    break;
                }
            }
            while (pos < s.length() && isWordChar(s.charAt(pos))) {
                pos++; // flags
            }
            out.add(new Token(Kind.STRING, "", line));
        }

        private boolean regexCanStartHere() {
            if (out.isEmpty()) {
                return true;
            }
            Token prev = out.get(out.size() - 1);
            if (prev.kind == Kind.STRING) {
                return false;
            }
            if (prev.kind == Kind.WORD) {
                return REGEX_AFTER_WORDS.contains(prev.text);
            }
            return !(prev.text.equals(")") || prev.text.equals("]") || prev.text.equals("}"));
        }

        private char peek(int ahead) {
            int i = pos + ahead;
            return i < s.length() ? s.charAt(i) : '\0';
        }

        private void countLines(int from, int to) {
            for (int i = from; i < to; i++) {
                if (s.charAt(i) == '\n') {
                    line++;
                }
            }
        }

        private static boolean isWordChar(char c) {
            return Character.isLetterOrDigit(c) || c == '_' || c == '$';
        }
    }
}
