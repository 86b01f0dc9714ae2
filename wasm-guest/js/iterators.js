// iterators.js: the iterator objects WebIDL "iterable" declarations produce (Headers,
// URLSearchParams): a `next()` that re-reads the list at each step, so the iteration is live as
// in browsers, on a prototype inheriting from %IteratorPrototype% so that iterator helpers
// (where the engine has them) work.

const IteratorPrototype = ObjectGetPrototypeOf(ArrayIteratorPrototype);

// getPairs(target) returns the current [name, value] pairs; kind is "key", "value" or "key+value".
function defineListIterator(tag) {
  class ListIterator {
    #target;
    #getPairs;
    #kind;
    #index = 0;
    constructor(target, getPairs, kind) {
      this.#target = target;
      this.#getPairs = getPairs;
      this.#kind = kind;
    }
    next() {
      const pairs = this.#getPairs(this.#target);
      if (this.#index >= pairs.length) return { value: undefined, done: true };
      const pair = pairs[this.#index++];
      const kind = this.#kind;
      return { value: kind === "key" ? pair[0] : kind === "value" ? pair[1] : [pair[0], pair[1]], done: false };
    }
  }
  ObjectSetPrototypeOf(ListIterator.prototype, IteratorPrototype);
  setToStringTag(ListIterator, tag);
  return (target, getPairs, kind) => new ListIterator(target, getPairs, kind);
}

// Adds keys/values/entries/forEach/[Symbol.iterator] to a class, given getPairs(instance).
function defineIterableMethods(Class, tag, getPairs) {
  const makeIterator = defineListIterator(tag);
  const methods = {
    keys() {
      getPairs(this); // brand check
      return makeIterator(this, getPairs, "key");
    },
    values() {
      getPairs(this);
      return makeIterator(this, getPairs, "value");
    },
    entries() {
      getPairs(this);
      return makeIterator(this, getPairs, "key+value");
    },
    forEach(callback, thisArg = undefined) {
      if (typeof callback !== "function") throw new $TypeError("The \"callback\" argument must be a function.");
      for (let i = 0; ; i++) {
        const pairs = getPairs(this);
        if (i >= pairs.length) break;
        ReflectApply(callback, thisArg, [pairs[i][1], pairs[i][0], this]);
      }
    },
  };
  for (const name of ["keys", "values", "entries", "forEach"]) {
    ObjectDefineProperty(Class.prototype, name, { __proto__: null, value: methods[name], writable: true, enumerable: true, configurable: true });
  }
  ObjectDefineProperty(Class.prototype, SymbolIterator, { __proto__: null, value: methods.entries, writable: true, enumerable: false, configurable: true });
}
