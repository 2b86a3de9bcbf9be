#!/usr/bin/env node
// Writes tests/vectors/vectors.json, the conformance vectors that the Rust,
// Python, PHP and Node suites all load, so the four hosts cannot drift apart.
//
//   node generate.mjs           regenerate vectors.json
//   node generate.mjs --check   regenerate in memory; exit 1 if the committed file differs
//
// Ciphertexts come from the reference implementation (npm lz-string 1.5.0 +
// node:crypto). Expected results follow OUR decoding policy (SPEC.md section 3),
// computed by the small policy decoder below; where the reference behaves
// differently on bad input, its own answer is recorded in `reference` for
// comparison. Every case states the outcome it was written for, and the generator
// stops if the computed outcome differs, so a wrong expectation cannot slip in
// silently. Everything is deterministic (seeded PRNG, fixed keys): re-running
// produces a byte-identical file.

import { createCipheriv, createDecipheriv, createHash, createHmac } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "vectors.json");
const REFERENCE_VERSION = "1.5.0";

// ---------------------------------------------------------------------------
// The reference, pinned: a different lz-string would silently change vectors.

function fail(message) {
  process.stderr.write(`generate.mjs: ${message}\n`);
  process.exit(1);
}

let LZString;
try {
  const require = createRequire(import.meta.url);
  const version = require("lz-string/package.json").version;
  if (version !== REFERENCE_VERSION) {
    fail(`lz-string ${version} is installed, the vectors need exactly ${REFERENCE_VERSION}: run 'npm ci' in tests/vectors`);
  }
  LZString = require("lz-string");
} catch (err) {
  if (err && err.code === "MODULE_NOT_FOUND") {
    fail("tests/vectors/node_modules is missing: run 'npm ci' in tests/vectors (or 'make bootstrap')");
  }
  throw err;
}

// ---------------------------------------------------------------------------
// Fixed, made-up credentials (never values from public documents).

const CONS_ID = "1000";
const SECRET = "S3cr3tSim";
const TIMESTAMP = "1732406400";
const USER_KEY = "uk0000simulasi0000";
const USERNAME = "dokter.simulasi";
const PASSWORD = "Sandi#Sim2024";
const DEFAULT_MAX_OUTPUT = 33554432; // 32 Mi UTF-16 code units

const LZ_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";

function check(condition, message) {
  if (!condition) throw new Error(`generator self-check failed: ${message}`);
}

// ---------------------------------------------------------------------------
// Seeded PRNG (mulberry32): made-up data that is the same on every run.

function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(0x42504a53); // "BPJS"
const randInt = (n) => Math.floor(rand() * n);
const pick = (list) => list[randInt(list.length)];

// ---------------------------------------------------------------------------
// Crypto layer (the protocol, SPEC.md section 2).

function deriveKey(keyMaterial) {
  const k = createHash("sha256").update(Buffer.from(keyMaterial, "utf8")).digest();
  return { key: k, iv: k.subarray(0, 16) };
}

// Encrypts raw bytes; with autoPadding false the caller supplies whole blocks,
// which is how the bad-padding vectors are built.
function encryptBytes(keyMaterial, bytes, autoPadding = true) {
  const { key, iv } = deriveKey(keyMaterial);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  cipher.setAutoPadding(autoPadding);
  return Buffer.concat([cipher.update(bytes), cipher.final()]).toString("base64");
}

function encryptText(keyMaterial, text) {
  return encryptBytes(keyMaterial, Buffer.from(text, "utf8"));
}

function compressAndEncrypt(consId, secret, timestamp, text) {
  return encryptText(consId + secret + timestamp, LZString.compressToEncodedURIComponent(text));
}

function signature(consId, secret, timestamp) {
  return createHmac("sha256", Buffer.from(secret, "utf8"))
    .update(Buffer.from(`${consId}&${timestamp}`, "utf8"))
    .digest("base64");
}

// ---------------------------------------------------------------------------
// Policy decoder: our decoding policy (SPEC.md section 3), written out in full so
// that each expectation is computed, not typed in by hand.

class PolicyError extends Error {
  constructor(kind, { notText = false } = {}) {
    super(kind);
    this.kind = kind;
    this.notText = notText;
  }
}

// ASCII whitespace as WHATWG defines it (tab, LF, FF, CR, space). The vectors use
// only space, tab, CR and LF, on which every definition agrees.
const B64_WHITESPACE = /[\t\n\f\r ]/g;
const B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

function policyBase64(text) {
  let s = text.replace(B64_WHITESPACE, "");
  const pads = s.length - s.replace(/=+$/, "").length;
  s = s.slice(0, s.length - pads);
  if (!/^[A-Za-z0-9+/]*$/.test(s)) throw new PolicyError("base64");
  if (s.length % 4 === 1) throw new PolicyError("base64");
  // Padding is optional, but when present it must be the padding of this length.
  if (pads > 0 && (s.length + pads) % 4 !== 0) throw new PolicyError("base64");
  const bytes = [];
  let acc = 0;
  let nbits = 0;
  for (const ch of s) {
    acc = (acc << 6) | B64_ALPHABET.indexOf(ch);
    nbits += 6;
    if (nbits >= 8) {
      nbits -= 8;
      bytes.push((acc >> nbits) & 0xff);
      acc &= (1 << nbits) - 1;
    }
  }
  // Leftover bits (non-canonical trailing bits) are ignored, as policy says.
  return Buffer.from(bytes);
}

const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

// The AES layer: what decrypt(key_material, ciphertext) returns or fails with.
function policyDecrypt(keyMaterial, ciphertext) {
  const raw = policyBase64(ciphertext);
  if (raw.length === 0 || raw.length % 16 !== 0) throw new PolicyError("cipher_length");
  const { key, iv } = deriveKey(keyMaterial);
  const decipher = createDecipheriv("aes-256-cbc", key, iv);
  decipher.setAutoPadding(false);
  const blocks = Buffer.concat([decipher.update(raw), decipher.final()]);
  const n = blocks[blocks.length - 1];
  if (n < 1 || n > 16) throw new PolicyError("padding");
  for (let i = blocks.length - n; i < blocks.length; i++) {
    if (blocks[i] !== n) throw new PolicyError("padding");
  }
  try {
    return UTF8.decode(blocks.subarray(0, blocks.length - n));
  } catch {
    // Not UTF-8 behind valid padding: the AES-only decrypt() must return text,
    // so it reports the wrong-key symptom (padding); the full pipeline hands
    // the bytes to the lz layer, whose alphabet check says lz_invalid_char.
    throw new PolicyError("padding", { notText: true });
  }
}

// Does the padding itself (not only the UTF-8 check) reject this key? Used to pick
// wrong-key vectors that fail for the reason they claim to.
function paddingRejects(keyMaterial, ciphertext) {
  const raw = policyBase64(ciphertext);
  const { key, iv } = deriveKey(keyMaterial);
  const decipher = createDecipheriv("aes-256-cbc", key, iv);
  decipher.setAutoPadding(false);
  const blocks = Buffer.concat([decipher.update(raw), decipher.final()]);
  const n = blocks[blocks.length - 1];
  if (n < 1 || n > 16) return true;
  for (let i = blocks.length - n; i < blocks.length; i++) if (blocks[i] !== n) return true;
  return false;
}

// The lz layer, mirroring the reference's _decompress step by step, with an error
// where the reference returns "", null, or garbage.
function policyLz(input, maxOutput = DEFAULT_MAX_OUTPUT) {
  if (input.length === 0) throw new PolicyError("lz_empty");
  const s = input.replace(/ /g, "+");
  const values = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const v = LZ_ALPHABET.indexOf(s[i]);
    if (v < 0) throw new PolicyError("lz_invalid_char");
    values[i] = v & 63; // "$" is index 64: the reference's 6-bit reader sees 0 bits
  }
  const length = s.length;
  let val = values[0];
  let position = 32;
  let index = 1;
  const readBits = (n) => {
    let bits = 0;
    for (let power = 1; power !== 1 << n; power <<= 1) {
      const resb = val & position;
      position >>= 1;
      if (position === 0) {
        position = 32;
        val = index < length ? values[index] : 0; // past the end reads as zeros
        index++;
      }
      if (resb > 0) bits |= power;
    }
    return bits;
  };

  const out = [];
  let outUnits = 0;
  const emit = (str) => {
    outUnits += str.length;
    if (outUnits > maxOutput) throw new PolicyError("output_limit");
    out.push(str);
  };

  const dictionary = [];
  let dictSize = 4;
  let numBits = 3;
  let enlargeIn = 4;
  let c;
  const first = readBits(2);
  if (first === 0) c = String.fromCharCode(readBits(8));
  else if (first === 1) c = String.fromCharCode(readBits(16));
  else if (first === 2) return "";
  else throw new PolicyError("lz_corrupt"); // first code 3: the reference goes on with `undefined`
  dictionary[3] = c;
  let w = c;
  emit(c);
  for (;;) {
    if (index > length) throw new PolicyError("lz_truncated");
    let code = readBits(numBits);
    if (code === 0 || code === 1) {
      dictionary[dictSize++] = String.fromCharCode(readBits(code === 0 ? 8 : 16));
      code = dictSize - 1;
      enlargeIn--;
    } else if (code === 2) {
      return out.join("").toWellFormed();
    }
    if (enlargeIn === 0) {
      enlargeIn = 1 << numBits;
      numBits++;
    }
    let entry;
    if (code < dictSize) entry = dictionary[code];
    else if (code === dictSize) entry = w + w.charAt(0);
    else throw new PolicyError("lz_corrupt"); // the reference returns null
    emit(entry);
    dictionary[dictSize++] = w + entry.charAt(0);
    enlargeIn--;
    w = entry;
    if (enlargeIn === 0) {
      enlargeIn = 1 << numBits;
      numBits++;
    }
  }
}

function outcome(fn) {
  try {
    return { value: fn() };
  } catch (err) {
    if (err instanceof PolicyError) return { error: err.kind, notText: err.notText };
    throw err;
  }
}

// What the reference returned. Strings are stored well-formed (lone surrogates as
// U+FFFD) because a lone surrogate escape makes some JSON parsers (PHP's
// json_decode, serde_json) reject the whole file.
function referenceLz(input) {
  let r;
  try {
    r = LZString.decompressFromEncodedURIComponent(input);
  } catch {
    return { raw: undefined, recorded: "throws" };
  }
  return { raw: r, recorded: typeof r === "string" ? r.toWellFormed() : r };
}

// Which `response` strings are ciphertext (docs/decoding.md): the longest run of
// non-whitespace characters is at least 22 (one AES block in base64 without
// padding), and at most 1 in 16 non-whitespace characters is outside
// A-Z a-z 0-9 + / = - _ % (base64, URL-safe base64, URL encoding). Characters are
// counted as code points, as the core counts chars.
const MIN_CIPHERTEXT_RUN = 22;
const MAX_FOREIGN_ONE_IN = 16;
function isCiphertext(response) {
  const words = response.split(/[\t\n\f\r ]/);
  const longest = Math.max(...words.map((w) => [...w].length));
  const chars = [...words.join("")];
  const foreign = chars.filter((ch) => !/^[A-Za-z0-9+/=_%-]$/.test(ch)).length;
  return longest >= MIN_CIPHERTEXT_RUN && foreign * MAX_FOREIGN_ONE_IN <= chars.length;
}

// process_wrapper on one `response` string: "passthrough", the decoded text, or a PolicyError.
function policyResponse(keyMaterialText, response, maxOutput = DEFAULT_MAX_OUTPUT) {
  if (!isCiphertext(response)) return { passthrough: true };
  const aes = outcome(() => policyDecrypt(keyMaterialText, response));
  if (aes.notText) throw new PolicyError("lz_invalid_char");
  if (aes.error) throw new PolicyError(aes.error);
  const text = policyLz(aes.value, maxOutput);
  if (!isOneJsonValue(text)) throw new PolicyError("json");
  return { text };
}

function isOneJsonValue(text) {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

// Bit writer in the reference's layout: 6 bits per character, most significant bit
// first; each code written least significant bit first. Builds hand-made streams.
function lzBits(codes) {
  let out = "";
  let acc = 0;
  let n = 0;
  for (const [value, nbits] of codes) {
    for (let i = 0; i < nbits; i++) {
      acc = (acc << 1) | ((value >> i) & 1);
      if (++n === 6) {
        out += LZ_ALPHABET[acc];
        acc = 0;
        n = 0;
      }
    }
  }
  if (n > 0) out += LZ_ALPHABET[acc << (6 - n)];
  return out;
}

// ---------------------------------------------------------------------------
// Made-up but realistic data.

const SYLLABLES = ["ka", "la", "ma", "ra", "si", "tu", "pa", "nga", "wi", "do", "be", "ri",
  "su", "ta", "ne", "ku", "ja", "ha", "lo", "mi", "se", "pu", "ro", "ga", "te", "nyi", "ba", "di"];
const DIAG_HEADS = ["Demam", "Infeksi", "Radang", "Gangguan", "Luka", "Nyeri", "Tumor", "Kelainan",
  "Penyakit", "Sindrom", "Cedera", "Pembengkakan", "Perdarahan", "Keracunan", "Alergi"];
const DIAG_TAILS = ["Akut", "Kronis", "Berulang", "Ringan", "Berat", "Tanpa Komplikasi",
  "Dengan Komplikasi", "Lainnya", "Tidak Spesifik", "pada Anak", "Bawaan", "Sekunder"];

function madeUpWord() {
  let w = "";
  const n = 2 + randInt(3);
  for (let i = 0; i < n; i++) w += pick(SYLLABLES);
  return w[0].toUpperCase() + w.slice(1);
}

function diagnosisList(targetBytes) {
  const list = [];
  let bytes = '{"count":00000,"list":[]}'.length;
  let slot = 0;
  for (;;) {
    slot += 1 + randInt(2);
    const letter = String.fromCharCode(65 + Math.floor(slot / 1000) % 26);
    const num = String(Math.floor(slot / 10) % 100).padStart(2, "0");
    let name = `${pick(DIAG_HEADS)} ${madeUpWord()}`;
    if (rand() < 0.4) name += ` ${madeUpWord()}`;
    if (rand() < 0.6) name += ` ${pick(DIAG_TAILS)}`;
    const entry = { kdDiag: `${letter}${num}.${slot % 10}`, nmDiag: name, nonSpesialis: rand() < 0.3 };
    const size = JSON.stringify(entry).length + (list.length > 0 ? 1 : 0);
    if (bytes + size > targetBytes) break;
    list.push(entry);
    bytes += size;
  }
  return JSON.stringify({ count: list.length, list });
}

function lowRedundancyJson(targetBytes) {
  const digits = "0123456789abcdefghijklmnopqrstuvwxyz";
  const data = [];
  let bytes = '{"keterangan":"data acak base36","data":[]}'.length;
  for (;;) {
    let s = "";
    for (let i = 0; i < 200; i++) s += digits[randInt(36)];
    const size = s.length + 2 + (data.length > 0 ? 1 : 0);
    if (bytes + size > targetBytes) break;
    data.push(s);
    bytes += size;
  }
  return JSON.stringify({ keterangan: "data acak base36", data });
}

const PESERTA = {
  peserta: {
    cob: { nmAsuransi: null, noAsuransi: null, tglTAT: null, tglTMT: null },
    hakKelas: { keterangan: "KELAS I", kode: "1" },
    informasi: { dinsos: null, noSKTM: null, prolanisPRB: null },
    jenisPeserta: { keterangan: "PEGAWAI SWASTA", kode: "13" },
    mr: { noMR: "000123", noTelepon: "080000000001" },
    nama: "SITI NURHALIZA SIMULASI",
    nik: "3200000000000001",
    noKartu: "0000000000001",
    pisa: "1",
    provUmum: { kdProvider: "0000U001", nmProvider: "Puskesmas Kecamatan Cempaka Putih" },
    sex: "P",
    statusPeserta: { keterangan: "AKTIF", kode: "0" },
    tglCetakKartu: "2017-08-12",
    tglLahir: "1985-05-20",
    tglTAT: "2030-12-31",
    tglTMT: "2014-01-01",
    umur: { umurSaatPelayanan: "39 tahun ,6 bulan ,4 hari", umurSekarang: "39 tahun ,6 bulan ,4 hari" },
  },
};

const POLI = {
  poli: [
    { kode: "INT", nama: "Poli Penyakit Dalam" },
    { kode: "ANA", nama: "Poli Anak" },
    { kode: "OBG", nama: "Poli Obstetri & Ginekologi" },
    { kode: "BED", nama: "Poli Bedah" },
    { kode: "MAT", nama: "Poli Mata" },
    { kode: "THT", nama: "Poli THT-KL" },
    { kode: "JAN", nama: "Poli Jantung dan Pembuluh Darah" },
    { kode: "GIG", nama: "Poli Gigi & Mulut" },
  ],
};

// ---------------------------------------------------------------------------
// Sections.

const keyMaterial = (c) => c.cons_id + c.secret + c.timestamp;

// One "decode" vector. `expect` is what the case was written for ("text" for a
// success, else the error kind); `envelope` likewise. Both are checked against the
// computed outcome.
function decodeCase(spec) {
  const c = {
    name: spec.name,
    note: spec.note,
    cons_id: spec.cons_id ?? CONS_ID,
    secret: spec.secret ?? SECRET,
    timestamp: spec.timestamp ?? TIMESTAMP,
    ciphertext: spec.ciphertext,
  };
  if (spec.max_output !== undefined) c.max_output = spec.max_output;
  const max = spec.max_output ?? DEFAULT_MAX_OUTPUT;
  const aes = outcome(() => policyDecrypt(keyMaterial(c), c.ciphertext));
  let result;
  let reference;
  if (aes.notText) {
    c.decrypt_error = aes.error;
    result = { error: "lz_invalid_char" };
  } else if (aes.error) {
    result = aes;
  } else {
    c.plaintext = aes.value;
    reference = referenceLz(c.plaintext);
    result = outcome(() => policyLz(c.plaintext, max));
  }
  let envelope;
  if (!isCiphertext(c.ciphertext)) envelope = "passthrough";
  else if (result.error) envelope = result.error;
  else envelope = isOneJsonValue(result.value) ? "decoded" : "json";
  check(!(envelope === "passthrough" && result.error === undefined),
    `decode ${c.name}: a string that decodes must be classified as ciphertext`);

  if (result.error) c.error = result.error;
  else c.text = result.value;
  c.envelope = envelope;
  if (reference) c.reference = reference.recorded;

  const got = result.error ?? "text";
  check(got === spec.expect, `decode ${c.name}: expected ${spec.expect}, computed ${got}`);
  if (spec.envelope) check(envelope === spec.envelope, `decode ${c.name}: envelope ${spec.envelope} != ${envelope}`);
  if (spec.text !== undefined) check(c.text === spec.text, `decode ${c.name}: text differs from the source text`);
  if (!result.error) {
    check(typeof reference.raw === "string" && reference.raw.toWellFormed() === c.text,
      `decode ${c.name}: the reference does not round-trip`);
  }
  return c;
}

function lzCase(spec) {
  const c = { name: spec.name, note: spec.note, input: spec.input };
  if (spec.max_output !== undefined) c.max_output = spec.max_output;
  const result = outcome(() => policyLz(spec.input, spec.max_output ?? DEFAULT_MAX_OUTPUT));
  const reference = referenceLz(spec.input);
  if (result.error) c.error = result.error;
  else c.text = result.value;
  c.reference = reference.recorded;
  const got = result.error ?? "text";
  check(got === spec.expect, `lz ${c.name}: expected ${spec.expect}, computed ${got}`);
  if (spec.text !== undefined) check(c.text === spec.text, `lz ${c.name}: text differs`);
  if (!result.error) {
    check(typeof reference.raw === "string" && reference.raw.toWellFormed() === c.text,
      `lz ${c.name}: the reference does not round-trip`);
  }
  if (spec.reference !== undefined) {
    check(JSON.stringify(reference.recorded) === JSON.stringify(spec.reference),
      `lz ${c.name}: the reference returned ${JSON.stringify(reference.recorded)}`);
  }
  return c;
}

// Picks, deterministically, the first wrong key material under which the padding
// check itself rejects the ciphertext (a wrong key has a 1/256 chance of looking
// like valid padding, which would make the vector test something else).
function firstPaddingFailure(ciphertext, candidates) {
  for (const cand of candidates) if (paddingRejects(keyMaterial(cand), ciphertext)) return cand;
  throw new Error("no candidate key gives a padding failure");
}

const compress = (text) => LZString.compressToEncodedURIComponent(text);
const enc = (text, cred = {}) =>
  compressAndEncrypt(cred.cons_id ?? CONS_ID, cred.secret ?? SECRET, cred.timestamp ?? TIMESTAMP, text);
const encRaw = (plaintext) => encryptText(CONS_ID + SECRET + TIMESTAMP, plaintext);
const encBlocks = (bytes) => encryptBytes(CONS_ID + SECRET + TIMESTAMP, Buffer.from(bytes), false);

// A text of exactly `units` UTF-16 code units that is one JSON value, mixing
// 1-unit/2-byte, 2-unit/4-byte and ASCII characters so that a decoder counting
// bytes or code points instead of UTF-16 units gets the cap wrong.
function exactUnitsJson(units) {
  const head = '{"catatan":"';
  const tail = '"}';
  let body = "";
  const pieces = ["é", "🏥", "a", "ñ", "𝕏", "Poli ", "ü"];
  let i = 0;
  while (head.length + body.length + tail.length < units - 8) body += pieces[i++ % pieces.length];
  while (head.length + body.length + tail.length < units) body += "x";
  const text = head + body + tail;
  check(text.length === units, "exact-units text has the wrong length");
  return text;
}

// Cut points of a stream where the reference gives "" (its end-of-input check):
// the first one at least `minFraction` of the way in.
function truncatedPrefix(stream, minFraction) {
  for (let cut = Math.floor(stream.length * minFraction); cut < stream.length; cut++) {
    const prefix = stream.slice(0, cut);
    if (LZString.decompressFromEncodedURIComponent(prefix) === "") return prefix;
  }
  throw new Error("no truncation point found");
}

// A compressed stream ending in a character that holds only zero bits, and that
// still decodes the same without it (the reference reads missing bits as zeros).
function streamWithoutTrailingZeroChar() {
  for (const word of ["Puskesmas", "Rujukan", "Klinik Pratama", "Apotek", "Antrean", "Faskes", "SEP", "Kamar"]) {
    const full = compress(word);
    if (!full.endsWith("A")) continue;
    const cut = full.slice(0, -1);
    if (LZString.decompressFromEncodedURIComponent(cut) === word) return { word, full, cut };
  }
  throw new Error("no stream with a removable trailing zero character");
}

// The first ciphertext of a small made-up JSON text that contains `ch`.
function firstWith(encrypt, ch) {
  for (let i = 0; ; i++) {
    const ct = encrypt(JSON.stringify({ urut: i, nama: "Poli Penyakit Dalam" }));
    if (ct.includes(ch)) return ct;
  }
}

function buildDecode() {
  const cases = [];
  const add = (spec) => cases.push(decodeCase(spec));
  const cred = { cons_id: CONS_ID, secret: SECRET, timestamp: TIMESTAMP };

  // -- successes
  for (const [name, text, note] of [
    ["json_empty_object", "{}", "smallest object"],
    ["json_empty_array", "[]", "smallest array"],
    ["json_string_x", '"x"', "a bare JSON string"],
    ["json_zero", "0", "a bare JSON number"],
    ["json_null", "null", "JSON null: the envelope's response becomes null"],
    ["json_empty_string", '""', "the JSON empty string (two quote characters)"],
  ]) add({ name, note, ciphertext: enc(text), expect: "text", envelope: "decoded", text });

  const peserta = JSON.stringify(PESERTA);
  add({ name: "vclaim_peserta", note: "a realistic VClaim peserta response (made-up person)",
    ciphertext: enc(peserta), expect: "text", envelope: "decoded", text: peserta });
  const poli = JSON.stringify(POLI);
  add({ name: "vclaim_referensi_poli", note: "a VClaim referensi poli list",
    ciphertext: enc(poli), expect: "text", envelope: "decoded", text: poli });
  const indo = JSON.stringify({ list: [
    { kode: "INT", nama: "Poli Penyakit Dalam", keterangan: "Senin–Jumat, pukul 08.00–14.00" },
    { kode: "0000P001", nama: "Puskesmas Kecamatan Cempaka Putih", alamat: "Jl. Simulasi No. 1, Jakarta Pusat" },
  ] });
  add({ name: "indonesian_text", note: "Indonesian names with an en dash (U+2013)",
    ciphertext: enc(indo), expect: "text", envelope: "decoded", text: indo });
  const astral = JSON.stringify({ nama: "𝕏 🏥 𠀀𠀁 𪚥 👩‍⚕️", catatan: "karakter di luar BMP: pasangan surrogate" });
  add({ name: "astral_characters", note: "characters outside the BMP: 𝕏, 🏥, CJK Extension B, a ZWJ emoji sequence",
    ciphertext: enc(astral), expect: "text", envelope: "decoded", text: astral });
  const eacute = JSON.stringify({ teks: "é".repeat(5000) });
  add({ name: "repeated_e_acute", note: "a 5,000-long run of é: long back-references to non-ASCII entries",
    ciphertext: enc(eacute), expect: "text", envelope: "decoded", text: eacute });
  let mixed = "";
  for (let i = 0; i < 400; i++) mixed += ["ñ", "a", "Ñ", "niño ", "año", "ñ1"][i % 6] + (i % 7 === 0 ? "ñ" : "");
  const ntilde = JSON.stringify({ teks: mixed });
  add({ name: "n_tilde_mixed_ascii", note: "ñ interleaved with ASCII",
    ciphertext: enc(ntilde), expect: "text", envelope: "decoded", text: ntilde });
  const emoji = JSON.stringify({ teks: "🏥💉".repeat(1500) + "😷".repeat(500) });
  add({ name: "repeated_emoji", note: "repeated surrogate pairs: dictionary entries that start or end mid-pair",
    ciphertext: enc(emoji), expect: "text", envelope: "decoded", text: emoji });
  const symbols = JSON.stringify({ teks: "+-$".repeat(300) + "$$$+++---" + "a+b-c$d".repeat(50) });
  add({ name: "lz_alphabet_symbols_in_text", note: "text full of the characters + - $ that are also the stream alphabet's symbols",
    ciphertext: enc(symbols), expect: "text", envelope: "decoded", text: symbols });

  // Space-for-plus: a stream that contains "+" with every "+" turned into a space.
  {
    let text;
    let stream;
    for (let i = 0; ; i++) {
      check(i < 10000, "no text compresses to a stream with a '+'");
      text = JSON.stringify({ nama: "Poli Penyakit Dalam", urut: i, catatan: "spasi pengganti plus" });
      stream = compress(text);
      if (stream.includes("+")) break;
    }
    add({ name: "space_for_plus", note: "plaintext whose '+' characters became spaces (a form decoder touched it); a space counts as '+'",
      ciphertext: encRaw(stream.replace(/\+/g, " ")), expect: "text", envelope: "decoded", text });
  }

  // Base64 shapes.
  {
    const ct = enc(peserta);
    const wrapped = ct.match(/.{1,76}/g).join("\r\n") + "\r\n";
    check(wrapped.includes("\r\n") && ct.length > 152, "wrapped ciphertext spans several lines");
    add({ name: "base64_wrapped_76_crlf", note: "ciphertext wrapped at 76 columns with CRLF (as pasted from a log or MIME)",
      ciphertext: wrapped, expect: "text", envelope: "decoded", text: peserta });
    let i = 0;
    let text;
    let padded;
    do {
      text = JSON.stringify({ kode: "INT", nama: "Poli Penyakit Dalam", urut: i++ });
      padded = enc(text);
    } while (!padded.endsWith("="));
    add({ name: "base64_no_padding", note: "ciphertext with its '=' padding removed",
      ciphertext: padded.replace(/=+$/, ""), expect: "text", envelope: "decoded", text });
    const spaced = ct.slice(0, 10) + " " + ct.slice(10, 30) + "\t" + ct.slice(30, 31) + "\n " + ct.slice(31);
    add({ name: "base64_spaces_tabs", note: "spaces, a tab and a newline inside the ciphertext are ignored",
      ciphertext: spaced, expect: "text", envelope: "decoded", text: peserta });
    const small = enc("{}");
    check(small.length === 24 && small.endsWith("=="), "one-block ciphertext ends with ==");
    const last = B64_ALPHABET.indexOf(small[21]);
    check((last & 0x0f) === 0, "canonical last character");
    const noncanonical = small.slice(0, 21) + B64_ALPHABET[last | 0x0f] + "==";
    add({ name: "base64_noncanonical_trailing_bits", note: "the last base64 character carries non-zero unused bits: accepted",
      ciphertext: noncanonical, expect: "text", envelope: "decoded", text: "{}" });
  }

  // Key material is UTF-8.
  {
    const c2 = { cons_id: "2000", secret: "Rahasiaé€🏥", timestamp: "1700000000" };
    add({ name: "key_material_utf8", note: "a non-ASCII secret: key material is hashed as UTF-8",
      ...c2, ciphertext: enc(poli, c2), expect: "text", envelope: "decoded", text: poli });
  }

  // Large inputs.
  const diag = diagnosisList(1_000_000);
  add({ name: "diagnosa_list_1mb", note: "about 1,000,000 bytes of made-up diagnosis list (the full-list reply); dictionary well past 16 bits",
    ciphertext: enc(diag), expect: "text", envelope: "decoded", text: diag });
  const lowRed = lowRedundancyJson(256_000);
  add({ name: "low_redundancy_256kb", note: "about 256 KB of random base36 strings: little to compress, many literals",
    ciphertext: enc(lowRed), expect: "text", envelope: "decoded", text: lowRed });

  // Output cap.
  const exact = exactUnitsJson(1000);
  add({ name: "output_exactly_max", note: "text of exactly 1000 UTF-16 units with max_output 1000 succeeds (fewer code points, more bytes)",
    ciphertext: enc(exact), max_output: 1000, expect: "text", envelope: "decoded", text: exact });
  add({ name: "output_one_over_max", note: "the same 1000-unit text with max_output 999",
    ciphertext: enc(exact), max_output: 999, expect: "output_limit", envelope: "output_limit" });
  // Kept to 25,000 units because `reference` records the reference's full output.
  add({ name: "output_limit_bomb", note: "a few hundred stream characters expanding to 25,000 units; stopped at max_output 1000",
    ciphertext: enc("a".repeat(25_000)), max_output: 1000, expect: "output_limit", envelope: "output_limit" });

  // Surrogates, non-JSON, empty text.
  const lone = '{"nama":"Budi\uD800Santoso","kode":"X\uDC00Y","terbalik":"\uDC00\uD800"}';
  add({ name: "lone_surrogates", note: "lone surrogates (and a low-then-high pair) in the decompressed units become U+FFFD",
    ciphertext: enc(lone), expect: "text", envelope: "decoded", text: lone.toWellFormed() });
  add({ name: "text_not_json", note: "decrypt_and_decompress does not check JSON; process_wrapper does",
    ciphertext: enc("Data tidak ditemukan <br>"), expect: "text", envelope: "json", text: "Data tidak ditemukan <br>" });
  add({ name: "text_empty", note: "compressed empty string (stream 'Q', first code is the end code): text \"\", not JSON",
    ciphertext: enc(""), expect: "text", envelope: "json", text: "" });

  // -- errors: wrong key
  const body = JSON.stringify({ noSep: "0000R0010000V000001" });
  const good = enc(body);
  const ts = firstPaddingFailure(good, [1, 2, 3, 4, 5, 6, 7, 8].map((d) => ({ ...cred, timestamp: String(Number(TIMESTAMP) + d) })));
  add({ name: "wrong_timestamp", note: `encrypted with timestamp ${TIMESTAMP}, decrypted with ${ts.timestamp} (a second-boundary clock read)`,
    ...ts, ciphertext: good, expect: "padding", envelope: "padding" });
  const sec = firstPaddingFailure(good, ["S3cr3tSlm", "s3cr3tSim", "S3cr3tSim ", "S3cr3tSim2"].map((s) => ({ ...cred, secret: s })));
  add({ name: "wrong_secret", note: `encrypted with secret ${SECRET}, decrypted with ${JSON.stringify(sec.secret)}`,
    ...sec, ciphertext: good, expect: "padding", envelope: "padding" });
  const cid = firstPaddingFailure(good, ["1001", "10000", "0100", "2000"].map((x) => ({ ...cred, cons_id: x })));
  add({ name: "wrong_cons_id", note: `encrypted with cons_id ${CONS_ID}, decrypted with ${cid.cons_id}`,
    ...cid, ciphertext: good, expect: "padding", envelope: "padding" });

  // -- errors: base64 and length
  add({ name: "truncated_base64", note: "the last 4 base64 characters removed: decoded length not a multiple of 16",
    ciphertext: good.slice(0, -4), expect: "cipher_length", envelope: "cipher_length" });
  {
    const stripped = good.replace(/=+$/, "");
    let cut = stripped.length - 1;
    while (cut % 4 !== 1) cut--;
    add({ name: "truncated_base64_1_mod_4", note: "cut to a length that is 1 mod 4: not base64",
      ciphertext: stripped.slice(0, cut), expect: "base64", envelope: "base64" });
  }
  add({ name: "not_base64_service_unavailable", note: "plain text in response: '!' is not base64",
    ciphertext: "Service Unavailable!", expect: "base64", envelope: "passthrough" });
  {
    let i = 0;
    let ct;
    do ct = enc(JSON.stringify({ urut: i++, nama: "Poli Penyakit Dalam" }));
    while (!(ct.includes("+") && ct.includes("/")));
    add({ name: "base64_url_safe_alphabet", note: "'-' and '_' (the URL-safe alphabet) are not accepted",
      ciphertext: ct.replace(/\+/g, "-").replace(/\//g, "_"), expect: "base64", envelope: "base64" });
  }
  add({ name: "sep_number_plain", note: "a plain SEP number: valid base64 letters, 14 bytes",
    ciphertext: "0301R0011124V000123", expect: "cipher_length", envelope: "passthrough" });
  add({ name: "plain_ok", note: "the plain string OK decodes to 1 byte",
    ciphertext: "OK", expect: "cipher_length", envelope: "passthrough" });
  add({ name: "empty_ciphertext", note: "empty string: decoded length 0",
    ciphertext: "", expect: "cipher_length", envelope: "passthrough" });
  add({ name: "whitespace_only_ciphertext", note: "only whitespace: decoded length 0",
    ciphertext: " \r\n\t ", expect: "cipher_length", envelope: "passthrough" });
  {
    const raw = policyBase64(enc(peserta));
    add({ name: "cipher_15_bytes", note: "15 bytes (20 characters): not a whole AES block; too short for the ciphertext rule, so process_wrapper passes it through",
      ciphertext: raw.subarray(0, 15).toString("base64"), expect: "cipher_length", envelope: "passthrough" });
    add({ name: "cipher_17_bytes", note: "17 bytes: one byte past a block",
      ciphertext: raw.subarray(0, 17).toString("base64"), expect: "cipher_length", envelope: "cipher_length" });
    const full = enc(peserta);
    add({ name: "cut_to_22_characters", note: "a ciphertext cut to 22 characters (the rule's shortest run): an error, not a plain value",
      ciphertext: full.slice(0, 22), expect: "padding", envelope: "padding" });
    add({ name: "cut_to_21_characters", note: "a ciphertext cut to 21 characters: indistinguishable from a plain identifier (the documented residual)",
      ciphertext: full.slice(0, 21), expect: "base64", envelope: "passthrough" });
    const spaced = firstWith(enc, "+").replace(/\+/g, " ");
    const spacedKind = outcome(() => policyDecrypt(CONS_ID + SECRET + TIMESTAMP, spaced)).error;
    check(spacedKind === "base64" || spacedKind === "cipher_length", "plus_read_as_space fails on its length");
    add({ name: "plus_read_as_space", note: "every '+' turned into a space (form decoding): the whitespace is ignored, the length is wrong",
      ciphertext: spaced, expect: spacedKind, envelope: spacedKind });
  }

  // -- errors: padding, constructed from raw blocks
  {
    const text = Buffer.from(compress('{"a":1}'), "ascii");
    const block = (fill, tailBytes) => {
      const b = Buffer.alloc(32, fill);
      text.copy(b, 0, 0, Math.min(text.length, 32 - tailBytes.length));
      Buffer.from(tailBytes).copy(b, 32 - tailBytes.length);
      return b;
    };
    add({ name: "padding_last_byte_0", note: "last plaintext byte 0 is never valid PKCS#7",
      ciphertext: encBlocks(block(0x41, [0])), expect: "padding", envelope: "padding" });
    add({ name: "padding_last_byte_17", note: "last plaintext byte 17 is larger than a block",
      ciphertext: encBlocks(block(0x41, [17])), expect: "padding", envelope: "padding" });
    add({ name: "padding_inconsistent", note: "last byte 5 but the 4 bytes before it are not all 5",
      ciphertext: encBlocks(block(0x41, [5, 5, 4, 5, 5])), expect: "padding", envelope: "padding" });
    const bad = Buffer.concat([Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0x80, 0x41, 0x41]), Buffer.alloc(9, 9)]);
    add({ name: "plaintext_not_utf8", note: "valid padding, but the plaintext is not UTF-8: decrypt() reports padding (a wrong key), the full pipeline lz_invalid_char (alphabet check)",
      ciphertext: encBlocks(bad), expect: "lz_invalid_char", envelope: "lz_invalid_char" });
  }

  // -- errors: the lz layer
  add({ name: "plaintext_hello_world", note: "a plaintext that was never compressed: '!' is outside the alphabet",
    ciphertext: encRaw("hello world!"), expect: "lz_invalid_char", envelope: "lz_invalid_char" });
  add({ name: "plaintext_raw_json", note: "raw JSON encrypted without lz-string",
    ciphertext: encRaw('{"a":1}'), expect: "lz_invalid_char", envelope: "lz_invalid_char" });
  add({ name: "plaintext_empty", note: "an empty plaintext (one full padding block)",
    ciphertext: encRaw(""), expect: "lz_empty", envelope: "lz_empty" });
  {
    const stream = compress(poli);
    add({ name: "lz_truncated", note: "the compressed text cut where the reference returns \"\"",
      ciphertext: encRaw(truncatedPrefix(stream, 0.6)), expect: "lz_truncated", envelope: "lz_truncated" });
    add({ name: "lz_extra_alphabet_after_end", note: "alphabet characters after the end code are ignored",
      ciphertext: encRaw(stream + "AbC9-+$"), expect: "text", envelope: "decoded", text: poli });
    add({ name: "lz_invalid_char_after_end", note: "'!' after the end code: the alphabet check covers the whole plaintext",
      ciphertext: encRaw(stream + "!"), expect: "lz_invalid_char", envelope: "lz_invalid_char" });
  }
  add({ name: "lz_corrupt_first_code_3", note: "first code 3 is not a valid start",
    ciphertext: encRaw(LZ_CORRUPT_FIRST), expect: "lz_corrupt", envelope: "lz_corrupt" });
  add({ name: "lz_corrupt_back_reference", note: "a back-reference beyond the dictionary (the reference returns null)",
    ciphertext: encRaw(LZ_CORRUPT_BACKREF), expect: "lz_corrupt", envelope: "lz_corrupt" });

  return cases;
}

// Hand-made streams (see lzBits): literal 'a' then code 5 while the dictionary has
// 4 entries; and a stream whose first two bits are 1 (first code 3).
const LZ_CORRUPT_BACKREF = lzBits([[0, 2], [97, 8], [5, 3], [2, 3]]);
const LZ_CORRUPT_FIRST = (() => {
  // First char must have its two top bits set (index 48..63: w-z, 0-9, +, -).
  // Prefer a candidate where the reference returns garbage rather than "".
  const tail = compress("Poli");
  for (const ch of "wxyz0123456789+-") {
    const input = ch + tail;
    const r = referenceLz(input).recorded;
    if (r !== "" && r !== null) return input;
  }
  return "w" + tail;
})();

function buildLz() {
  const cases = [];
  const add = (spec) => cases.push(lzCase(spec));
  const hello = compress("hello");
  const poli = JSON.stringify(POLI);
  const poliStream = compress(poli);

  add({ name: "hello", note: "a short ASCII text", input: hello, expect: "text", text: "hello" });
  add({ name: "json_poli", note: "a JSON list", input: poliStream, expect: "text", text: poli });
  const astral = "🏥 𝕏 𠀀 Puskesmas";
  add({ name: "astral", note: "surrogate pairs", input: compress(astral), expect: "text", text: astral });
  add({ name: "empty_stream_q", note: "'Q': the first code is the end code; decodes to the empty string",
    input: "Q", expect: "text", text: "", reference: "" });
  add({ name: "empty_input", note: "empty input (the reference returns null)", input: "", expect: "lz_empty", reference: null });
  add({ name: "invalid_char_start", note: "'!' before the stream", input: "!" + hello, expect: "lz_invalid_char" });
  add({ name: "invalid_char_middle", note: "'.' inside the stream",
    input: poliStream.slice(0, 10) + "." + poliStream.slice(10), expect: "lz_invalid_char" });
  add({ name: "invalid_char_after_end_bang", note: "'!' after the end code", input: hello + "!", expect: "lz_invalid_char" });
  add({ name: "invalid_char_after_end_non_ascii", note: "'é' after the end code", input: hello + "é", expect: "lz_invalid_char" });
  add({ name: "invalid_char_newline", note: "a trailing newline is not whitespace-tolerated in the lz layer", input: hello + "\n", expect: "lz_invalid_char" });
  {
    let text;
    let stream;
    for (let i = 0; ; i++) {
      check(i < 10000, "no short text compresses to a stream with '+'");
      text = JSON.stringify({ poli: "Poli Penyakit Dalam", antrean: i });
      stream = compress(text);
      if (stream.includes("+")) break;
    }
    add({ name: "space_for_plus", note: "every '+' replaced by a space decodes as the original",
      input: stream.replace(/\+/g, " "), expect: "text", text });
  }
  add({ name: "extra_alphabet_after_end", note: "alphabet characters after the end code are ignored",
    input: hello + "HelloWorld0-+", expect: "text", text: "hello" });
  {
    const { word, cut } = streamWithoutTrailingZeroChar();
    add({ name: "missing_trailing_zero_bits", note: "the last character (only zero bits) removed: missing bits read as zeros",
      input: cut, expect: "text", text: word });
  }
  {
    // "$" is alphabet index 64; the reference's 6-bit reader sees none of its bits,
    // so it reads exactly like "A".
    let text;
    let stream;
    for (let i = 0; ; i++) {
      check(i < 10000, "no stream with an inner 'A'");
      text = `Rujukan ${i}`;
      stream = compress(text);
      if (stream.slice(0, -1).includes("A")) break;
    }
    const at = stream.indexOf("A");
    add({ name: "dollar_reads_as_zero_bits", note: "'$' (index 64) carries no bits in the 6-bit reader: it reads like 'A'",
      input: stream.slice(0, at) + "$" + stream.slice(at + 1), expect: "text", text });
  }
  add({ name: "truncated", note: "the stream cut where the reference returns \"\"",
    input: truncatedPrefix(poliStream, 0.5), expect: "lz_truncated", reference: "" });
  add({ name: "truncated_single_char", note: "one literal and no end code", input: "A", expect: "lz_truncated", reference: "" });
  add({ name: "corrupt_first_code_3", note: "first code 3 (the first character's two top bits set)",
    input: LZ_CORRUPT_FIRST, expect: "lz_corrupt" });
  add({ name: "corrupt_back_reference", note: "literal 'a', then code 5 with 4 dictionary entries (the reference returns null)",
    input: LZ_CORRUPT_BACKREF, expect: "lz_corrupt", reference: null });
  {
    // The KwKwK case (code equal to the dictionary size) is valid.
    const input = lzBits([[0, 2], [97, 8], [4, 3], [2, 3]]);
    add({ name: "code_equal_to_dictionary_size", note: "literal 'a', then code 4 = dictionary size: w + w[0]",
      input, expect: "text", text: "aaa" });
  }
  const bomb = compress("ab".repeat(5_000));
  add({ name: "output_limit_bomb", note: "a short stream expanding to 10,000 units, max_output 1000",
    input: bomb, max_output: 1000, expect: "output_limit" });
  const exact = exactUnitsJson(500);
  add({ name: "output_exactly_max", note: "exactly 500 UTF-16 units with max_output 500",
    input: compress(exact), max_output: 500, expect: "text", text: exact });
  add({ name: "output_one_over_max", note: "the same 500 units with max_output 499",
    input: compress(exact), max_output: 499, expect: "output_limit" });
  const lone = "a\uD800b\uDC00c\uDC00\uD800";
  add({ name: "lone_surrogates", note: "lone surrogates become U+FFFD (the reference's string keeps them; recorded here well-formed)",
    input: compress(lone), expect: "text", text: lone.toWellFormed() });
  return cases;
}

function envelopeBody(obj) {
  return JSON.stringify(obj);
}

function buildEnvelopes() {
  const cases = [];
  const base = { cons_id: CONS_ID, secret: SECRET, timestamp: TIMESTAMP };
  const add = (name, note, body, result, cred = base) => cases.push({ name, note, ...cred, body, result });
  const peserta = JSON.parse(JSON.stringify(PESERTA));

  const ct = enc(JSON.stringify(PESERTA));
  add("vclaim_sukses", "VClaim: metaData with string code; response replaced by the parsed value",
    envelopeBody({ metaData: { code: "200", message: "Sukses" }, response: ct }),
    { json: { metaData: { code: "200", message: "Sukses" }, response: peserta } });

  const antrean = { nomorantrean: "A-12", angkaantrean: 12, kodebooking: "SIM0000000012", namapoli: "Poli Penyakit Dalam", estimasidilayani: 1732410000000 };
  add("antreanrs_response_first", "Antrean RS: lower-case metadata, numeric code, response before metadata; key order kept",
    envelopeBody({ response: enc(JSON.stringify(antrean)), metadata: { message: "Ok.", code: 200 } }),
    { json: { response: antrean, metadata: { message: "Ok.", code: 200 } } });

  const sep = { metaData: { code: "200", message: "Sukses" }, response: "0301R0011124V000123" };
  add("plain_sep_number", "SEP delete returns a plain SEP number: not encrypted, unchanged", envelopeBody(sep), { json: sep });
  const ok = { metaData: { code: "200", message: "OK" }, response: "OK" };
  add("plain_ok", "response \"OK\": unchanged", envelopeBody(ok), { json: ok });
  const emptyResp = { metaData: { code: "200", message: "OK" }, response: "" };
  add("response_empty_string", "response \"\": decoded length 0, not encrypted, unchanged", envelopeBody(emptyResp), { json: emptyResp });
  const nul = { metaData: { code: "201", message: "Data tidak ditemukan" }, response: null };
  add("response_null", "response null: unchanged", envelopeBody(nul), { json: nul });
  const missing = { metaData: { code: "201", message: "Peserta tidak terdaftar" } };
  add("response_missing", "no response key: unchanged", envelopeBody(missing), { json: missing });
  const obj = { metadata: { code: 200, message: "OK" }, response: { jumlah_antrean: 10, sisa_antrean: 4 } };
  add("response_object", "response already an object (Antrean RS dashboard): unchanged", envelopeBody(obj), { json: obj });
  const arr = { metadata: { code: 200, message: "OK" }, response: [{ kodepoli: "INT" }, { kodepoli: "ANA" }] };
  add("response_array", "response already an array: unchanged", envelopeBody(arr), { json: arr });
  const apl = { metadata: { code: 1, message: "OK", totalitems: 2 }, response: { list: [
    { kodekelas: "VVP", namakelas: "VVIP", koderuang: "R01", namaruang: "Melati", kapasitas: 4, tersedia: 2 },
    { kodekelas: "KL3", namakelas: "Kelas 3", koderuang: "R02", namaruang: "Mawar", kapasitas: 20, tersedia: 7 },
  ] } };
  add("aplicares_bed_list", "Aplicares: never encrypted, code 1, totalitems: unchanged", envelopeBody(apl), { json: apl });

  const html = "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head>\n<body><h1>Bad Gateway</h1><p>The gateway did not receive a timely response.</p></body></html>\n";
  add("html_gateway_page", "not JSON: the raw text is returned", html, { text: html });
  add("service_unavailable", "not JSON: the raw text is returned", "Service Unavailable", { text: "Service Unavailable" });
  add("empty_body", "an empty body is not JSON: returned as text", "", { text: "" });
  {
    // A body that starts like JSON but is not one JSON value was cut or damaged:
    // an error, never text passed on (its visible metaData may even say 200).
    const full = envelopeBody({ metaData: { code: "200", message: "Sukses" }, response: ct });
    add("cut_envelope", "the envelope cut inside the ciphertext: json error", full.slice(0, Math.floor(full.length / 2)),
      { error: "json" });
    add("cut_envelope_one_byte", "the envelope without its closing brace: json error", full.slice(0, -1), { error: "json" });
    const gagal = envelopeBody({ metaData: { code: 201, message: "Gagal" }, response: ct });
    add("cut_envelope_refusal", "a refusal cut short: json error (not a success, not text)", gagal.slice(0, 60), { error: "json" });
    add("cut_envelope_with_bom", "a byte order mark, then cut JSON: json error", "\ufeff" + full.slice(0, 40), { error: "json" });
    add("cut_array", "'[' then nothing readable: json error", "  [{\"kodepoli\": \"INT\"", { error: "json" });
    const notice = "<br />\n<b>Notice</b>:  Undefined index in <b>x.php</b><br />\n" + envelopeBody(ok);
    add("json_after_a_php_notice", "JSON after other text does not start like JSON: the text is returned", notice, { text: notice });
  }

  const poliCt = enc(JSON.stringify(POLI));
  add("whitespace_around_json", "whitespace and newlines around the JSON body are allowed",
    "\r\n  " + JSON.stringify({ metaData: { code: "200", message: "OK" }, response: poliCt }, null, 2) + "\n\n",
    { json: { metaData: { code: "200", message: "OK" }, response: POLI } });
  add("byte_order_mark", "a UTF-8 byte order mark before the JSON (some gateways add one) is ignored",
    "\ufeff" + envelopeBody({ metaData: { code: "200", message: "OK" }, response: poliCt }),
    { json: { metaData: { code: "200", message: "OK" }, response: POLI } });
  add("byte_order_mark_html", "a byte order mark before a non-JSON body: the text is returned as it came",
    "\ufeffService Unavailable", { text: "\ufeffService Unavailable" });
  add("response_wrapped_base64", "an encrypted response wrapped with CRLF inside the JSON string still looks encrypted",
    envelopeBody({ metaData: { code: "200", message: "OK" }, response: poliCt.match(/.{1,76}/g).join("\r\n") }),
    { json: { metaData: { code: "200", message: "OK" }, response: POLI } });

  const wrongTs = firstPaddingFailure(poliCt, [1, 2, 3].map((d) => ({ ...base, timestamp: String(Number(TIMESTAMP) + d) })));
  add("wrong_key", `encrypted with timestamp ${TIMESTAMP}, processed with ${wrongTs.timestamp}: raise, never a half-decoded value`,
    envelopeBody({ metaData: { code: "200", message: "OK" }, response: poliCt }), { error: "padding" }, wrongTs);
  add("decoded_text_not_json", "decrypts and decompresses, but the text is not JSON",
    envelopeBody({ metaData: { code: "200", message: "OK" }, response: enc("Sukses, data tersimpan") }), { error: "json" });
  add("encrypted_without_lz", "looks encrypted, but the plaintext is raw JSON (never compressed)",
    envelopeBody({ metaData: { code: "200", message: "OK" }, response: encRaw('{"a":1}') }), { error: "lz_invalid_char" });

  // Damaged replies: never a success, never passed through.
  const sukses = (response) => envelopeBody({ metaData: { code: "200", message: "Sukses" }, response });
  add("truncated_ciphertext", "the simulator's truncate fault: 4 characters cut, still base64, 1-3 bytes short of a block",
    sukses(ct.slice(0, -4)), { error: "cipher_length" });
  add("truncated_ciphertext_at_block", "cut to a whole number of blocks: the last block is lz text, not PKCS#7 padding",
    sukses(Buffer.from(policyBase64(ct).subarray(0, 32)).toString("base64")), { error: "padding" });
  add("ciphertext_char_deleted", "one character deleted in the middle",
    sukses(ct.slice(0, 40) + ct.slice(41)), { error: ct.endsWith("==") || ct.endsWith("=") ? "base64" : "cipher_length" });
  add("ciphertext_char_replaced_by_dash", "one character replaced by '-' (not base64)",
    sukses(ct.slice(0, 40) + "-" + ct.slice(41)), { error: "base64" });
  const plainMessage = { metaData: { code: "200", message: "OK" }, response: "No.SEP 0301R0011124V000123 berhasil dihapus" };
  add("plain_message_with_identifier", "a plain message of short words (the longest is a 19-character SEP number): unchanged",
    envelopeBody(plainMessage), { json: plainMessage });

  // Self-check: the encrypted envelope results agree with the policy decoder.
  for (const c of cases) {
    let parsed;
    try {
      // The policy ignores one leading byte order mark (JSON.parse does not).
      parsed = JSON.parse(c.body.replace(/^\ufeff/, ""));
    } catch {
      // Starts like JSON (after a byte order mark and whitespace) but is not: cut or damaged.
      if (/^\ufeff?\s*[{[]/.test(c.body)) {
        check(c.result.error === "json", `envelope ${c.name}: a body that starts like JSON but is not must be a json error`);
      } else {
        check("text" in c.result && c.result.text === c.body, `envelope ${c.name}: non-JSON body must come back as text`);
      }
      continue;
    }
    const r = parsed && typeof parsed === "object" && !Array.isArray(parsed) ? parsed.response : undefined;
    if (typeof r !== "string" || !isCiphertext(r)) {
      check(JSON.stringify(c.result) === JSON.stringify({ json: parsed }), `envelope ${c.name}: must be unchanged`);
      continue;
    }
    const o = outcome(() => policyResponse(keyMaterial(c), r));
    if (o.error) {
      check(c.result.error === o.error, `envelope ${c.name}: expected error ${o.error}, got ${JSON.stringify(c.result)}`);
    } else {
      parsed.response = JSON.parse(o.value.text);
      check(JSON.stringify(c.result) === JSON.stringify({ json: parsed }), `envelope ${c.name}: decoded envelope differs`);
    }
  }
  return cases;
}

function buildMetadata() {
  const m = (name, input, code, message, ok) => ({ name, input, expected: { code, message, ok } });
  return [
    m("camel_metadata_string_200", { metaData: { code: "200", message: "OK" }, response: null }, 200, "OK", true),
    m("lower_metadata_number_200", { response: null, metadata: { code: 200, message: "Ok." } }, 200, "Ok.", true),
    m("code_1_ok", { metadata: { code: 1, message: "OK", totalitems: 0 } }, 1, "OK", true),
    m("code_string_1_ok", { metaData: { code: "1", message: "OK" } }, 1, "OK", true),
    m("code_201_not_ok", { metaData: { code: "201", message: "Data tidak ditemukan" } }, 201, "Data tidak ditemukan", false),
    m("code_number_201_not_ok", { metadata: { code: 201, message: "Antrean tidak ditemukan" } }, 201, "Antrean tidak ditemukan", false),
    m("capitalised_code_key", { metaData: { Code: "200", Message: "Sukses" } }, 200, "Sukses", true),
    m("message_capitalised_key", { metadata: { code: 200, Message: "Ok." } }, 200, "Ok.", true),
    m("code_string_with_spaces", { metaData: { code: " 201", message: "Gagal" } }, 201, "Gagal", false),
    m("code_float_200_0", '{"metaData":{"code":200.0,"message":"OK"}}', 200, "OK", true),
    m("missing_metadata", { response: { list: [] } }, null, null, false),
    m("message_missing", { metaData: { code: "200" } }, 200, null, true),
    m("code_missing", { metaData: { message: "Sukses" } }, null, "Sukses", false),
    m("json_text_input", '{"metaData":{"code":"200","message":"Sukses"},"response":{"noSep":"0301R0011124V000123"}}', 200, "Sukses", true),
    m("json_text_with_whitespace", '\n  {"metadata": {"code": 1, "message": "OK"}}\n', 1, "OK", true),
    m("html_text_input", "<html><body><h1>502 Bad Gateway</h1></body></html>", null, null, false),
    m("code_not_numeric", { metaData: { code: "abc", message: "Error" } }, null, "Error", false),
    m("metadata_key_other_casing", { MetaData: { code: "200", message: "OK" } }, 200, "OK", true),
    m("code_500", { metaData: { code: "500", message: "Internal Server Error" } }, 500, "Internal Server Error", false),
  ];
}

const SERVICES = ["vclaim", "antreanrs", "antreanfktp", "pcare", "icare-fktp", "icare-fkrtl", "apotek", "aplicares"];

// The header rules of SPEC.md section 2, written out to compute the expectation.
function expectedHeaders(service, cred, timestamp, method = "GET") {
  const missing = (v) => v === undefined || v === null || v === "";
  const needsUserKey = service !== "aplicares";
  const needsAuth = service === "pcare" || service === "icare-fktp";
  for (const field of ["cons_id", "secret"]) if (missing(cred[field])) return { error: "config", error_field: field };
  if (needsUserKey && missing(cred.user_key)) return { error: "config", error_field: "user_key" };
  if (needsAuth) for (const field of ["username", "password"]) if (missing(cred[field])) return { error: "config", error_field: field };
  const sendAuth = needsAuth || (service === "antreanfktp" && !missing(cred.username) && !missing(cred.password));
  const h = {
    "X-cons-id": cred.cons_id,
    "X-timestamp": timestamp,
    "X-signature": signature(cred.cons_id, cred.secret, timestamp),
  };
  if (needsUserKey) h.user_key = cred.user_key;
  if (sendAuth) {
    const appCode = missing(cred.app_code) ? "095" : cred.app_code;
    h["X-authorization"] = "Basic " + Buffer.from(`${cred.username}:${cred.password}:${appCode}`, "utf8").toString("base64");
  }
  h.Accept = "application/json";
  const quirk = (service === "vclaim" || service === "antreanrs") && ["POST", "PUT", "DELETE"].includes(method);
  h["Content-Type"] = quirk ? "Application/x-www-form-urlencoded" : "application/json";
  return { expected: h };
}

function buildHeaders() {
  const cases = [];
  const add = (name, service, credentials, { method, timestamp = TIMESTAMP, expectError } = {}) => {
    const c = { name, service, credentials, timestamp };
    if (method) c.method = method;
    Object.assign(c, expectedHeaders(service, credentials, timestamp, method));
    check((c.error_field ?? null) === (expectError ?? null), `headers ${name}: error_field ${c.error_field} != ${expectError}`);
    cases.push(c);
  };
  const basic = { cons_id: CONS_ID, secret: SECRET, user_key: USER_KEY };
  const withLogin = { ...basic, username: USERNAME, password: PASSWORD };

  for (const service of SERVICES) {
    const cred = service === "aplicares" ? { cons_id: CONS_ID, secret: SECRET }
      : service === "pcare" || service === "icare-fktp" ? withLogin : basic;
    add(`${service.replace("-", "_")}_get`, service, cred);
  }
  add("vclaim_get_explicit", "vclaim", basic, { method: "GET" });
  add("vclaim_post", "vclaim", basic, { method: "POST" });
  add("vclaim_put", "vclaim", basic, { method: "PUT" });
  add("vclaim_delete", "vclaim", basic, { method: "DELETE" });
  add("antreanrs_post", "antreanrs", basic, { method: "POST" });
  add("antreanrs_delete", "antreanrs", basic, { method: "DELETE" });
  add("pcare_post_json", "pcare", withLogin, { method: "POST" });
  add("apotek_post_json", "apotek", basic, { method: "POST" });
  add("antreanfktp_with_login", "antreanfktp", withLogin);
  add("antreanfktp_username_only", "antreanfktp", { ...basic, username: USERNAME });
  add("pcare_custom_app_code", "pcare", { ...withLogin, app_code: "099" });
  add("pcare_empty_app_code", "pcare", { ...withLogin, app_code: "" });
  add("pcare_non_ascii_password", "pcare", { ...withLogin, password: "kata-sandi-é€🏥" });
  add("icare_fktp_custom_app_code", "icare-fktp", { ...withLogin, app_code: "123" });
  add("icare_fkrtl_login_ignored", "icare-fkrtl", withLogin);
  add("vclaim_login_ignored", "vclaim", withLogin);
  add("aplicares_user_key_ignored", "aplicares", basic);
  add("other_timestamp", "vclaim", { cons_id: "2000", secret: "Rahasiaé€🏥", user_key: USER_KEY }, { timestamp: "1700000000" });

  add("missing_cons_id", "vclaim", { secret: SECRET, user_key: USER_KEY }, { expectError: "cons_id" });
  add("empty_cons_id", "aplicares", { cons_id: "", secret: SECRET }, { expectError: "cons_id" });
  add("missing_secret", "antreanrs", { cons_id: CONS_ID, user_key: USER_KEY }, { expectError: "secret" });
  add("empty_secret", "apotek", { cons_id: CONS_ID, secret: "", user_key: USER_KEY }, { expectError: "secret" });
  add("missing_user_key", "vclaim", { cons_id: CONS_ID, secret: SECRET }, { expectError: "user_key" });
  add("empty_user_key", "icare-fkrtl", { cons_id: CONS_ID, secret: SECRET, user_key: "" }, { expectError: "user_key" });
  add("pcare_missing_username", "pcare", { ...basic, password: PASSWORD }, { expectError: "username" });
  add("pcare_missing_password", "pcare", { ...basic, username: USERNAME }, { expectError: "password" });
  add("icare_fktp_empty_password", "icare-fktp", { ...basic, username: USERNAME, password: "" }, { expectError: "password" });
  add("icare_fktp_missing_username", "icare-fktp", { ...basic, password: PASSWORD }, { expectError: "username" });
  return cases;
}

// ---------------------------------------------------------------------------
// Decompression bombs: a run of one character compresses to about sqrt(2n)
// codes, so a few kilobytes expand to 64 Mi units. lz-string's own compressor
// takes minutes on such a run (its dictionary keys are the run itself), so
// `compressRun` writes the same bit stream directly: lz-string 1.5.0's
// _compress specialised to a run of one character below U+0100, with the
// encodedURIComponent alphabet. It is checked byte for byte against the
// reference on many small runs before the big ones are built.

const URI_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+-$";

function compressRun(ch, n) {
  check(ch.length === 1 && ch.charCodeAt(0) < 256, "compressRun: one 8-bit character");
  const out = [];
  let val = 0, pos = 0;
  const bit = (b) => {
    val = (val << 1) | b;
    if (pos === 5) { out.push(URI_ALPHABET[val]); val = 0; pos = 0; } else pos++;
  };
  const bits = (value, count) => { for (let i = 0; i < count; i++) { bit(value & 1); value >>= 1; } };
  let numBits = 2, enlargeIn = 2, dictSize = 3;
  const shrink = () => { if (--enlargeIn === 0) { enlargeIn = 2 ** numBits; numBits++; } };
  // Dictionary: the character is code 3; the run of length m >= 2 is code runCode[m].
  let literalPending = false, longest = 0;
  const runCode = [];
  const emit = (m) => {
    if (m === 1 && literalPending) {
      bits(0, numBits); bits(ch.charCodeAt(0), 8); shrink(); literalPending = false;
    } else {
      bits(m === 1 ? 3 : runCode[m], numBits);
    }
    shrink();
  };
  let w = 0; // length of the current match, 0 = empty
  for (let i = 0; i < n; i++) {
    if (i === 0) { dictSize++; literalPending = true; longest = 1; }
    if (w + 1 <= longest) { w += 1; continue; }
    emit(w);
    runCode[w + 1] = dictSize++;
    longest = w + 1;
    w = 1;
  }
  if (w > 0) emit(w);
  bits(2, numBits);
  for (;;) { val <<= 1; if (pos === 5) { out.push(URI_ALPHABET[val]); break; } pos++; }
  return out.join("");
}

function buildBombs() {
  for (const n of [0, 1, 2, 3, 4, 5, 6, 7, 10, 100, 1000, 4097, 65_536, 100_000, 250_001]) {
    check(compressRun("a", n) === compress("a".repeat(n)), `compressRun("a", ${n}) differs from lz-string`);
  }
  check(compressRun("{", 777) === compress("{".repeat(777)), "compressRun of another character");
  const bomb = (name, note, n, maxOutput) => {
    const stream = compressRun("a", n);
    return { name, note, cons_id: CONS_ID, secret: SECRET, timestamp: TIMESTAMP,
      ciphertext: encRaw(stream), lz: stream, expands_to: n, max_output: maxOutput, error: "output_limit" };
  };
  return [
    bomb("run_64mi_default_cap", "64 Mi units from a few KB; stops at the default cap (max_output null)",
      64 * 1024 * 1024, null),
    bomb("run_16mi_cap_1mi", "16 Mi units from a few KB; stops at max_output 1 Mi", 16 * 1024 * 1024, 1024 * 1024),
  ];
}

// ---------------------------------------------------------------------------

// ---------------------------------------------------------------------------
// The ciphertext rule (docs/decoding.md): which `response` strings process_wrapper
// decrypts. Hosts that expose is_ciphertext check it directly; every host checks it
// through process_wrapper (the decode and envelopes sections).

function buildCiphertextRule() {
  const cases = [];
  const add = (name, response, ciphertext, note) => {
    check(isCiphertext(response) === ciphertext, `ciphertext_rule ${name}: the rule says ${!ciphertext}`);
    cases.push({ name, note, response, ciphertext });
  };
  const ct = enc(JSON.stringify(POLI));
  const short = enc("{}");
  check(short.length === 24, "the shortest ciphertext is 24 characters");
  for (const [name, value, note] of [
    ["empty", "", "nothing"],
    ["whitespace", " \r\n\t ", "whitespace only"],
    ["one", "1", "a bare flag"],
    ["ok", "OK", "the commonest plain reply"],
    ["sukses", "Sukses", "a word"],
    ["sep_number", "0301R0011017V000007", "a SEP number, 19 characters"],
    ["no_kunjungan", "0114U0031124Y000042", "a PCare noKunjungan (made up), 19 characters"],
    ["no_urut", "A12", "a queue number"],
    ["kodebooking", "20241124A001", "an Antrean booking code (made up)"],
    ["card_number", "0001234567890", "a 13-digit card number"],
    ["nik", "3201234567890001", "a 16-digit NIK (made up)"],
    ["message", "Data tidak ditemukan", "a message of short words"],
    ["message_with_sep", "No.SEP 0301R0011017V000007 berhasil dihapus", "the longest word is a 19-character identifier"],
    ["json_text", '{"noSep":"0301R0011017V000007","nama":"BUDI"}', "JSON text in a string: more than 1 in 16 characters outside base64"],
    ["html", "<html><head><title>503 Service Temporarily Unavailable</title></head></html>", "an HTML page"],
    ["path_template", "/ref/dokter/kodepoli/{kodePoli}/tanggal/{tanggal}", "braces are more than 1 in 16 characters"],
    ["base64_21", "QUJDREVGR0hJSktMTU5PU", "21 base64 characters: one short of the rule's run"],
    ["short_cipher_cut_to_21", short.slice(0, 21), "a 16-byte ciphertext cut to 21 characters: the documented residual"],
  ]) add(name, value, false, note);
  for (const [name, value, note] of [
    ["shortest_ciphertext", short, "one AES block: 24 characters with '=='"],
    ["shortest_ciphertext_unpadded", short.replace(/=+$/, ""), "one AES block without padding: 22 characters"],
    ["ciphertext", ct, "a real ciphertext"],
    ["ciphertext_wrapped", ct.match(/.{1,76}/g).join("\r\n"), "wrapped at 76 columns with CRLF"],
    ["ciphertext_spaced_around", `  ${ct}\n`, "whitespace around it"],
    ["cut_to_22", ct.slice(0, 22), "cut to 22 characters"],
    ["one_char_replaced", ct.slice(0, 30) + "!" + ct.slice(31), "one character replaced by '!'"],
    ["one_space_inserted", ct.slice(0, 11) + " " + ct.slice(11), "a space inserted"],
    ["plus_as_space", firstWith(enc, "+").replace(/\+/g, " "), "'+' read as a space by a form decoder"],
    ["url_safe", firstWith(enc, "/").replace(/\+/g, "-").replace(/\//g, "_"), "the URL-safe alphabet"],
    ["url_encoded", firstWith(enc, "/").replace(/\+/g, "%2B").replace(/\//g, "%2F").replace(/=/g, "%3D"), "URL-encoded"],
    ["digits_22", "1234567890123456789012", "22 digits: taken for ciphertext (no BPJS identifier is this long); decoding fails loudly"],
    ["url", "https://apijkn.bpjs-kesehatan.go.id/vclaim-rest/SEP/0301R0011017V000007",
      "a URL as the whole response: taken for ciphertext (4 foreign characters in 71); decoding fails loudly. BPJS sends none"],
  ]) add(name, value, true, note);
  return cases;
}

// ---------------------------------------------------------------------------
// Canary: failures whose input carries a value that must never be repeated by an
// error message, Display/str or Debug/repr, log line or stored row.

const CANARY = "CANARY-0001234567890";
const CANARY_FORBIDDEN = [CANARY, "0001234567890"];

function buildCanary() {
  const cases = [];
  const km = CONS_ID + SECRET + TIMESTAMP;
  const cred = { cons_id: CONS_ID, secret: SECRET, timestamp: TIMESTAMP };
  const add = (spec) => {
    const c = { name: spec.name, note: spec.note, call: spec.call, ...cred, ...(spec.cred ?? {}) };
    c.input = spec.input;
    if (spec.max_output !== undefined) c.max_output = spec.max_output;
    const max = spec.max_output ?? DEFAULT_MAX_OUTPUT;
    const k = c.cons_id + c.secret + c.timestamp;
    let o;
    if (spec.call === "process_wrapper") {
      const body = JSON.parse(c.input);
      o = outcome(() => policyResponse(k, body.response, max));
      check(!o.value || !o.value.passthrough, `canary ${c.name}: passes through`);
    } else if (spec.call === "decrypt_and_decompress") {
      o = outcome(() => { const a = outcome(() => policyDecrypt(k, c.input));
        if (a.notText) throw new PolicyError("lz_invalid_char");
        if (a.error) throw new PolicyError(a.error);
        return policyLz(a.value, max); });
    } else if (spec.call === "decrypt") {
      o = outcome(() => policyDecrypt(k, c.input));
    } else if (spec.call === "lz_decompress") {
      o = outcome(() => policyLz(c.input, max));
    } else if (spec.call === "build_headers") {
      c.user_key = USER_KEY;
      o = SERVICES.includes(c.input) ? { value: "headers" } : { error: "config" };
    } else {
      throw new Error(`canary ${c.name}: unknown call ${spec.call}`);
    }
    check(o.error === spec.error, `canary ${c.name}: expected ${spec.error}, computed ${o.error}`);
    c.error = o.error;
    cases.push(c);
  };
  const body = (response) => envelopeBody({ metaData: { code: "200", message: "OK" }, response });
  const record = JSON.stringify({ peserta: { noKartu: CANARY, nama: "BUDI CANARY", nik: CANARY } });

  add({ name: "json_plain_message", call: "process_wrapper", error: "json",
    note: "the decoded reply is a message, not JSON", input: body(enc(`${CANARY} tidak ditemukan`)) });
  add({ name: "json_cut_object", call: "process_wrapper", error: "json",
    note: "the decoded reply is a JSON object cut short", input: body(enc(record.slice(0, -8))) });
  add({ name: "json_trailing_text", call: "process_wrapper", error: "json",
    note: "one JSON value followed by more text", input: body(enc(`${record} ${CANARY}`)) });
  add({ name: "json_starts_with_canary", call: "process_wrapper", error: "json",
    note: "the canary at offset 0, where a 'starts with' message would quote it", input: body(enc(`${CANARY}${record}`)) });
  add({ name: "lz_invalid_char_envelope", call: "process_wrapper", error: "lz_invalid_char",
    note: "the plaintext was never compressed: raw JSON carrying the canary", input: body(encRaw(record)) });
  add({ name: "lz_invalid_char_text", call: "decrypt_and_decompress", error: "lz_invalid_char",
    note: "the same, through the text layer", input: encRaw(record) });
  add({ name: "lz_invalid_char_lz", call: "lz_decompress", error: "lz_invalid_char",
    note: "lz text that is the canary and a '!'", input: `${CANARY}!` });
  add({ name: "lz_truncated", call: "process_wrapper", error: "lz_truncated",
    note: "the compressed canary record cut short", input: body(encRaw(truncatedPrefix(compress(record), 0.5))) });
  add({ name: "lz_corrupt", call: "lz_decompress", error: "lz_corrupt",
    note: "a corrupt first code followed by the canary", input: LZ_CORRUPT_FIRST + CANARY.replace("-", "") });
  add({ name: "output_limit", call: "process_wrapper", error: "output_limit", max_output: 40,
    note: "the canary record is longer than max_output", input: body(enc(record)) });
  const ct = enc(record);
  const wrong = firstPaddingFailure(ct, [1, 2, 3, 4].map((d) => ({ ...cred, timestamp: String(Number(TIMESTAMP) + d) })));
  add({ name: "padding_wrong_key", call: "process_wrapper", error: "padding", cred: { timestamp: wrong.timestamp },
    note: "the canary record decrypted with the next second's key", input: body(ct) });
  add({ name: "cipher_length", call: "process_wrapper", error: "cipher_length",
    note: "the canary record's ciphertext, 4 characters cut", input: body(ct.slice(0, -4)) });
  add({ name: "base64_canary_response", call: "process_wrapper", error: "base64",
    note: "a response that is the canary twice: ciphertext by the rule, not base64 ('-')", input: body(CANARY + CANARY) });
  add({ name: "base64_text_layer", call: "decrypt_and_decompress", error: "base64",
    note: "the canary as ciphertext", input: CANARY });
  add({ name: "decrypt_not_utf8", call: "decrypt", error: "padding",
    note: "valid padding, plaintext not UTF-8, the canary inside it",
    input: encBlocks(Buffer.concat([Buffer.from(CANARY), Buffer.from([0xff, 0xfe]), Buffer.alloc(10, 10)])) });
  add({ name: "service_is_a_path", call: "build_headers", error: "config",
    note: "a URL path given where a service name belongs", input: `peserta/nokartu/${CANARY.slice(7)}/tglSEP/2024-11-24` });
  add({ name: "service_is_the_canary", call: "build_headers", error: "config",
    note: "an unknown service name", input: CANARY });
  return { forbidden: CANARY_FORBIDDEN, cases };
}


// ---------------------------------------------------------------------------
// Requests built from the catalogue (docs/catalogue.md): paths as percent-encoded
// here independently, and values that would move a request to another endpoint.

function percentSegment(text) {
  return [...Buffer.from(text, "utf8")]
    .map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b)
      : `%${b.toString(16).toUpperCase().padStart(2, "0")}`))
    .join("");
}

function buildRequests() {
  const cases = [];
  const add = (name, note, service, endpoint, params, outcome) => {
    const c = { name, note, service, endpoint, params };
    if (outcome.path !== undefined) {
      // The rule mirrored: no value made only of dots reaches a path.
      check(!Object.values(params).some((v) => typeof v === "string" && /^\.+$/.test(v)), `requests ${name}: dots`);
      c.expected = { method: outcome.method, path: outcome.path };
    } else {
      c.error = "config";
      if (outcome.names !== undefined) c.error_names = outcome.names;
    }
    cases.push(c);
  };
  const visit = "0114U1630316Y000003";
  add("obat_delete", "the drug of one visit", "pcare", "obat.delete", { kode_obat_sk: "123456", no_kunjungan: visit },
    { method: "DELETE", path: `/obat/123456/kunjungan/${visit}` });
  for (const [name, endpoint, param, other] of [
    ["obat_delete_dot_dot", "obat.delete", "kode_obat_sk", "no_kunjungan"],
    ["tindakan_delete_dot_dot", "tindakan.delete", "kode_tindakan_sk", "no_kunjungan"],
    ["mcu_delete_dot_dot", "mcu.delete", "kode_mcu", "no_kunjungan"],
  ]) {
    add(name, `'..' would turn this into DELETE kunjungan/<no>: the whole visit`, "pcare", endpoint,
      { [param]: "..", [other]: visit }, { names: param });
  }
  add("code_single_dot", "'.' is the same segment: refused", "pcare", "obat.delete",
    { kode_obat_sk: ".", no_kunjungan: visit }, { names: "kode_obat_sk" });
  add("code_three_dots", "any value made only of dots is refused", "pcare", "obat.delete",
    { kode_obat_sk: "123456", no_kunjungan: "..." }, { names: "no_kunjungan" });
  add("sub_spesialis_dot_dot", "'..' would send spesialis.rujuk.khusus instead", "pcare", "spesialis.rujuk.khusus_sub",
    { kode_khusus: "THA", kode_sub_spesialis: "..", no_kartu: "0001234567890", tgl_est_rujuk: "05-12-2026" },
    { names: "kode_sub_spesialis" });
  add("text_dot_dot", "a keyword '..' would send referensi/diagnosa without one", "vclaim", "referensi.diagnosa",
    { keyword: ".." }, { names: "keyword" });
  add("text_dot", "a keyword '.'", "vclaim", "referensi.diagnosa", { keyword: "." }, { names: "keyword" });
  for (const [name, keyword, note] of [
    ["text_percent_dots", "%2e%2e", "'%' is escaped, so '%2e%2e' stays a literal keyword (WHATWG URL would read %2e%2e as '..')"],
    ["text_dots_inside", "a..b", "dots inside a value are kept"],
    ["text_dot_dot_slash", "../x", "'/' is escaped: one segment"],
    ["text_space_dot_dot", " ..", "not only dots: a keyword with a space"],
  ]) {
    add(name, note, "vclaim", "referensi.diagnosa", { keyword },
      { method: "GET", path: `/referensi/diagnosa/${percentSegment(keyword)}` });
  }
  add("body_partly_wrapped", "only the inner wrapper key (t_sep): refused, never wrapped twice", "vclaim", "sep.insert",
    { body: { t_sep: { noKartu: "0001234567890" } } }, { names: "body" });
  add("body_fully_wrapped", "the whole wrapper: sent as is", "vclaim", "sep.insert",
    { body: { request: { t_sep: { noKartu: "0001234567890" } } } }, { method: "POST", path: "/SEP/2.0/insert" });
  add("digits_is_a_card_or_a_nik", "identitas noka: a 13-digit number", "antreanrs", "referensi.pasien_fp",
    { identitas: "noka", nomor: "0001234567890" }, { method: "GET", path: "/ref/pasien/fp/identitas/noka/noidentitas/0001234567890" });
  add("digits_of_another_length", "5 digits are neither a card number nor a NIK", "antreanrs", "referensi.pasien_fp",
    { identitas: "nik", nomor: "12345" }, { names: "nomor" });
  add("unknown_endpoint_is_a_path", "a URL path where a name belongs: the message gives its length, not the path",
    "vclaim", `Peserta/nokartu/${CANARY.slice(7)}/tglSEP/2026-12-05`, {}, {});
  add("unknown_parameter_is_a_card", "a card number as a parameter key: not echoed", "vclaim", "peserta.nik",
    { nik: "3201011705800001", tgl_sep: "2026-12-05", [CANARY.slice(7)]: "x" }, {});
  return cases;
}

function build() {
  const doc = {
    format: 1,
    reference: `lz-string ${REFERENCE_VERSION} + node:crypto`,
    default_max_output: DEFAULT_MAX_OUTPUT,
    decode: buildDecode(),
    lz: buildLz(),
    envelopes: buildEnvelopes(),
    metadata: buildMetadata(),
    headers: buildHeaders(),
    bombs: buildBombs(),
    ciphertext_rule: buildCiphertextRule(),
    canary: buildCanary(),
    requests: buildRequests(),
  };
  for (const section of ["decode", "lz", "envelopes", "metadata", "headers", "bombs", "ciphertext_rule", "canary", "requests"]) {
    const names = new Set();
    for (const c of section === "canary" ? doc.canary.cases : doc[section]) {
      check(/^[a-z0-9_]+$/.test(c.name), `${section} name ${c.name} is not snake_case`);
      check(!names.has(c.name), `${section} name ${c.name} is not unique`);
      names.add(c.name);
    }
  }
  check(doc.decode.length >= 40, "at least 40 decode cases");
  const text = JSON.stringify(doc, null, 2) + "\n";
  check(text.isWellFormed(), "vectors.json must hold no lone surrogate");
  return text;
}

const text = build();
const size = Buffer.byteLength(text, "utf8");
if (process.argv.includes("--check")) {
  let current;
  try {
    current = readFileSync(OUT, "utf8");
  } catch {
    fail("tests/vectors/vectors.json is missing: run 'make vectors' and commit it");
  }
  if (current !== text) {
    const a = current.split("\n");
    const b = text.split("\n");
    let line = 0;
    while (line < a.length && line < b.length && a[line] === b[line]) line++;
    fail(`tests/vectors/vectors.json differs from what generate.mjs produces (first difference at line ${line + 1}).\n` +
      "Run 'make vectors' and commit the result, or revert the change to vectors.json.");
  }
  process.stdout.write(`vectors.json is up to date (${size} bytes)\n`);
} else {
  writeFileSync(OUT, text);
  process.stdout.write(`wrote ${OUT} (${size} bytes)\n`);
}
