// domexception.js: DOMException (WebIDL).
//
// It extends Error so that it carries a stack and `instanceof Error` holds, as in browsers and
// workerd. `name` and `message` are own-state getters on the prototype; `code` comes from the
// legacy table for the names that have one (0 otherwise).

const domExceptionCodes = {
  __proto__: null,
  IndexSizeError: 1, HierarchyRequestError: 3, WrongDocumentError: 4, InvalidCharacterError: 5,
  NoModificationAllowedError: 7, NotFoundError: 8, NotSupportedError: 9, InvalidStateError: 11,
  SyntaxError: 12, InvalidModificationError: 13, NamespaceError: 14, InvalidAccessError: 15,
  TypeMismatchError: 17, SecurityError: 18, NetworkError: 19, AbortError: 20, URLMismatchError: 21,
  QuotaExceededError: 22, TimeoutError: 23, InvalidNodeTypeError: 24, DataCloneError: 25,
};

class DOMException extends $Error {
  #name;
  #message;
  constructor(message = "", options = "Error") {
    super();
    this.#message = $String(message);
    // The second argument is either a name or (newer spec) an options bag {name, cause}.
    if (options !== null && typeof options === "object") {
      this.#name = options.name === undefined ? "Error" : $String(options.name);
      if ("cause" in options) ObjectDefineProperty(this, "cause", dataDescriptor(options.cause, false));
    } else {
      this.#name = $String(options);
    }
  }
  get name() {
    return this.#name;
  }
  get message() {
    return this.#message;
  }
  get code() {
    return domExceptionCodes[this.#name] || 0;
  }
  static isDOMException(value) {
    return value !== null && typeof value === "object" && #name in value;
  }
}
setToStringTag(DOMException, "DOMException");
for (const name in domExceptionCodes) {
  // Legacy constants: DOMException.ABORT_ERR === 20, and so on.
  const constant = StringPrototypeToUpperCase(StringPrototypeReplace(name, /([a-z])([A-Z])/g, "$1_$2"));
  const key = StringPrototypeReplace(constant, /_ERROR$/, "_ERR");
  const desc = { __proto__: null, value: domExceptionCodes[name], writable: false, enumerable: true, configurable: false };
  ObjectDefineProperty(DOMException, key, desc);
  ObjectDefineProperty(DOMException.prototype, key, desc);
}
const isDOMException = DOMException.isDOMException;
delete DOMException.isDOMException;

function newDOMException(message, name) {
  return new DOMException(message, name);
}
