// The command-line tool, run as a subprocess (node pkg/cli.cjs ...).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';

import { CLI, HERE, codec, vectors } from './helpers.mjs';

const CRED = {
  BPJS_CONS_ID: '1000',
  BPJS_SECRET: 'Rahasia-CLI-Secret',
  BPJS_USER_KEY: 'userkey-cli-0001',
  BPJS_USERNAME: 'dokter.cli',
  BPJS_PASSWORD: 'Sandi-CLI-Pass',
  BPJS_APP_CODE: '095',
};
const TS = '1732406400';
const SECRETS = [CRED.BPJS_SECRET, CRED.BPJS_PASSWORD];
const tmp = mkdtempSync(join(tmpdir(), 'bpjs-codec-cli-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// Whatever fails, the tool prints lines, never a stack trace.
function noStackTrace(result) {
  assert.doesNotMatch(result.err, /^\s+at .+[(:]\d+/m, `stderr has a stack trace:\n${result.err}`);
  assert.doesNotMatch(result.err, /node:internal|^\s*\^$/m, `stderr has a Node crash report:\n${result.err}`);
}

// A clean environment: only PATH and what the test gives.
function run(args, { input = '', env = CRED } = {}) {
  return spawnCli(process.execPath, [CLI, ...args], { input, env });
}

// `command` runs the CLI somehow (directly, through a shell, a producer).
function spawnCli(command, args, { input, env = CRED, stdio } = {}) {
  const result = spawnSync(command, args, {
    input,
    stdio,
    env: { PATH: process.env.PATH, ...env },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  const r = { code: result.status, out: result.stdout ?? '', err: result.stderr ?? '' };
  noStackTrace(r);
  return r;
}

function noSecrets(result, secrets = SECRETS) {
  for (const secret of secrets) {
    assert.ok(!result.out.includes(secret), `stdout shows a secret:\n${result.out}`);
    assert.ok(!result.err.includes(secret), `stderr shows a secret:\n${result.err}`);
  }
}

function file(name, content) {
  const path = join(tmp, name);
  writeFileSync(path, content);
  return path;
}

const SAMPLE = { poli: [{ kode: 'INT', nama: 'PENYAKIT DALAM' }, { kode: 'ANA', nama: 'Anak é🏥' }] };
const ciphertext = codec.compressAndEncrypt(CRED.BPJS_CONS_ID, CRED.BPJS_SECRET, TS, JSON.stringify(SAMPLE));
const ENVELOPE = { metaData: { code: '200', message: 'Sukses' }, response: ciphertext };
const DECODED = { metaData: { code: '200', message: 'Sukses' }, response: SAMPLE };

describe('help and usage', () => {
  test('--help for the tool and every command exits 0', () => {
    for (const args of [['--help'], ['-h'], ['help'], ['help', 'decode'], ['headers', '--help'], ['decode', '--help'], ['encode', '-h']]) {
      const r = run(args);
      assert.equal(r.code, 0, args.join(' '));
      assert.match(r.out, /^Usage: bpjs-codec/, args.join(' '));
    }
    assert.match(run(['decode', '--help']).out, /--find-timestamp/);
    assert.match(run(['headers', '--help']).out, /BPJS_SECRET/);
  });

  test('no command, an unknown command or option, or a missing required option: exit 2', () => {
    for (const args of [[], ['frobnicate'], ['headers'], ['headers', '--service', 'pcare', '--bogus'], ['decode'], ['decode', '--timestamp', TS, '--find-timestamp', TS], ['help', 'nope'], ['headers', '--service', 'vclaim', 'extra'], ['headers', '--service', 'vclaim', '--curl', 'GET']]) {
      const r = run(args, { input: '{}' });
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.ok(r.err.length > 0);
    }
  });

  test('--version prints the package version', () => {
    const r = run(['--version']);
    assert.equal(r.code, 0);
    assert.match(r.out.trim(), /^\d+\.\d+\.\d+/);
  });
});

describe('headers', () => {
  const signature = createHmac('sha256', CRED.BPJS_SECRET).update(`${CRED.BPJS_CONS_ID}&${TS}`).digest('base64');

  test('prints every header from the environment credentials', () => {
    const r = run(['headers', '--service', 'pcare', '--timestamp', TS]);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.trim().split('\n');
    assert.deepEqual(lines, [
      `X-cons-id: ${CRED.BPJS_CONS_ID}`,
      `X-timestamp: ${TS}`,
      `X-signature: ${signature}`,
      `user_key: ${CRED.BPJS_USER_KEY}`,
      `X-authorization: Basic ${Buffer.from(`${CRED.BPJS_USERNAME}:${CRED.BPJS_PASSWORD}:095`).toString('base64')}`,
      'Accept: application/json',
      'Content-Type: application/json',
    ]);
    assert.match(r.err, new RegExp(`decode --timestamp ${TS}`));
    noSecrets(r);
  });

  test('defaults to the current time, and says which one', () => {
    const before = Math.floor(Date.now() / 1000);
    const r = run(['headers', '--service', 'aplicares', '--json']);
    const after = Math.floor(Date.now() / 1000);
    assert.equal(r.code, 0, r.err);
    const h = JSON.parse(r.out);
    const ts = Number(h['X-timestamp']);
    assert.ok(ts >= before && ts <= after);
    assert.ok(r.err.includes(h['X-timestamp']));
    assert.equal(h.user_key, undefined);
  });

  test('--json and --redact', () => {
    const r = run(['headers', '--service', 'pcare', '--timestamp', TS, '--json', '--redact']);
    assert.equal(r.code, 0, r.err);
    const h = JSON.parse(r.out);
    assert.equal(h['X-signature'], '<redacted>');
    assert.equal(h.user_key, '<redacted>');
    assert.equal(h['X-authorization'], '<redacted>');
    assert.equal(h['X-cons-id'], CRED.BPJS_CONS_ID);
    noSecrets(r, [...SECRETS, CRED.BPJS_USER_KEY, signature]);
  });

  test('--curl METHOD URL prints a runnable curl command', () => {
    const url = 'http://127.0.0.1:1/vclaim-rest/SEP/2.0/insert';
    const r = run(['headers', '--service', 'vclaim', '--timestamp', TS, '--curl', 'post', url, '--data', 'sep body.json']);
    assert.equal(r.code, 0, r.err);
    const cmd = r.out.trim();
    assert.ok(cmd.startsWith(`curl -sS -X POST ${url} `), cmd);
    assert.ok(cmd.includes(`-H 'X-signature: ${signature}'`), cmd);
    assert.ok(cmd.includes(`-H 'Content-Type: Application/x-www-form-urlencoded'`), cmd);
    assert.ok(cmd.endsWith(`--data-binary '@sep body.json'`), cmd);
    assert.equal(cmd.split('\n').length, 1);
    noSecrets(r);
  });

  test('--method and --content-type', () => {
    const r = run(['headers', '--service', 'pcare', '--timestamp', TS, '--method', 'POST', '--content-type', 'text/plain', '--json']);
    assert.equal(JSON.parse(r.out)['Content-Type'], 'text/plain');
    assert.equal(run(['headers', '--service', 'vclaim', '--method', 'PATCH']).code, 2);
  });

  test('flags override the environment; secrets as flags are warned about, never echoed', () => {
    const r = run(['headers', '--service', 'vclaim', '--timestamp', TS, '--cons-id', '2000', '--secret', 'Flag-Secret-xyz', '--user-key', 'flag-user-key'], { env: {} });
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^X-cons-id: 2000$/m);
    assert.match(r.out, new RegExp(`^X-signature: ${createHmac('sha256', 'Flag-Secret-xyz').update(`2000&${TS}`).digest('base64').replace(/[+/]/g, '\\$&')}$`, 'm'));
    assert.match(r.err, /warning: --secret .*BPJS_SECRET/);
    assert.match(r.err, /warning: --user-key .*BPJS_USER_KEY/);
    noSecrets(r, ['Flag-Secret-xyz']);
  });

  test('missing credentials: exit 2 naming the field (config)', () => {
    const r = run(['headers', '--service', 'pcare', '--timestamp', TS], { env: { BPJS_CONS_ID: '1', BPJS_SECRET: 'Hidden-Secret-1', BPJS_USER_KEY: 'k' } });
    assert.equal(r.code, 2);
    assert.match(r.err, /\[config\].*username/);
    noSecrets(r, ['Hidden-Secret-1']);
    assert.equal(run(['headers', '--service', 'nope', '--timestamp', TS]).code, 2);
  });
});

describe('decode', () => {
  const envelopePath = file('envelope.json', JSON.stringify(ENVELOPE, null, 2));

  test('an envelope from a file prints pretty JSON', () => {
    const r = run(['decode', '--timestamp', TS, envelopePath]);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), DECODED);
    assert.ok(r.out.includes('\n  "metaData"'), 'pretty');
    noSecrets(r);
  });

  test('stdin with - or no FILE, and --compact', () => {
    for (const args of [['decode', '--timestamp', TS, '-'], ['decode', '--timestamp', TS, '--compact']]) {
      const r = run(args, { input: JSON.stringify(ENVELOPE) });
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(JSON.parse(r.out), DECODED);
    }
    assert.equal(run(['decode', '--timestamp', TS, '--compact'], { input: JSON.stringify(ENVELOPE) }).out.trim().split('\n').length, 1);
  });

  test('a bare ciphertext, also quoted or wrapped over lines as in a log', () => {
    const wrapped = ciphertext.match(/.{1,76}/g).join('\n');
    for (const input of [ciphertext, `"${ciphertext}"\n`, wrapped]) {
      const r = run(['decode', '--timestamp', TS], { input });
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(JSON.parse(r.out), SAMPLE);
    }
  });

  test('the wrong timestamp: exit 3, kind padding, and a hint', () => {
    const r = run(['decode', '--timestamp', '1732406401', envelopePath]);
    assert.equal(r.code, 3);
    assert.match(r.err, /\[padding\]/);
    assert.match(r.err, /--find-timestamp/);
    assert.equal(r.out, '');
    noSecrets(r);
  });

  test('--find-timestamp reports which timestamp decrypts', () => {
    for (const [around, offset] of [['1732406100', '+300'], ['1732406999', '-599'], [TS, '+0']]) {
      const r = run(['decode', '--find-timestamp', around, '--window', '600', envelopePath]);
      assert.equal(r.code, 0, r.err);
      assert.deepEqual(JSON.parse(r.out), DECODED);
      assert.match(r.err, new RegExp(`timestamp ${TS} decrypts \\(${offset.replace('+', '\\+')} s from ${around}\\)`));
    }
    // A bare ciphertext works the same way; the default window is 600 s.
    const bare = run(['decode', '--find-timestamp', '1732405900'], { input: ciphertext });
    assert.equal(bare.code, 0, bare.err);
    assert.deepEqual(JSON.parse(bare.out), SAMPLE);
  });

  test('--find-timestamp outside the window, or with the wrong secret: exit 3', () => {
    const r = run(['decode', '--find-timestamp', '1732405000', '--window', '60', envelopePath]);
    assert.equal(r.code, 3);
    assert.match(r.err, /\[padding\].*no timestamp within 60 s/);
    const s = run(['decode', '--find-timestamp', TS, '--window', '5', envelopePath], { env: { ...CRED, BPJS_SECRET: 'other-secret' } });
    assert.equal(s.code, 3);
    noSecrets(s, ['other-secret', CRED.BPJS_SECRET]);
  });

  test('--find-timestamp on a response that is not encrypted: exit 3, never "decrypts"', () => {
    for (const [response, kind] of [['0301R0011124V000123', 'cipher_length'], ['SEP-0301R001', 'base64']]) {
      const input = JSON.stringify({ metaData: ENVELOPE.metaData, response });
      const r = run(['decode', '--find-timestamp', TS, '--window', '600'], { input });
      assert.equal(r.code, 3, r.err);
      assert.match(r.err, new RegExp(`\\[${kind}\\]`));
      assert.doesNotMatch(r.err, /decrypts/);
    }
  });

  test('findTimestamp screens a week of candidates on the last block', () => {
    // 40,001 wrong keys: each costs one key derivation and one AES block.
    const ct = codec.compressAndEncrypt(CRED.BPJS_CONS_ID, CRED.BPJS_SECRET, TS, JSON.stringify(SAMPLE));
    assert.equal(codec.findTimestamp(CRED.BPJS_CONS_ID, 'other-secret', ct, TS, { window: 20_000 }), null);
    assert.equal(codec.findTimestamp(CRED.BPJS_CONS_ID, CRED.BPJS_SECRET, ct, Number(TS) + 19_999, { window: 20_000 }), TS);
    assert.throws(() => codec.findTimestamp(CRED.BPJS_CONS_ID, CRED.BPJS_SECRET, ct, TS, { window: codec.MAX_WINDOW_SECS + 1 }),
      (err) => err.kind === 'config');
  });

  test('input that is not a ciphertext: exit 3 with its kind', () => {
    const cases = [
      ['<html>502 Bad Gateway</html>', 'base64'],
      ['AAAA', 'cipher_length'],
      [JSON.stringify({ metaData: ENVELOPE.metaData, response: codec.compressAndEncrypt(CRED.BPJS_CONS_ID, CRED.BPJS_SECRET, TS, 'bukan json') }), 'json'],
    ];
    for (const [input, kind] of cases) {
      const r = run(['decode', '--timestamp', TS], { input });
      assert.equal(r.code, 3, `${kind}: ${r.err}`);
      assert.match(r.err, new RegExp(`\\[${kind}\\]`));
    }
  });

  test('--max-output stops a large reply with output_limit', () => {
    const r = run(['decode', '--timestamp', TS, '--max-output', '10', envelopePath]);
    assert.equal(r.code, 3);
    assert.match(r.err, /\[output_limit\]/);
    assert.equal(run(['decode', '--timestamp', TS, '--max-output', 'ten', envelopePath]).code, 2);
    assert.equal(run(['decode', '--find-timestamp', TS, '--window', '999999999', envelopePath]).code, 2);
    assert.equal(run(['decode', '--timestamp', TS, '--window', '60', envelopePath]).code, 2);
  });

  test('an envelope that needs no decoding is printed as it is', () => {
    const plain = { metadata: { code: 1, message: 'OK' }, response: { list: [] } };
    const r = run(['decode', '--timestamp', TS], { input: JSON.stringify(plain) });
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out), plain);
  });

  test('missing secret: exit 2 (config); unreadable file: exit 2', () => {
    const r = run(['decode', '--timestamp', TS, envelopePath], { env: { BPJS_CONS_ID: '1000' } });
    assert.equal(r.code, 2);
    assert.match(r.err, /\[config\].*secret/);
    assert.equal(run(['decode', '--timestamp', TS, join(tmp, 'missing.json')]).code, 2);
  });
});

describe('encode', () => {
  test('round-trips through decode and through the API', () => {
    const json = JSON.stringify(SAMPLE);
    const enc = run(['encode', '--timestamp', TS], { input: json });
    assert.equal(enc.code, 0, enc.err);
    const ct = enc.out.trim();
    assert.equal(codec.decryptAndDecompress(CRED.BPJS_CONS_ID, CRED.BPJS_SECRET, TS, ct), json);
    const dec = run(['decode', '--timestamp', TS], { input: ct });
    assert.deepEqual(JSON.parse(dec.out), SAMPLE);
    noSecrets(enc);
  });

  test('--envelope writes a whole reply; without --timestamp the one used is printed', () => {
    const r = run(['encode', '--envelope', file('sample.json', JSON.stringify(SAMPLE))]);
    assert.equal(r.code, 0, r.err);
    const ts = r.err.match(/timestamp (\d+)/)[1];
    const env = JSON.parse(r.out);
    assert.deepEqual(env.metaData, { code: '200', message: 'OK' });
    assert.deepEqual(codec.processWrapper(CRED.BPJS_CONS_ID, CRED.BPJS_SECRET, ts, r.out).response, SAMPLE);
  });

  test('bad timestamp or missing secret: exit 2', () => {
    assert.equal(run(['encode', '--timestamp', '12.5'], { input: '{}' }).code, 2);
    assert.equal(run(['encode', '--timestamp', TS], { input: '{}', env: { BPJS_CONS_ID: '1' } }).code, 2);
  });
});

// stdin is read asynchronously to its end: a pipe that is not ready yet (a
// slow producer, `curl ... |`) is waited for. Nothing here asserts a time.
describe('stdin', () => {
  const python = spawnSync('python3', ['--version']).status === 0;
  const needsPython = python ? false : 'python3 is needed to make a non-blocking pipe and a terminal';
  const producer = join(HERE, 'support', 'slow-producer.py');
  const big = vectors().decode.find((v) => v.name === 'diagnosa_list_1mb');
  const bigEnv = { BPJS_CONS_ID: big.cons_id, BPJS_SECRET: big.secret };
  const bigReply = JSON.stringify({ metaData: { code: '200', message: 'OK' }, response: big.ciphertext });
  const bigText = JSON.parse(big.text);

  test('the diagnosa reply, several hundred KB, from a non-blocking pipe filled late in small chunks', { skip: needsPython }, () => {
    assert.ok(bigReply.length > 250_000, 'the vector is the large one');
    const cases = [
      [file('diagnosa-envelope.json', bigReply), 4096, (out) => assert.deepEqual(JSON.parse(out).response, bigText)],
      [file('diagnosa-bare.txt', big.ciphertext), 1000, (out) => assert.deepEqual(JSON.parse(out), bigText)],
    ];
    for (const [path, chunk, check] of cases) {
      const r = spawnCli('python3', [producer, path, String(chunk), '300', '--', process.execPath, CLI, 'decode', '--timestamp', big.timestamp, '--compact'], { env: bigEnv });
      assert.equal(r.code, 0, r.err);
      check(r.out);
    }
  });

  test('encode reads the 1 MB text from a non-blocking pipe filled late in small chunks', { skip: needsPython }, () => {
    const path = file('diagnosa.json', big.text);
    const r = spawnCli('python3', [producer, path, '2048', '300', '--', process.execPath, CLI, 'encode', '--timestamp', big.timestamp], { env: bigEnv });
    assert.equal(r.code, 0, r.err);
    assert.equal(codec.decryptAndDecompress(big.cons_id, big.secret, big.timestamp, r.out.trim()), big.text);
  });

  test('a parent that writes after a while, in small chunks, through an ordinary pipe', async () => {
    const child = spawn(process.execPath, [CLI, 'decode', '--timestamp', big.timestamp, '--compact', '-'], {
      env: { PATH: process.env.PATH, ...bigEnv },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out = [];
    const err = [];
    child.stdout.on('data', (chunk) => out.push(chunk));
    child.stderr.on('data', (chunk) => err.push(chunk));
    const exited = new Promise((resolve) => child.once('close', resolve));
    await new Promise((resolve) => setTimeout(resolve, 200));
    const bytes = Buffer.from(bigReply);
    for (let offset = 0; offset < bytes.length; offset += 3000) {
      if (!child.stdin.write(bytes.subarray(offset, offset + 3000))) await new Promise((resolve) => child.stdin.once('drain', resolve));
      if (offset % 60000 === 0) await new Promise((resolve) => setImmediate(resolve));
    }
    child.stdin.end();
    const code = await exited;
    const r = { code, out: Buffer.concat(out).toString(), err: Buffer.concat(err).toString() };
    noStackTrace(r);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(JSON.parse(r.out).response, bigText);
  });

  test('a closed or empty stdin: exit 2, "no input", for decode and encode', () => {
    for (const command of [['decode', '--timestamp', TS], ['encode', '--timestamp', TS]]) {
      const closed = spawnCli('sh', ['-c', 'exec "$0" "$@" <&-', process.execPath, CLI, ...command]);
      const devNull = spawnCli(process.execPath, [CLI, ...command], { stdio: ['ignore', 'pipe', 'pipe'] });
      const empty = run(command, { input: '' });
      for (const r of [closed, devNull, empty]) {
        assert.equal(r.code, 2, `${command[0]}: ${r.err}`);
        assert.match(r.err, /^bpjs-codec: no input: stdin is empty/m);
        assert.equal(r.out, '');
      }
    }
  });

  test('a terminal as stdin: exit 2 at once with the "no input" message', { skip: needsPython }, () => {
    for (const command of ['decode', 'encode']) {
      const r = spawnCli('python3', [join(HERE, 'support', 'tty-stdin.py'), process.execPath, CLI, command, '--timestamp', TS]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /^bpjs-codec: no input: give a FILE, or pipe the captured reply into stdin$/m);
    }
  });

  test('input over 64 MiB, from stdin or a FILE: exit 2 naming the limit', () => {
    const piped = spawnCli('sh', ['-c', 'yes AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA | "$0" "$@"', process.execPath, CLI, 'decode', '--timestamp', TS]);
    assert.equal(piped.code, 2, piped.err);
    assert.match(piped.err, /^bpjs-codec: stdin is larger than 64 MiB/m);
    const path = join(tmp, 'sparse.bin');
    writeFileSync(path, '');
    truncateSync(path, 64 * 1024 * 1024 + 1);
    const r = run(['encode', '--timestamp', TS, path]);
    assert.equal(r.code, 2, r.err);
    assert.match(r.err, /sparse\.bin is larger than 64 MiB/);
    rmSync(path);
    truncateSync(file('exact.bin', ''), 64 * 1024 * 1024);
    // Exactly the limit is read (and then is not a ciphertext).
    const exact = run(['decode', '--timestamp', TS, join(tmp, 'exact.bin')]);
    assert.equal(exact.code, 3, exact.err);
    rmSync(join(tmp, 'exact.bin'));
  });

  test('a FILE that cannot be read: exit 2 with the system error code only', () => {
    for (const path of [join(tmp, 'missing.json'), tmp]) {
      const r = run(['decode', '--timestamp', TS, path]);
      assert.equal(r.code, 2, r.err);
      assert.match(r.err, /^bpjs-codec: cannot read .*: E[A-Z]+$/m);
    }
  });
});

// main() itself, with an io whose stdin fails in ways the real one rarely does.
describe('unexpected failures', () => {
  const require = createRequire(import.meta.url);
  const { main } = require(CLI);

  async function mainWith(argv, stdin) {
    const out = [];
    const err = [];
    const io = { out: (line) => out.push(line), err: (line) => err.push(line), env: {}, stdinIsTTY: false, stdin };
    const code = await main(argv, io);
    return { code, out, err };
  }

  test('a bug is one line with its type, exit 3 in decode, never its message', async () => {
    const r = await mainWith(['decode', '--timestamp', TS, '--cons-id', '1'], () => {
      throw new TypeError('content 0001234567890 of the reply');
    });
    assert.equal(r.code, 3);
    assert.equal(r.err.length, 1, r.err.join('\n'));
    assert.match(r.err[0], /^bpjs-codec: decode failed: unexpected TypeError; set BPJS_CODEC_DEBUG=1/);
    assert.ok(!r.err[0].includes('0001234567890'));
    const enc = await mainWith(['encode', '--timestamp', TS], () => {
      throw new RangeError('x');
    });
    assert.equal(enc.code, 2);
    assert.equal(enc.err.length, 1);
  });

  test('a system error names its code: exit 2', async () => {
    const r = await mainWith(['encode', '--timestamp', TS], () => {
      throw Object.assign(new Error('EIO: i/o error, read /secret/path'), { code: 'EIO', syscall: 'read' });
    });
    assert.equal(r.code, 2);
    assert.deepEqual(r.err, ['bpjs-codec: encode failed: system error EIO (read)']);
  });

  test('a stream error while reading is an input error: exit 2', async () => {
    const { Readable } = await import('node:stream');
    const stream = new Readable({
      read() {
        this.destroy(Object.assign(new Error('ECONNRESET'), { code: 'ECONNRESET' }));
      },
    });
    const r = await mainWith(['decode', '--timestamp', TS], () => stream);
    assert.equal(r.code, 2);
    assert.equal(r.err[0], 'bpjs-codec: cannot read stdin: ECONNRESET');
  });
});

describe('request', () => {
  test('method, URL and the headers of request(), from one timestamp', () => {
    const r = run(['request', 'vclaim', 'peserta.nik', '--param', 'nik=3201011705800001', '--param', 'tgl_sep=2026-12-05', '--timestamp', TS]);
    assert.equal(r.code, 0, r.err);
    noSecrets(r);
    const [first, ...headerLines] = r.out.trimEnd().split('\n');
    assert.equal(first, 'GET https://apijkn.bpjs-kesehatan.go.id/vclaim-rest/Peserta/nik/3201011705800001/tglSEP/2026-12-05');
    const creds = { consId: CRED.BPJS_CONS_ID, secret: CRED.BPJS_SECRET, userKey: CRED.BPJS_USER_KEY, username: CRED.BPJS_USERNAME, password: CRED.BPJS_PASSWORD, appCode: CRED.BPJS_APP_CODE };
    const expected = codec.request('vclaim', 'peserta.nik', { nik: '3201011705800001', tgl_sep: '2026-12-05' }, { credentials: creds, timestamp: TS });
    assert.deepEqual(headerLines, Object.entries(expected.headers).map(([name, value]) => `${name}: ${value}`));
    assert.match(r.err, new RegExp(`timestamp ${TS}: decode the reply with`));
  });

  test('a body from a file, the base URL, --json and --redact', () => {
    const body = file('sep.json', JSON.stringify({ noKartu: '0001234567890', tglSep: '2026-12-05' }));
    const r = run(['request', 'vclaim', 'sep.insert', '--body', body, '--base-url', 'http://127.0.0.1:8080/vclaim-rest-dev/', '--timestamp', TS, '--json', '--redact']);
    assert.equal(r.code, 0, r.err);
    const built = JSON.parse(r.out);
    assert.equal(built.url, 'http://127.0.0.1:8080/vclaim-rest-dev/SEP/2.0/insert');
    assert.deepEqual(JSON.parse(built.body), { request: { t_sep: { noKartu: '0001234567890', tglSep: '2026-12-05' } } });
    assert.equal(built.headers['X-signature'], '<redacted>');
    assert.equal(built.headers['Content-Type'], built.content_type);
    const text = run(['request', 'pcare', 'kunjungan.insert', '--body', '-', '--development'], { input: '{"noKartu":"0001234567890"}', env: {} });
    assert.equal(text.code, 0, text.err);
    assert.deepEqual(text.out.split('\n').slice(0, 3), ['POST https://apijkn-dev.bpjs-kesehatan.go.id/pcare-rest-dev/kunjungan/v1', '', '{"noKartu":"0001234567890"}']);
    assert.match(text.err, /no headers: set BPJS_CONS_ID/);
  });

  test('--list names every endpoint of the catalogue', () => {
    const r = run(['request', '--list'], { env: {} });
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.trimEnd().split('\n').length, codec.catalogue().length);
    const pcare = run(['request', '--list', 'pcare'], { env: {} }).out.trimEnd().split('\n');
    assert.ok(pcare.every((line) => line.startsWith('pcare ')));
    assert.ok(pcare.includes('pcare peserta.jenis.nik GET peserta/nik/{nik:nik} nik=<a NIK of 16 digits>'), pcare.slice(0, 3).join('\n'));
  });

  test('usage errors exit 2 and never echo a parameter value', () => {
    const bad = run(['request', 'vclaim', 'peserta.nik', '--param', 'nik=320101170580000', '--param', 'tgl_sep=2026-12-05']);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /error \[config\]: .*nik/);
    assert.ok(!bad.err.includes('320101170580000'), bad.err);
    for (const args of [['request'], ['request', 'vclaim'], ['request', 'vclaim', 'peserta.nik', '--param', '=x'], ['request', '--list', 'sep'], ['request', 'vclaim', 'sep.insert', '--body', file('bad.json', 'noKartu=0001234567890')]]) {
      const r = run(args);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.ok(!r.err.includes('0001234567890'), r.err);
    }
    assert.match(run(['help', 'request']).out, /^Usage: bpjs-codec request SERVICE NAME/);
  });
});
