// Shared by the suites: where the built package, the vectors and the
// simulator are, and how to start and stop the simulator.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const BINDING_DIR = resolve(HERE, '..');
export const ROOT = resolve(BINDING_DIR, '..');
/** The built npm package (make build-wasm). */
export const PKG_DIR = process.env.BPJS_WASM_PKG ? resolve(process.env.BPJS_WASM_PKG) : join(BINDING_DIR, 'pkg');
export const CLI = join(PKG_DIR, 'cli.cjs');

if (!existsSync(join(PKG_DIR, 'bpjs_codec_wasm_bg.wasm'))) {
  throw new Error(`${PKG_DIR} has no build: run 'make build-wasm' first`);
}

const require = createRequire(import.meta.url);
/** The package, through its CommonJS entry. */
export const codec = require(PKG_DIR);
/** The wasm exports behind it (the same instance), for what the API does not show: `memory_bytes()`. */
export const backend = require(join(PKG_DIR, 'bpjs_codec_wasm.js'));

const vectorsPath = process.env.BPJS_VECTORS || join(ROOT, 'tests', 'vectors', 'vectors.json');
let vectorsCache;
/** tests/vectors/vectors.json, shared by every host's suite. */
export function vectors() {
  vectorsCache ??= JSON.parse(readFileSync(vectorsPath, 'utf8'));
  return vectorsCache;
}

const auditVectorsPath = process.env.BPJS_AUDIT_VECTORS || join(ROOT, 'tests', 'vectors', 'audit.json');
let auditCache;
/** tests/vectors/audit.json, the audit functions' shared cases. */
export function auditVectors() {
  auditCache ??= JSON.parse(readFileSync(auditVectorsPath, 'utf8'));
  return auditCache;
}

const ermVectorsPath = process.env.BPJS_ERM_VECTORS || join(ROOT, 'tests', 'vectors', 'erm.json');
let ermCache;
/** tests/vectors/erm.json, the eRekam Medis cases (docs/erm.md). */
export function ermVectors() {
  ermCache ??= JSON.parse(readFileSync(ermVectorsPath, 'utf8'));
  return ermCache;
}

/** Vector credentials (snake_case) as the Node API takes them (camelCase). */
export function camelCredentials(c) {
  const out = {};
  const names = { cons_id: 'consId', secret: 'secret', user_key: 'userKey', username: 'username', password: 'password', app_code: 'appCode' };
  for (const [snake, camel] of Object.entries(names)) if (snake in c) out[camel] = c[snake];
  return out;
}

/** The simulator's default credentials (sim/README.md). */
export const SIM = Object.freeze({
  consId: '31337',
  secret: 'simSecret2026',
  userKey: 'simUserKey0123456789',
  username: 'pcare.sim',
  password: 'SimPass!2026',
  appCode: '095',
});

/** Starts bpjs-sim on port 0; resolves to { url, stop }. */
export async function startSimulator() {
  const bin = process.env.BPJS_SIM_BIN || join(ROOT, 'target', 'release', 'bpjs-sim');
  if (!existsSync(bin)) throw new Error(`simulator binary ${bin} missing: run 'make build-sim' (or set BPJS_SIM_BIN)`);
  const child = spawn(bin, ['--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => {
    if (stderr.length < 20000) stderr += chunk;
  });
  const exited = new Promise((resolveExit) => child.once('exit', (code, signal) => resolveExit({ code, signal })));
  const lines = createInterface({ input: child.stdout });
  const url = await new Promise((resolveUrl, reject) => {
    lines.once('line', (line) => resolveUrl(line.trim()));
    exited.then(({ code, signal }) => reject(new Error(`bpjs-sim exited (${code ?? signal}) before printing its URL:\n${stderr}`)));
    child.once('error', reject);
  });
  if (!/^http:\/\/127\.0\.0\.1:\d+$/.test(url)) {
    child.kill('SIGTERM');
    throw new Error(`unexpected first line from bpjs-sim: ${url}`);
  }
  return {
    url,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
      lines.close();
    },
  };
}
