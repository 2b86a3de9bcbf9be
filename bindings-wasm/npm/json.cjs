'use strict';
// JavaScript values to JSON text, strictly, for the audit functions.
//
// The audit functions hash and store what they are given, so nothing may be
// guessed. JSON.stringify guesses: it drops `undefined` and functions from
// objects (null in arrays), writes NaN and Infinity as null, turns a Date
// into a string and a Map into {}, and throws a bare TypeError on a BigInt or
// a cycle. Here each of those is a `config` error instead, and the value is
// read exactly once (getters are not called twice).
//
// What is accepted: null, booleans, finite numbers, strings, arrays and plain
// objects (prototype Object.prototype or null, from any realm). A lone
// surrogate in a string or key becomes U+FFFD, as every UTF-8 encoder in
// Node does and as the core does with decoded text.
//
// Numbers: an integer whose digits fit a 64-bit integer is written as
// JSON.stringify writes it (`65`, not `65.0`; past 2^53 the shortest digits
// that read back as the same double, e.g. 2 ** 60 as 1152921504606847000):
// the text a JavaScript app sends, hashed as any host hashes that text. Any
// other number crosses beside the text, as the exact double, with `-0` written in
// its place: serde_json's float reader is off by one unit in the last place
// for some numbers (1.0163890783499605e+153), and its exact mode adds 50 KB to
// the .wasm. A real -0 is an integer and is written `0`, so `-0` in the text
// is always a placeholder; src/audit.rs puts the doubles back in text order.
//
// Messages name the argument and the JavaScript type, and for the parameter
// objects (attempt, options, policy) the top-level key, which is a column or
// option name. They never name a deeper key or any value: either may be a
// secret or a patient identifier.

/** serde_json reads 127 nested arrays/objects and no more (src/audit.rs pins it). */
const MAX_DEPTH = 127;

class NotJson extends Error {}

// Doubles strictly inside these are integers whose String() digits serde_json
// reads as an i64 or u64 (String(-(2 ** 63)) rounds to digits below i64).
const MIN_I64 = -(2 ** 63);
const MAX_U64 = 2 ** 64;

function typeName(value) {
  if (value === null) return 'null';
  if (typeof value !== 'object') return typeof value;
  const tag = Object.prototype.toString.call(value).slice(8, -1);
  if (tag !== 'Object') return tag; // Date, Map, Set, Uint8Array, RegExp, ...
  const name = value.constructor?.name;
  return typeof name === 'string' && name !== '' && name !== 'Object' ? `${name} instance` : 'object';
}

// What to do instead, for the usual suspects.
const CONVERT = {
  Date: 'convert it first, e.g. date.toISOString()',
  Map: 'convert it first, e.g. Object.fromEntries(map)',
  Set: 'convert it first, e.g. [...set]',
  Uint8Array: 'pass the text, e.g. buffer.toString()',
};

function isPlainObject(value) {
  const proto = Object.getPrototypeOf(value);
  return proto === null || Object.getPrototypeOf(proto) === null;
}

// Node 20 has String.prototype.isWellFormed; Node 18 does not.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const wellFormed =
  typeof String.prototype.isWellFormed === 'function'
    ? (text) => (text.isWellFormed() ? text : text.toWellFormed())
    : (text) => text.replace(LONE_SURROGATE, '\ufffd');

const quote = (text) => JSON.stringify(wellFormed(text));

/**
 * The JSON text of `value`, or a NotJson error whose message is complete but
 * for the argument's name. With `parameters`, `value` is a parameter object
 * whose top-level `undefined` values mean "not given" (sent as null, which
 * the core reads as absent; an unknown key stays visible to the core).
 *
 * One pass, building the text by concatenation (V8 ropes): about 4x the time
 * of JSON.stringify, 13 ms on the 1 MB reference list, small beside the
 * core's own work on it. Cycles are looked for only when the depth limit is
 * hit, which every cycle hits, so ordinary values pay nothing for the check.
 */
function writeJson(value, parameters, numbers, inlineNumbers) {
  const ancestors = [];
  let topKey;

  const fail = (problem, depth) => {
    const where = topKey === undefined ? '' : `${topKey}: `;
    const inside = depth > (topKey === undefined ? 0 : 1) ? ` (at depth ${depth})` : '';
    throw new NotJson(`${where}${problem}${inside}`);
  };

  // `inArray`: whether `item` is an array element (for the hint on undefined).
  const write = (item, depth, inArray) => {
    switch (typeof item) {
      case 'string':
        return quote(item);
      case 'number':
        if (!Number.isFinite(item)) fail(`${item} is not a JSON number (only finite numbers are)`, depth);
        if (inlineNumbers || (Number.isInteger(item) && item > MIN_I64 && item < MAX_U64)) return String(item);
        numbers.push(item);
        return '-0';
      case 'boolean':
        return item ? 'true' : 'false';
      case 'undefined':
        if (inArray) fail('undefined (or a hole) in an array is not a JSON value (use null)', depth);
        return fail(depth > 0 ? 'undefined is not a JSON value (use null, or leave the key out)' : 'undefined is not a JSON value', depth);
      case 'bigint':
        return fail('a BigInt is not accepted (results come back as JS numbers; pass a number or a string)', depth);
      case 'object':
        break;
      default: // function, symbol
        return fail(`a ${typeof item} is not a JSON value`, depth);
    }
    if (item === null) return 'null';
    ancestors[depth] = item;
    if (depth >= MAX_DEPTH) {
      const path = ancestors.slice(0, depth + 1);
      if (new Set(path).size < path.length) fail('a cyclic structure is not JSON', 0);
      fail(`nested deeper than ${MAX_DEPTH} levels`, depth);
    }
    if (Array.isArray(item)) {
      let text = '[';
      for (let i = 0; i < item.length; i++) {
        if (i > 0) text += ',';
        // A hole reads as undefined and is refused like one.
        text += write(item[i], depth + 1, true);
      }
      return `${text}]`;
    }
    if (!isPlainObject(item)) {
      const type = typeName(item);
      return fail(`a ${type} is not a JSON value (${CONVERT[type] ?? 'pass a plain object'})`, depth);
    }
    const symbols = Object.getOwnPropertySymbols(item);
    if (symbols.length > 0 && symbols.some((s) => Object.prototype.propertyIsEnumerable.call(item, s))) {
      fail('an object with symbol keys is not JSON', depth);
    }
    let text = '{';
    let first = true;
    for (const key of Object.keys(item)) {
      if (depth === 0 && parameters) topKey = key;
      let member = item[key];
      if (member === undefined && depth === 0 && parameters) member = null;
      text += `${first ? '' : ','}${quote(key)}:${write(member, depth + 1, false)}`;
      first = false;
    }
    if (depth === 0) topKey = undefined;
    return `${text}}`;
  };

  return write(value, 0, false);
}

// The name of what a getter threw, never its message (user code wrote it).
function describe(thrown) {
  try {
    return thrown instanceof Error ? `a ${thrown.name}` : `a ${typeof thrown}`;
  } catch {
    return 'an exception';
  }
}

/**
 * `{ text, numbers }` of `value` for the core (numbers: the doubles that
 * cross beside the text, a Float64Array), or throws `makeError(message)`
 * naming `what`. With `inlineNumbers`, every number is written in the text
 * as JSON.stringify writes it (for text the core keeps verbatim, such as an
 * eRekam Medis bundle) and `numbers` stays empty. A getter or proxy that throws becomes the same error (with
 * the original as `cause`), never a different exception.
 */
function jsonArgument(value, what, makeError, { parameters = false, inlineNumbers = false } = {}) {
  try {
    const numbers = [];
    const text = writeJson(value, parameters, numbers, inlineNumbers);
    return { text, numbers: Float64Array.from(numbers) };
  } catch (err) {
    if (err instanceof NotJson) throw makeError(`${what}: ${err.message}`);
    const error = makeError(`${what}: could not be read (a getter or proxy threw ${describe(err)})`);
    error.cause = err;
    throw error;
  }
}

module.exports = { jsonArgument, MAX_DEPTH };
