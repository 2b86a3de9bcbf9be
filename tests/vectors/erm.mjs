#!/usr/bin/env node
// Writes tests/vectors/erm.json, the conformance vectors of eRekam Medis
// (`dataMR`, docs/erm.md) that the Rust, Python, PHP and Node suites load.
//
//   node erm.mjs           regenerate erm.json
//   node erm.mjs --check   regenerate in memory; exit 1 if the committed file differs
//   node erm.mjs --open    read {cons_id, secret, kode_ppk, data_mr} lines (JSON) on stdin,
//                          write {bundle, header} lines: how the core's Rust tests have
//                          THIS implementation decrypt what the core encrypted
//
// Every dataMR here is made by node:crypto and node:zlib, independently of the
// core: dataMR = base64(AES-256-CBC(key = SHA-256(cons_id + secret + kodePPK),
// iv = key[0..16], plaintext = base64(gzip(bundle JSON)))). The expected
// outcome of each case is computed by the small policy opener below (our
// rules: docs/erm.md) and must equal the outcome the case was written for, so
// a wrong expectation cannot be written silently.
//
// Deflate output belongs to the zlib build node links, not to the format: a
// different node may compress the same bundle to other bytes. --check
// therefore accepts a committed dataMR that differs from the regenerated one
// when it opens to the same result; everything else must match byte for byte.

import { createCipheriv, createDecipheriv, createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import zlib from "node:zlib";

const HERE = dirname(fileURLToPath(import.meta.url));
const OUT = join(HERE, "erm.json");
const DEFAULT_MAX_OUTPUT = 32 * 1024 * 1024;

function fail(message) {
  process.stderr.write(`erm.mjs: ${message}\n`);
  process.exit(1);
}

// ---------------------------------------------------------------------------
// The format, written with node's own primitives.

function keyOf(consId, secret, kodePpk) {
  const key = createHash("sha256").update(consId + secret + kodePpk, "utf8").digest();
  return { key, iv: key.subarray(0, 16) };
}

/** AES-256-CBC + PKCS#7 of `plain` (a Buffer or a string), base64. */
function aesEncrypt(consId, secret, kodePpk, plain) {
  const { key, iv } = keyOf(consId, secret, kodePpk);
  const cipher = createCipheriv("aes-256-cbc", key, iv);
  return Buffer.concat([cipher.update(plain), cipher.final()]).toString("base64");
}

/** dataMR from already compressed bytes. */
const sealCompressed = (c, s, k, compressed) => aesEncrypt(c, s, k, compressed.toString("base64"));

/** A gzip member written by hand, to set header fields zlib.gzipSync does not. */
function gzipWithHeader(text, { mtime = 0, name = null, comment = null, extra = null, os = 3 }) {
  const data = Buffer.from(text, "utf8");
  let flags = 0;
  const parts = [];
  if (extra) {
    flags |= 4;
    const len = Buffer.alloc(2);
    len.writeUInt16LE(extra.length);
    parts.push(len, extra);
  }
  if (name !== null) {
    flags |= 8;
    parts.push(Buffer.from(`${name}\0`, "latin1"));
  }
  if (comment !== null) {
    flags |= 16;
    parts.push(Buffer.from(`${comment}\0`, "latin1"));
  }
  const header = Buffer.from([0x1f, 0x8b, 8, flags, 0, 0, 0, 0, 0, os]);
  header.writeUInt32LE(mtime, 4);
  const trailer = Buffer.alloc(8);
  trailer.writeUInt32LE(zlib.crc32(data), 0);
  trailer.writeUInt32LE(data.length >>> 0, 4);
  return Buffer.concat([header, ...parts, zlib.deflateRawSync(data), trailer]);
}

// ---------------------------------------------------------------------------
// The policy opener: our rules (docs/erm.md), in the order the core applies
// them. Returns {bundle, compression} or {error: kind}.

const BASE64_TEXT = /^[A-Za-z0-9+/=\s]*$/;

function lenientBase64(text) {
  const compact = text.replace(/[\t\n\f\r ]/g, "");
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.replace(/=+$/, "").length % 4 === 1) return null;
  return Buffer.from(compact, "base64");
}

function detect(bytes) {
  if (bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b) return "gzip";
  if (bytes.length >= 2) {
    const [cmf, flg] = bytes;
    if ((cmf & 0x0f) === 8 && cmf >> 4 <= 7 && (flg & 0x20) === 0 && (cmf * 256 + flg) % 31 === 0) return "zlib";
  }
  return null;
}

function policyOpen({ cons_id, secret, kode_ppk, data_mr, max_output }) {
  if (!cons_id || !secret || !kode_ppk || /[\s\p{Cc}]/u.test(kode_ppk)) return { error: "config" };
  const raw = lenientBase64(data_mr);
  if (raw === null) return { error: "base64" };
  if (raw.length === 0 || raw.length % 16 !== 0) return { error: "cipher_length" };
  const { key, iv } = keyOf(cons_id, secret, kode_ppk);
  let inner;
  try {
    const decipher = createDecipheriv("aes-256-cbc", key, iv);
    inner = Buffer.concat([decipher.update(raw), decipher.final()]);
  } catch {
    return { error: "padding" };
  }
  const innerText = inner.toString("latin1");
  if (!BASE64_TEXT.test(innerText)) return { error: "base64" };
  const compressed = lenientBase64(innerText);
  if (compressed === null) return { error: "base64" };
  const compression = detect(compressed);
  if (compression === null) return { error: "json" };
  const cap = max_output ?? DEFAULT_MAX_OUTPUT;
  let out;
  try {
    if (compression === "gzip") {
      out = zlib.gunzipSync(compressed, { maxOutputLength: Math.max(cap, 1) });
    } else {
      const { buffer, engine } = zlib.inflateSync(compressed, { maxOutputLength: Math.max(cap, 1), info: true });
      if (engine.bytesWritten !== compressed.length) return { error: "json" };
      out = buffer;
    }
  } catch (e) {
    return { error: e.code === "ERR_BUFFER_TOO_LARGE" ? "output_limit" : "json" };
  }
  if (out.length > cap) return { error: "output_limit" };
  const bundle = new TextDecoder("utf-8", { fatal: true });
  try {
    return { bundle: bundle.decode(out), compression };
  } catch {
    return { error: "json" };
  }
}

/** Our bundle check (check_medical_record_bundle): "ok" or "json". */
function bundleCheck(text) {
  try {
    const value = JSON.parse(text);
    return value !== null && typeof value === "object" && !Array.isArray(value) && value.resourceType === "Bundle"
      ? "ok"
      : "json";
  } catch {
    return "json";
  }
}

// ---------------------------------------------------------------------------
// --open: decrypt for the core's tests, with node only (no policy: plain
// gunzip/inflate, as a receiver would).

if (process.argv.includes("--open")) {
  const lines = readFileSync(0, "utf8").split("\n").filter((l) => l.trim() !== "");
  for (const line of lines) {
    const { cons_id, secret, kode_ppk, data_mr } = JSON.parse(line);
    const { key, iv } = keyOf(cons_id, secret, kode_ppk);
    const decipher = createDecipheriv("aes-256-cbc", key, iv);
    const inner = Buffer.concat([decipher.update(Buffer.from(data_mr, "base64")), decipher.final()]).toString("latin1");
    const compressed = Buffer.from(inner, "base64");
    const bundle = zlib.unzipSync(compressed).toString("utf8");
    process.stdout.write(`${JSON.stringify({ bundle, header: compressed.subarray(0, 10).toString("hex") })}\n`);
  }
  process.exit(0);
}

// ---------------------------------------------------------------------------
// Cases. Credentials and identifiers are made up.

const CONS = "1000";
const SECRET = "S3cr3tK3y";
const PPK = "0301R001";

// A TrustMark-style bundle as PHP's json_encode writes it: `/` escaped as `\/`,
// non-ASCII kept as \u escapes in one place and raw UTF-8 in another.
const BUNDLE_PHP = [
  '{"resourceType":"Bundle","id":"0301R001-0301R0011124V000123-1","meta":{"lastUpdated":"2024-11-24 10:15:00"},',
  '"identifier":{"system":"sep","value":"0301R0011124V000123"},"type":"document","entry":[',
  '{"resource":{"resourceType":"Composition","id":"c1","status":"final","title":"Discharge Summary",',
  '"section":{"0":{"title":"Reason for admission","text":{"status":"additional","div":"<div>Demam 3 hari<\\/div>"}}}}},',
  '{"resource":{"resourceType":"Patient","id":"p1","name":[{"use":"official","text":"Siti Aisyah"}],',
  '"identifier":[{"system":"http:\\/\\/hl7.org\\/fhir\\/v2\\/0203","value":"0001234567890"}]}},',
  '{"resource":{"resourceType":"Encounter","id":"e1","class":{"code":"AMB","display":"ambulatory"},',
  '"reason":"Pasien mengeluh nyeri kepala \\u00e9 dan mual; catatan: é 🏥"}}]}',
].join("");

const BUNDLE_PLAIN = '{"resourceType":"Bundle","type":"document","entry":[]}';
const BUNDLE_PRETTY = JSON.stringify(JSON.parse(BUNDLE_PHP), null, 2);

const wrap = (text, width) => text.match(new RegExp(`.{1,${width}}`, "g")).join("\n");

/** [name, note, intended outcome, inputs]; inputs.data_mr is made by a thunk. */
const decryptCases = [
  ["gzip_php_escapes", "node zlib.gzipSync of a bundle with PHP's \\/ escapes: returned byte for byte", "ok",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, zlib.gzipSync(BUNDLE_PHP)), bundle: BUNDLE_PHP }],
  ["zlib_gzcompress", "zlib (PHP gzcompress, BPJS's PHP sample) is accepted too", "ok",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, zlib.deflateSync(BUNDLE_PHP)), bundle: BUNDLE_PHP }],
  ["gzip_level9_pretty", "level 9, pretty-printed bundle", "ok",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, zlib.gzipSync(BUNDLE_PRETTY, { level: 9 })), bundle: BUNDLE_PRETTY }],
  ["gzip_stored", "level 0: stored blocks", "ok",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, zlib.gzipSync(BUNDLE_PLAIN, { level: 0 })), bundle: BUNDLE_PLAIN }],
  ["gzip_header_fields", "mtime, file name, comment and extra field set (PHP gzencode of a file, gzip(1))", "ok",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK,
      gzipWithHeader(BUNDLE_PLAIN, { mtime: 1732406400, name: "bundle.json", comment: "rm", extra: Buffer.from("AB\x02\x00xy", "latin1"), os: 0 })),
    bundle: BUNDLE_PLAIN }],
  ["gzip_two_members", "two gzip members back to back are one stream (RFC 1952 2.2)", "ok",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, Buffer.concat([zlib.gzipSync(BUNDLE_PHP.slice(0, 100)), zlib.gzipSync(BUNDLE_PHP.slice(100))])),
      bundle: BUNDLE_PHP }],
  ["inner_base64_wrapped", "inner base64 wrapped at 76 columns (MIME encoders) is accepted", "ok",
    { data_mr: () => aesEncrypt(CONS, SECRET, PPK, wrap(zlib.gzipSync(BUNDLE_PHP).toString("base64"), 76)), bundle: BUNDLE_PHP }],
  ["data_mr_wrapped", "dataMR itself wrapped with CRLF (pasted from a log)", "ok",
    { data_mr: () => wrap(sealCompressed(CONS, SECRET, PPK, zlib.gzipSync(BUNDLE_PLAIN)), 64).replace(/\n/g, "\r\n"), bundle: BUNDLE_PLAIN }],
  ["not_a_bundle", "decrypts; the separate bundle check refuses it", "ok",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, zlib.gzipSync('{"resourceType":"Patient","id":"p1"}')), bundle: '{"resourceType":"Patient","id":"p1"}' }],
  ["not_json", "decrypts; the bundle check refuses text that is not JSON", "ok",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, zlib.gzipSync("Service Unavailable")), bundle: "Service Unavailable" }],
  ["at_the_limit", "output exactly max_output bytes is allowed", "ok",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, zlib.gzipSync(BUNDLE_PHP)), bundle: BUNDLE_PHP, max_output: Buffer.byteLength(BUNDLE_PHP) }],
  ["over_the_limit", "one byte over max_output", "output_limit",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, zlib.gzipSync(BUNDLE_PHP)), max_output: Buffer.byteLength(BUNDLE_PHP) - 1 }],
  ["zlib_over_the_limit", "the cap applies to zlib too", "output_limit",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, zlib.deflateSync(BUNDLE_PHP)), max_output: 100 }],
  ["gzip_bomb_default_cap", "about 45 KB of dataMR that expands past the default cap (32 MiB)", "output_limit",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, zlib.gzipSync(Buffer.alloc(DEFAULT_MAX_OUTPUT + 1, 0x20), { level: 9 })) }],
  ["wrong_kode_ppk", "encrypted for another facility: the key differs", "padding",
    { data_mr: () => sealCompressed(CONS, SECRET, "0301R002", zlib.gzipSync(BUNDLE_PLAIN)) }],
  ["timestamp_instead_of_kode_ppk", "keyed like a response (cons_id + secret + timestamp)", "padding",
    { data_mr: () => sealCompressed(CONS, SECRET, "1732406400", zlib.gzipSync(BUNDLE_PLAIN)) }],
  ["not_base64", "an HTML page instead of dataMR", "base64", { data_mr: () => "<html><body>502 Bad Gateway</body></html>" }],
  ["empty", "empty dataMR", "cipher_length", { data_mr: () => "" }],
  ["cut", "dataMR cut after 20 bytes", "cipher_length",
    { data_mr: () => Buffer.from(sealCompressed(CONS, SECRET, PPK, zlib.gzipSync(BUNDLE_PLAIN)), "base64").subarray(0, 20).toString("base64") }],
  ["raw_gzip_no_inner_base64", "gzip bytes encrypted without the inner base64 step", "base64",
    { data_mr: () => aesEncrypt(CONS, SECRET, PPK, zlib.gzipSync(BUNDLE_PLAIN)) }],
  ["inner_not_base64", "the AES plaintext is text but not base64", "base64",
    { data_mr: () => aesEncrypt(CONS, SECRET, PPK, "bundle: {not base64}") }],
  ["uncompressed_bundle", "base64 of the bundle itself, never compressed", "json",
    { data_mr: () => aesEncrypt(CONS, SECRET, PPK, Buffer.from(BUNDLE_PLAIN).toString("base64")) }],
  ["gzip_truncated", "gzip member cut before its trailer", "json",
    { data_mr: () => { const g = zlib.gzipSync(BUNDLE_PHP); return sealCompressed(CONS, SECRET, PPK, g.subarray(0, g.length - 5)); } }],
  ["gzip_bad_crc", "CRC-32 in the trailer does not match", "json",
    { data_mr: () => { const g = Buffer.from(zlib.gzipSync(BUNDLE_PHP)); g[g.length - 8] ^= 0xff; return sealCompressed(CONS, SECRET, PPK, g); } }],
  ["gzip_trailing_garbage", "bytes after the gzip member that are not another member", "json",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, Buffer.concat([zlib.gzipSync(BUNDLE_PLAIN), Buffer.from("garbage!")])) }],
  ["zlib_trailing_garbage", "bytes after the zlib stream", "json",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, Buffer.concat([zlib.deflateSync(BUNDLE_PLAIN), Buffer.from("xyz")])) }],
  ["not_utf8", "the bundle bytes are Latin-1, not UTF-8", "json",
    { data_mr: () => sealCompressed(CONS, SECRET, PPK, zlib.gzipSync(Buffer.from('{"resourceType":"Bundle","n":"Jos\xe9"}', "latin1"))) }],
  ["kode_ppk_missing", "empty kode_ppk", "config", { kode_ppk: "", data_mr: () => "AAAAAAAAAAAAAAAAAAAAAA==" }],
  ["kode_ppk_newline", "kode_ppk with a trailing newline from a settings file", "config", { kode_ppk: `${PPK}\n`, data_mr: () => "AAAAAAAAAAAAAAAAAAAAAA==" }],
];

function buildDecrypt() {
  return decryptCases.map(([name, note, intended, spec]) => {
    const input = {
      cons_id: spec.cons_id ?? CONS,
      secret: spec.secret ?? SECRET,
      kode_ppk: spec.kode_ppk ?? PPK,
      data_mr: spec.data_mr(),
    };
    if (spec.max_output !== undefined) input.max_output = spec.max_output;
    const got = policyOpen(input);
    const outcome = got.error ?? "ok";
    if (outcome !== intended) fail(`decrypt case ${name}: written for ${intended}, the policy gives ${outcome}`);
    const row = { name, note, ...input };
    if (got.error) {
      row.error = got.error;
    } else {
      if (got.bundle !== spec.bundle) fail(`decrypt case ${name}: node opens it to another bundle`);
      row.bundle = got.bundle;
      row.compression = got.compression;
      row.bundle_check = bundleCheck(got.bundle);
    }
    return row;
  });
}

// check_medical_record_bundle: [name, text, "ok" | kind]
const bundleCases = [
  ["bundle_object", BUNDLE_PLAIN, "ok"],
  ["bundle_with_whitespace", `  \n${BUNDLE_PRETTY}\n`, "ok"],
  ["resource_type_not_first", '{"id":"b1","resourceType":"Bundle"}', "ok"],
  ["php_escapes", BUNDLE_PHP, "ok"],
  ["patient_alone", '{"resourceType":"Patient"}', "json"],
  ["resource_type_missing", '{"type":"document","entry":[]}', "json"],
  ["resource_type_wrong_case", '{"resourcetype":"Bundle"}', "json"],
  ["resource_type_not_string", '{"resourceType":["Bundle"]}', "json"],
  ["array", `[${BUNDLE_PLAIN}]`, "json"],
  ["string", '"Bundle"', "json"],
  ["two_values", `${BUNDLE_PLAIN} {}`, "json"],
  ["cut", BUNDLE_PLAIN.slice(0, -1), "json"],
  ["empty", "", "json"],
];

function buildBundles() {
  return bundleCases.map(([name, bundle_json, intended]) => {
    const got = bundleCheck(bundle_json);
    if (got !== intended) fail(`bundle case ${name}: written for ${intended}, the check gives ${got}`);
    return got === "ok" ? { name, bundle_json } : { name, bundle_json, error: got };
  });
}

// build_medical_record_request_json: the fields object as JSON text, and what
// the body must hold (dataMR aside, which must open to `bundle`). Written by
// hand from docs/erm.md.
const SEP = "0301R0011124V000123";
const requestCases = [
  { name: "strings", fields_json: `{"noSep":"${SEP}","jnsPelayanan":"2","bulan":"11","tahun":"2024","bundle":${BUNDLE_PHP}}`,
    request: { noSep: SEP, jnsPelayanan: "2", bulan: "11", tahun: "2024" }, bundle: BUNDLE_PHP },
  { name: "bulan_leading_zero_dropped", fields_json: `{"noSep":"${SEP}","jnsPelayanan":"1","bulan":"03","tahun":"2025","bundle":${BUNDLE_PLAIN}}`,
    request: { noSep: SEP, jnsPelayanan: "1", bulan: "3", tahun: "2025" }, bundle: BUNDLE_PLAIN },
  { name: "numbers_accepted", fields_json: `{"noSep":"${SEP}","jnsPelayanan":2,"bulan":7,"tahun":2024,"bundle":${BUNDLE_PLAIN}}`,
    request: { noSep: SEP, jnsPelayanan: "2", bulan: "7", tahun: "2024" }, bundle: BUNDLE_PLAIN },
  { name: "bundle_text_verbatim", note: "the bundle object's text, spacing and escapes included, is what gets compressed",
    fields_json: `{"bundle": { "resourceType" : "Bundle", "url":"http:\\/\\/x", "n": 1.50 }, "noSep":"${SEP}","jnsPelayanan":"2","bulan":"1","tahun":"2024"}`,
    request: { noSep: SEP, jnsPelayanan: "2", bulan: "1", tahun: "2024" }, bundle: '{ "resourceType" : "Bundle", "url":"http:\\/\\/x", "n": 1.50 }' },
  { name: "bundle_as_string", fields_json: JSON.stringify({ noSep: SEP, jnsPelayanan: "2", bulan: "12", tahun: "2024", bundle: BUNDLE_PHP }),
    request: { noSep: SEP, jnsPelayanan: "2", bulan: "12", tahun: "2024" }, bundle: BUNDLE_PHP },
  { name: "no_sep_missing", fields_json: `{"jnsPelayanan":"2","bulan":"1","tahun":"2024","bundle":${BUNDLE_PLAIN}}`, error: "config", error_field: "noSep" },
  { name: "no_sep_with_dash", fields_json: `{"noSep":"0301R001-1124V000123","jnsPelayanan":"2","bulan":"1","tahun":"2024","bundle":${BUNDLE_PLAIN}}`, error: "config", error_field: "noSep" },
  { name: "jns_pelayanan_3", fields_json: `{"noSep":"${SEP}","jnsPelayanan":"3","bulan":"1","tahun":"2024","bundle":${BUNDLE_PLAIN}}`, error: "config", error_field: "jnsPelayanan" },
  { name: "bulan_13", fields_json: `{"noSep":"${SEP}","jnsPelayanan":"2","bulan":"13","tahun":"2024","bundle":${BUNDLE_PLAIN}}`, error: "config", error_field: "bulan" },
  { name: "bulan_0", fields_json: `{"noSep":"${SEP}","jnsPelayanan":"2","bulan":0,"tahun":"2024","bundle":${BUNDLE_PLAIN}}`, error: "config", error_field: "bulan" },
  { name: "tahun_two_digits", fields_json: `{"noSep":"${SEP}","jnsPelayanan":"2","bulan":"1","tahun":"24","bundle":${BUNDLE_PLAIN}}`, error: "config", error_field: "tahun" },
  { name: "unknown_field", fields_json: `{"noSEP":"${SEP}","jnsPelayanan":"2","bulan":"1","tahun":"2024","bundle":${BUNDLE_PLAIN}}`, error: "config", error_field: "request fields" },
  { name: "bundle_missing", fields_json: `{"noSep":"${SEP}","jnsPelayanan":"2","bulan":"1","tahun":"2024"}`, error: "config", error_field: "bundle" },
  { name: "bundle_is_a_patient", fields_json: `{"noSep":"${SEP}","jnsPelayanan":"2","bulan":"1","tahun":"2024","bundle":{"resourceType":"Patient"}}`, error: "json", error_field: "bundle" },
];

function buildRequests() {
  return requestCases.map((c) => {
    JSON.parse(c.fields_json); // every input is valid JSON
    return { cons_id: CONS, secret: SECRET, kode_ppk: PPK, ...c };
  });
}

// parse_medical_record_request: received bodies. dataMR from node.
const goodDataMr = () => sealCompressed(CONS, SECRET, PPK, zlib.gzipSync(BUNDLE_PLAIN));
const bodyCases = [
  { name: "as_built", body: () => `{"request":{"noSep":"${SEP}","jnsPelayanan":"2","bulan":"1","tahun":"2024","dataMR":"${goodDataMr()}"}}`,
    request: { noSep: SEP, jnsPelayanan: "2", bulan: "1", tahun: "2024" }, bundle: BUNDLE_PLAIN },
  { name: "bulan_leading_zero_accepted", body: () => `{"request":{"noSep":"${SEP}","jnsPelayanan":"2","bulan":"01","tahun":"2024","dataMR":"${goodDataMr()}"}}`,
    request: { noSep: SEP, jnsPelayanan: "2", bulan: "1", tahun: "2024" }, bundle: BUNDLE_PLAIN },
  { name: "php_escaped_slashes", note: "json_encode writes \\/ inside dataMR: JSON-decoding undoes it",
    body: () => `{"request":{"noSep":"${SEP}","jnsPelayanan":"1","bulan":"12","tahun":"2023","dataMR":"${goodDataMr().replace(/\//g, "\\/")}"}}`,
    request: { noSep: SEP, jnsPelayanan: "1", bulan: "12", tahun: "2023" }, bundle: BUNDLE_PLAIN },
  { name: "not_wrapped", body: () => `{"noSep":"${SEP}","jnsPelayanan":"2","bulan":"1","tahun":"2024","dataMR":"x"}`, error: "config", error_field: "body" },
  { name: "data_mr_missing", body: () => `{"request":{"noSep":"${SEP}","jnsPelayanan":"2","bulan":"1","tahun":"2024"}}`, error: "config", error_field: "dataMR" },
  { name: "html", body: () => "<html>Service Unavailable</html>", error: "config", error_field: "body" },
];

function buildBodies() {
  return bodyCases.map((c) => {
    const row = { name: c.name, ...(c.note ? { note: c.note } : {}), body: c.body() };
    if (c.error) return { ...row, error: c.error, error_field: c.error_field };
    const parsed = JSON.parse(row.body).request;
    const opened = policyOpen({ cons_id: CONS, secret: SECRET, kode_ppk: PPK, data_mr: parsed.dataMR });
    if (opened.bundle !== c.bundle) fail(`body case ${c.name}: dataMR does not open to the bundle`);
    return { ...row, cons_id: CONS, secret: SECRET, kode_ppk: PPK, request: c.request, bundle: c.bundle };
  });
}

// ---------------------------------------------------------------------------

const doc = {
  format: 1,
  reference: "node:crypto + node:zlib",
  default_max_output: DEFAULT_MAX_OUTPUT,
  decrypt: buildDecrypt(),
  bundles: buildBundles(),
  requests: buildRequests(),
  bodies: buildBodies(),
};
const text = `${JSON.stringify(doc, null, 1)}\n`;

/** Committed and regenerated agree, up to how this zlib build deflates. */
function sameUpToDeflate(committed, fresh) {
  if (committed === fresh) return true;
  let old;
  try {
    old = JSON.parse(committed);
  } catch {
    return false;
  }
  const strip = (d) => JSON.stringify({ ...d, decrypt: d.decrypt.map(({ data_mr, ...rest }) => rest), bodies: d.bodies.map(({ body, ...rest }) => rest) });
  if (strip(old) !== strip(doc)) return false;
  // Each committed dataMR must still open to what the case says.
  return old.decrypt.every((row) => {
    const got = policyOpen(row);
    return row.error ? got.error === row.error : got.bundle === row.bundle && got.compression === row.compression;
  });
}

if (process.argv.includes("--check")) {
  let committed = "";
  try {
    committed = readFileSync(OUT, "utf8");
  } catch {
    fail(`${OUT} is missing: run 'make vectors'`);
  }
  if (!sameUpToDeflate(committed, text)) fail("erm.json differs from what erm.mjs generates: run 'make vectors' and commit");
  process.stdout.write("erm.json matches erm.mjs\n");
} else {
  writeFileSync(OUT, text);
  process.stdout.write(`wrote ${OUT}\n`);
}
