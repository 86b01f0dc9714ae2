// console.js: the console object. Each call formats one line (printf-style %s %d %i %f %j %o %O
// %c %% in a leading string, then the remaining arguments inspected and joined by spaces) and
// sends it to the host with natives.log(level, line). Levels: 0 debug, 1 log/info, 2 warn,
// 3 error.

const LOG_DEBUG = 0;
const LOG_INFO = 1;
const LOG_WARN = 2;
const LOG_ERROR = 3;

let consoleGroupIndent = "";

function consoleWrite(level, text) {
  if (consoleGroupIndent !== "") {
    text = consoleGroupIndent + ArrayPrototypeJoin(StringPrototypeSplit(text, "\n"), "\n" + consoleGroupIndent);
  }
  // The host reads UTF-8: lone surrogates become U+FFFD here rather than invalid bytes there.
  nativeLog(level, StringPrototypeToWellFormed(text));
}

function formatArg(arg) {
  return typeof arg === "string" ? arg : inspect(arg);
}

function formatLogArgs(args) {
  let out = "";
  let next = 0;
  if (args.length > 0 && typeof args[0] === "string") {
    const format = args[0];
    next = 1;
    let last = 0;
    for (let i = 0; i < format.length - 1; i++) {
      if (StringPrototypeCharCodeAt(format, i) !== 0x25) continue; // '%'
      const spec = format[i + 1];
      let piece;
      if (spec === "%") {
        piece = "%";
      } else if (next < args.length && StringPrototypeIncludes("sdifjoOc", spec)) {
        const arg = args[next++];
        switch (spec) {
          case "s":
            piece = typeof arg === "string" ? arg : typeof arg === "bigint" ? BigIntPrototypeToString(arg) + "n" :
              typeof arg === "symbol" ? SymbolPrototypeToString(arg) :
              arg !== null && typeof arg === "object" ? inspect(arg, { depth: 0 }) : formatPrimitive(arg, false);
            break;
          case "d":
          case "i":
            if (typeof arg === "bigint") piece = BigIntPrototypeToString(arg) + "n";
            else if (typeof arg === "symbol") piece = "NaN";
            else piece = formatNumber(spec === "i" ? MathTrunc($Number(arg)) : $Number(arg));
            break;
          case "f":
            piece = typeof arg === "symbol" ? "NaN" : formatNumber(NumberParseFloat(arg));
            break;
          case "j":
            try {
              piece = JSONStringify(arg);
            } catch {
              piece = "[Circular]";
            }
            break;
          case "o":
            piece = inspect(arg, { depth: 4 });
            break;
          case "O":
            piece = inspect(arg);
            break;
          case "c":
            piece = ""; // CSS has no meaning in a log line
            break;
        }
      } else {
        continue;
      }
      out += StringPrototypeSlice(format, last, i) + piece;
      last = i + 2;
      i++;
    }
    out += StringPrototypeSlice(format, last);
  }
  for (; next < args.length; next++) {
    out += (out === "" && next === 0 ? "" : " ") + formatArg(args[next]);
  }
  return out;
}

// Runs a console method so that a formatter failure (a hostile getter, a Proxy) never escapes to
// the worker's call site.
function consoleLog(level, args) {
  let text;
  try {
    text = formatLogArgs(args);
  } catch (e) {
    text = "[console: could not format the arguments: " + safeString(e) + "]";
  }
  consoleWrite(level, text);
}

// For errors nobody caught: "Name: message\n    at ..." for errors, inspect() for the rest.
function formatUncaught(error) {
  try {
    if (isErrorObject(error)) return errorHeadline(error);
    return inspect(error);
  } catch {
    return "an error that could not be formatted";
  }
}

const consoleCounts = newSafeMap();
const consoleTimers = newSafeMap();

const console = {
  log(...args) {
    consoleLog(LOG_INFO, args);
  },
  info(...args) {
    consoleLog(LOG_INFO, args);
  },
  debug(...args) {
    consoleLog(LOG_DEBUG, args);
  },
  warn(...args) {
    consoleLog(LOG_WARN, args);
  },
  error(...args) {
    consoleLog(LOG_ERROR, args);
  },
  trace(...args) {
    const stack = new $Error().stack;
    let text = "Trace";
    try {
      const message = formatLogArgs(args);
      if (message !== "") text += ": " + message;
    } catch {}
    // Drop our own frame (the first line).
    const lines = StringPrototypeSplit(typeof stack === "string" ? stack : "", "\n");
    ArrayPrototypeSplice(lines, 0, 1);
    consoleWrite(LOG_INFO, text + (lines.length ? "\n" + ArrayPrototypeJoin(lines, "\n") : ""));
  },
  assert(condition, ...args) {
    if (condition) return;
    if (args.length > 0 && typeof args[0] === "string") args[0] = "Assertion failed: " + args[0];
    else ArrayPrototypeSplice(args, 0, 0, "Assertion failed");
    consoleLog(LOG_ERROR, args);
  },
  dir(value, options = undefined) {
    let text;
    try {
      text = inspect(value, options);
    } catch (e) {
      text = "[console: could not format the value: " + safeString(e) + "]";
    }
    consoleWrite(LOG_INFO, text);
  },
  dirxml(...args) {
    consoleLog(LOG_INFO, args);
  },
  table(...args) {
    // No table layout: the data as inspect() shows it.
    consoleLog(LOG_INFO, args);
  },
  count(label = "default") {
    label = $String(label);
    const n = (consoleCounts.get(label) || 0) + 1;
    consoleCounts.set(label, n);
    consoleWrite(LOG_INFO, label + ": " + n);
  },
  countReset(label = "default") {
    consoleCounts.delete($String(label));
  },
  time(label = "default") {
    label = $String(label);
    if (consoleTimers.has(label)) {
      consoleWrite(LOG_WARN, `Warning: Label '${label}' already exists for console.time()`);
      return;
    }
    consoleTimers.set(label, performanceNow());
  },
  timeLog(label = "default", ...args) {
    label = $String(label);
    const start = consoleTimers.get(label);
    if (start === undefined) {
      consoleWrite(LOG_WARN, `Warning: No such label '${label}' for console.timeLog()`);
      return;
    }
    const extra = args.length ? " " + formatLogArgs(args) : "";
    consoleWrite(LOG_INFO, `${label}: ${formatDuration(performanceNow() - start)}${extra}`);
  },
  timeEnd(label = "default") {
    label = $String(label);
    const start = consoleTimers.get(label);
    if (start === undefined) {
      consoleWrite(LOG_WARN, `Warning: No such label '${label}' for console.timeEnd()`);
      return;
    }
    consoleTimers.delete(label);
    consoleWrite(LOG_INFO, `${label}: ${formatDuration(performanceNow() - start)}`);
  },
  group(...args) {
    if (args.length) consoleLog(LOG_INFO, args);
    consoleGroupIndent += "  ";
  },
  groupCollapsed(...args) {
    if (args.length) consoleLog(LOG_INFO, args);
    consoleGroupIndent += "  ";
  },
  groupEnd() {
    consoleGroupIndent = StringPrototypeSlice(consoleGroupIndent, 0, -2);
  },
};

function formatDuration(ms) {
  return ms >= 1000 ? NumberPrototypeToFixed(ms / 1000, 3) + "s" : NumberPrototypeToFixed(ms, 3) + "ms";
}

// Methods use no `this`: `const { log } = console; log(1)` works, as in browsers.
ObjectDefineProperty(console, SymbolToStringTag, { __proto__: null, value: "console", configurable: true });
