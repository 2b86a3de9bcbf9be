// The package as users get it: `npm pack`, installed into a scratch project,
// used from CommonJS, ESM, TypeScript (strict) and through its `bin`.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';

import { BINDING_DIR, PKG_DIR } from './helpers.mjs';

const require = createRequire(import.meta.url);
const manifest = JSON.parse(readFileSync(join(PKG_DIR, 'package.json'), 'utf8'));
const project = mkdtempSync(join(tmpdir(), 'bpjs-codec-pkg-'));
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
let packed;

before(() => {
  // npm pack, then install the tarball offline (it has no dependencies).
  const out = execFileSync(npm, ['pack', '--json', '--pack-destination', project, PKG_DIR], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  packed = JSON.parse(out)[0];
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'scratch', version: '1.0.0', private: true }));
  execFileSync(npm, ['install', '--offline', '--no-audit', '--no-fund', '--loglevel=error', join(project, packed.filename)], {
    cwd: project,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
});
after(() => rmSync(project, { recursive: true, force: true }));

function node(args, options = {}) {
  const r = spawnSync(process.execPath, args, { cwd: project, encoding: 'utf8', ...options });
  assert.equal(r.status, 0, `node ${args.join(' ')}\n${r.stderr}`);
  return r.stdout;
}

test('package.json has what npm and Node need', () => {
  assert.equal(manifest.name, 'bpjs-codec');
  for (const field of ['main', 'types', 'bin', 'files', 'engines', 'exports']) assert.ok(manifest[field], field);
  assert.equal(manifest.engines.node, '>=18');
  const cargo = readFileSync(join(BINDING_DIR, '..', 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
  assert.equal(manifest.version, cargo, 'npm version = workspace version');
});

test('npm pack ships exactly the runtime files', () => {
  // wasm-bindgen puts imported JS (Node's AES for the core) under a hashed directory.
  const files = packed.files.map((f) => f.path.replace(/^snippets\/[^/]+\//, 'snippets/*/')).sort();
  assert.deepEqual(files, [
    'CHANGELOG.md',
    'LICENSE-APACHE',
    'LICENSE-MIT',
    'README.md',
    'bpjs_codec_wasm.js',
    'bpjs_codec_wasm_bg.wasm',
    'cli.cjs',
    'index.cjs',
    'index.d.mts',
    'index.d.ts',
    'index.mjs',
    'json.cjs',
    'package.json',
    'snippets/*/npm/aes.cjs',
  ]);
});

const USE = `
const creds = { consId: '1000', secret: 's3cret', userKey: 'uk' };
const ts = 1732406400;
const headers = api.buildHeaders('vclaim', creds, ts);
const ct = api.compressAndEncrypt(creds.consId, creds.secret, ts, '{"ok":[1,2]}');
const env = api.processWrapper(creds.consId, creds.secret, headers['X-timestamp'], JSON.stringify({ metaData: { code: '200' }, response: ct }));
let kind;
try { api.lzDecompress(''); } catch (e) { kind = (e instanceof api.BpjsCodecError) && e.kind; }
const row = api.auditRecord({ method: 'GET', endpoint: 'x', correlation_id: 'c', http_status: 200, request_payload: { a: 1 }, decoded: env }, { hash_key: api.deriveHashKey(creds.secret) });
console.log(JSON.stringify({ sig: headers['X-signature'].length, ok: env.response.ok, kind, audit: [row.status, row.payload_hash.length] }));
`;
const EXPECTED = JSON.stringify({ sig: 44, ok: [1, 2], kind: 'lz_empty', audit: ['success', 64] });

test('require("bpjs-codec") from CommonJS', () => {
  writeFileSync(join(project, 'use.cjs'), `const api = require('bpjs-codec');\n${USE}`);
  assert.equal(node(['use.cjs']).trim(), EXPECTED);
});

test('import from ESM, named and default', () => {
  writeFileSync(join(project, 'use.mjs'), `import * as api from 'bpjs-codec';\nimport def from 'bpjs-codec';\nif (def.buildHeaders !== api.buildHeaders) throw new Error('two instances');\n${USE}`);
  assert.equal(node(['use.mjs']).trim(), EXPECTED);
});

test('the declared unions are the runtime lists (services, error kinds, ErrorKind)', () => {
  const dts = readFileSync(join(PKG_DIR, 'index.d.ts'), 'utf8');
  const union = (name) => {
    const body = dts.match(new RegExp(`export type ${name} =([^;]+);`))[1];
    return [...body.matchAll(/'([^']+)'/g)].map((m) => m[1]);
  };
  const codec = require(PKG_DIR);
  assert.deepEqual(union('ServiceName'), [...codec.SERVICES]);
  assert.deepEqual(union('ErrorKindName'), [...codec.ERROR_KINDS]);
  const declaredMap = [...dts.match(/ErrorKind: Readonly<\{([^}]+)\}>/)[1].matchAll(/(\w+): '([a-z_0-9]+)'/g)].map((m) => [m[1], m[2]]);
  assert.deepEqual(declaredMap, Object.entries(codec.ErrorKind));
});

test('the bin runs through node_modules/.bin', () => {
  const bin = join(project, 'node_modules', '.bin', 'bpjs-codec');
  assert.ok(existsSync(bin));
  const r = spawnSync(bin, ['--help'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^Usage: bpjs-codec/);
});

test('TypeScript (strict, nodenext) accepts real use and rejects wrong names', () => {
  const tsc = join(BINDING_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
  assert.ok(existsSync(tsc), "typescript is missing: run 'npm ci' in bindings-wasm (make bootstrap)");
  const dir = join(project, 'ts');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'use.mts'), `
import { buildHeaders, processWrapper, metadata, BpjsCodecError, ErrorKind, SERVICES,
  type Credentials, type ServiceName, type ErrorKindName, type BpjsHeaders, type Envelope, type Metadata } from 'bpjs-codec';
import { authorization, servicePath, serviceFromUrl, lzCompress, redactEndpoint, resultNumber } from 'bpjs-codec';
import { auditRecord, redact, payloadHash, canonicalJson, retryDecision, deriveHashKey,
  type AuditAttempt, type AuditRow, type AuditOptions, type RetryDecision, type JsonValue } from 'bpjs-codec';
import { sendState, resendPlan, resendOutcome, staleLimits, loggedResultNumber,
  type SendState, type ResendPlan, type ResendOutcome, type StaleLimits } from 'bpjs-codec';
import { catalogue, request, encryptMedicalRecord, decryptMedicalRecord, buildMedicalRecordRequest,
  type EndpointName, type EndpointNames, type CatalogueEndpoint, type BpjsRequest } from 'bpjs-codec';

const creds: Credentials = { consId: '1000', secret: 's', userKey: 'k', username: 'u', password: 'p' };
const service: ServiceName = 'icare-fktp';
const headers: BpjsHeaders = buildHeaders(service, creds, 1732406400, { method: 'POST', contentType: 'text/plain' });
const ts: string = headers['X-timestamp'];
const forFetch: Record<string, string | undefined> = headers;
const reply = processWrapper(creds.consId, creds.secret, ts, '{}', { maxOutput: 1000 });
if (typeof reply !== 'string') {
  const env: Envelope = reply;
  const status: Metadata = metadata(env);
  const code: number | null = status.code;
  void code;
}
try { buildHeaders('vclaim', creds); } catch (e) {
  if (e instanceof BpjsCodecError) { const k: ErrorKindName = e.kind; if (k === ErrorKind.Padding) {} }
}
const all: readonly ServiceName[] = SERVICES;
void forFetch; void all;

// @ts-expect-error: not a service name
buildHeaders('vklaim', creds);
// @ts-expect-error: credentials use camelCase
buildHeaders('vclaim', { cons_id: '1', secret: 's' });
// @ts-expect-error: not an error kind
const wrong: ErrorKindName = 'timeout';
void wrong;
// @ts-expect-error: not a method
buildHeaders('vclaim', creds, 1, { method: 'PATCH' });

interface Kunjungan { noKartu: string; beratBadan: number }
const visit: Kunjungan = { noKartu: '0001234567890', beratBadan: 65 };
const attempt: AuditAttempt = { service: 'pcare', method: 'POST', endpoint: 'kunjungan', correlation_id: 'c',
  request_payload: visit, http_status: 201, decoded: reply, triggered_by: undefined };
// Credentials admit undefined (an unset environment variable); a secret
// value to scrub must be a string.
const options: AuditOptions = { secret_values: [creds.secret ?? ''], keep_last: 4, max_stored_bytes: 65536,
  hash_key: deriveHashKey(creds.secret) };
const fromEnv: Credentials = { consId: undefined, secret: undefined };
void fromEnv;
const row: AuditRow = auditRecord(attempt, options);
const done: 'success' | 'failed' = row.status;
const stored: string | null = row.request_payload;
const hash: string = payloadHash(visit, options.hash_key) + canonicalJson([1, 'a']);
const redacted: JsonValue = redact(visit, null);
const decision: RetryDecision = retryDecision({ transport: 'timeout', attempt: 1, method: 'GET' }, { schedule_secs: [60] });
const delay: number = decision.delay_secs;
void done; void stored; void hash; void redacted; void delay;
const auth: string = authorization('u', 'p', '095') + authorization('u', 'p');
const path: string = servicePath('pcare', { development: true }) + servicePath('vclaim');
const named: ServiceName | null = serviceFromUrl('https://apijkn.bpjs-kesehatan.go.id/pcare-rest');
const lz: string = lzCompress('{"a":1}');
const endpoint: string = redactEndpoint('peserta/0001234567890', { keep_last: 4 });
const number: string | null = resultNumber(reply) ?? row.result_number;
interface Dokter { kdDokter: string; nmDokter: string }
const typed = processWrapper<Envelope<{ count: number; list: Dokter[] }>>(creds.consId, creds.secret, ts, '{}');
if (typeof typed !== 'string') {
  const first: Dokter | undefined = typed.response?.list[0];
  void first;
}
const checked = processWrapper<Envelope<JsonValue>>(creds.consId, creds.secret, ts, '{}');
// @ts-expect-error: a JsonValue response must be narrowed first
if (typeof checked !== 'string') void checked.response.list;
void auth; void path; void named; void lz; void endpoint; void number;
// @ts-expect-error: not a service name
servicePath('sep');
// @ts-expect-error: development is a boolean option
servicePath('vclaim', true);
// @ts-expect-error: the keys are the snake_case column names
auditRecord({ method: 'GET', endpoint: 'x', correlationId: 'c' });
// @ts-expect-error: transport is timeout or connection
retryDecision({ transport: 'dns', attempt: 1, method: 'GET' });
// @ts-expect-error: not a redaction option
redact({}, { keepLast: 2 });
// @ts-expect-error: the hash key is required
auditRecord(attempt, { keep_last: 4 });
// @ts-expect-error: the old option is gone
redact({}, { max_body_chars: 10 });

// Send state and resend.
const state: SendState = sendState(null, { by: 'send', outcome: 'answered', method: 'POST', record: row, now: 1795000000 });
if (state.write !== 'none') { const next: number | null = state.next_attempt_at; void next; }
const plan: ResendPlan = resendPlan({ service: 'pcare', method: 'POST', endpoint: 'kunjungan', payload: '{}' }, { services: ['pcare'] });
if (plan.action === 'send') {
  const outcome: ResendOutcome = resendOutcome({ status: 'sending', method: 'POST', attempts: 1 }, plan, { outcome: 'not_sent', now: 1 });
  void outcome.state.status;
}
const limits: StaleLimits = staleLimits({ deadline_secs: 60 });
const logged: string | null = loggedResultNumber(row);
void limits; void logged;
// @ts-expect-error: by is send or resend
sendState(null, { by: 'cron', outcome: 'not_sent', method: 'POST', now: 1 });

// The catalogue: request() + fetch + processWrapper.
const names: EndpointName[] = catalogue().map((e: CatalogueEndpoint) => e.name);
const vclaimName: EndpointNames['vclaim'] = 'peserta.nik';
const built = request('vclaim', vclaimName, { nik: '3201011705800001', tgl_sep: '2026-12-05' },
  { credentials: creds, baseUrl: 'http://127.0.0.1:8080/vclaim-rest' });
const init = { method: built.method, headers: built.headers, body: built.body ?? undefined };
async function call(): Promise<void> {
  const res = await fetch(built.url, init);
  const decoded = processWrapper<Envelope<{ peserta: { nama: string } }>>(creds.consId, creds.secret, built.headers['X-timestamp'], await res.text());
  if (typeof decoded !== 'string') void decoded.response?.peserta.nama;
}
void call;
const unsigned: BpjsRequest<'pcare'> = request('pcare', 'kunjungan.insert', { body: { noKartu: '0001234567890', beratBadan: 65.5 } });
const url: string = unsigned.url;
void names; void url;
// @ts-expect-error: without credentials there are no headers to rely on
void unsigned.headers['X-timestamp'];
// @ts-expect-error: a typo in an endpoint name
request('vclaim', 'peserta.nikk');
// @ts-expect-error: an endpoint of another service
request('pcare', 'sep.insert');
// @ts-expect-error: options use camelCase
request('vclaim', 'peserta.nik', {}, { base_url: 'x' });

// eRekam Medis.
const dataMr: string = encryptMedicalRecord('1', 's', '0301R001', { resourceType: 'Bundle', entry: [] });
const bundle: string = decryptMedicalRecord('1', 's', '0301R001', dataMr, { maxOutput: 1 << 20 });
const body: string = buildMedicalRecordRequest('1', 's', '0301R001',
  { noSep: '0301R0011124V000123', jnsPelayanan: '2', bulan: 11, tahun: 2024, bundle });
void body;
// @ts-expect-error: jnsPelayanan is 1 or 2
buildMedicalRecordRequest('1', 's', '0301R001', { noSep: 'x', jnsPelayanan: '3', bulan: 1, tahun: 2024, bundle });
`);
  // No @types/node: the declarations must stand on the ES library alone.
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { strict: true, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', types: [] },
    files: ['use.mts'],
  }));
  const r = spawnSync(process.execPath, [tsc, '-p', dir], { cwd: project, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

// The first example of the package README, as a TypeScript user pastes it
// (ESM import instead of require, for its top-level await): it must compile
// with --strict and without, with fetch from the DOM library and
// process.env typed as @types/node types it.
test('TypeScript accepts the README example as written, strict or not', () => {
  const tsc = join(BINDING_DIR, 'node_modules', 'typescript', 'bin', 'tsc');
  assert.ok(existsSync(tsc), "typescript is missing: run 'npm ci' in bindings-wasm (make bootstrap)");
  const readme = readFileSync(join(PKG_DIR, 'README.md'), 'utf8');
  const example = readme.match(/```js\n([\s\S]*?)```/)[1];
  const required = /^const \{([^}]+)\} = require\('bpjs-codec'\);$/m;
  assert.match(example, required, 'the example starts with a require of bpjs-codec');
  const source = example.replace(required, "import {$1} from 'bpjs-codec';");
  for (const strict of [true, false]) {
    const dir = join(project, strict ? 'readme-strict' : 'readme-loose');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'process.d.ts'), 'declare const process: { env: Record<string, string | undefined> };\n');
    writeFileSync(join(dir, 'example.mts'), `${source}\nexport {};\n`);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict, noEmit: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', lib: ['es2022', 'dom'], types: [] },
      files: ['process.d.ts', 'example.mts'],
    }));
    const r = spawnSync(process.execPath, [tsc, '-p', dir], { cwd: project, encoding: 'utf8' });
    assert.equal(r.status, 0, `strict: ${strict}\n${source}\n${r.stdout}${r.stderr}`);
  }
});
