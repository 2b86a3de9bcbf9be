#!/usr/bin/env node
'use strict';
// `npx bpjs-codec ...`: sign requests and decode captured BPJS traffic from a
// shell, for hospital IT staff debugging a bridge. All protocol work is done
// by the package's API (the Rust core); this file parses arguments and prints.
//
// Exit codes: 0 ok, 2 usage, input or missing credentials, 3 decode error;
// every failure is one line on stderr, never a stack trace.

const fs = require('node:fs');
const { parseArgs } = require('node:util'); // Node 18.3+ (the library itself runs on any Node 18)
const codec = loadCodec();

// The package, or (run as the tool) one line and exit 2 when it cannot load:
// a damaged install, a Node without WebAssembly.
function loadCodec() {
  try {
    return require('./index.cjs');
  } catch (err) {
    if (require.main !== module) throw err;
    process.stderr.write(`bpjs-codec: cannot load the package (${err.code ?? err.name}): reinstall bpjs-codec\n`);
    return process.exit(2);
  }
}

const EXIT_OK = 0;
const EXIT_USAGE = 2;
const EXIT_DECODE = 3;
// --find-timestamp tries 2 x window + 1 keys; a week either side takes seconds.
const MAX_WINDOW = codec.MAX_WINDOW_SECS;
// The most a captured reply or a text to encode may be, from a FILE or from
// stdin alike: far above any BPJS reply (the 1 MB reference list is 270 KB of
// ciphertext), low enough that a wrong FILE (a disk image, /dev/zero) stops
// at once instead of filling memory.
const MAX_INPUT_BYTES = 64 * 1024 * 1024;
const MAX_INPUT_TEXT = '64 MiB';

class UsageError extends Error {}

// Credential flags, their environment variables, and whether they are secret
// (a secret given as a flag is visible in `ps` and in shell history).
const CREDENTIALS = [
  { flag: 'cons-id', env: 'BPJS_CONS_ID', key: 'consId', secret: false },
  { flag: 'secret', env: 'BPJS_SECRET', key: 'secret', secret: true },
  { flag: 'user-key', env: 'BPJS_USER_KEY', key: 'userKey', secret: true },
  { flag: 'username', env: 'BPJS_USERNAME', key: 'username', secret: false },
  { flag: 'password', env: 'BPJS_PASSWORD', key: 'password', secret: true },
  { flag: 'app-code', env: 'BPJS_APP_CODE', key: 'appCode', secret: false },
];

const CREDENTIAL_HELP = `Credentials (flags override the environment):
  --cons-id ID        env BPJS_CONS_ID
  --secret SECRET     env BPJS_SECRET     (prefer the environment: see below)
  --user-key KEY      env BPJS_USER_KEY
  --username NAME     env BPJS_USERNAME   (PCare, iCare FKTP; opt-in for Antrean FKTP)
  --password PASS     env BPJS_PASSWORD
  --app-code CODE     env BPJS_APP_CODE   (default 095)
A secret, user key or password given as a flag is visible to other users of
the machine (ps) and stays in the shell history: the tool warns when you do.
No secret is ever printed back.`;

const HELP = {
  main: `Usage: bpjs-codec <command> [options]

Sign BPJS Kesehatan API requests and decode their encrypted replies.

Commands:
  headers   print the request headers for a service (or a ready curl command)
  decode    decode a captured reply (JSON envelope or bare ciphertext)
  encode    encrypt text the way BPJS does (test fixtures)
  request   build one request of the endpoint catalogue: method, URL, headers, body
  help      show help for a command: bpjs-codec help decode

Services: ${codec.SERVICES.join(', ')}

Exit codes: 0 ok, 2 usage, input or missing credentials, 3 decode error (kind
printed). Every failure is one line on stderr; BPJS_CODEC_DEBUG=1 adds the
stack trace of an unexpected one.`,

  headers: `Usage: bpjs-codec headers --service NAME [options]
       bpjs-codec headers --service NAME --curl METHOD URL [--data FILE]

Prints the headers of one request, all from one timestamp, as "Name: value"
lines. The timestamp used is also printed on stderr: decode the reply with it.

Options:
  --service NAME        ${codec.SERVICES.join(', ')}
  --timestamp T         seconds since the Unix epoch (default: now)
  --method M            GET (default), POST, PUT or DELETE (sets the Content-Type)
  --content-type TYPE   override the Content-Type (e.g. text/plain for PCare kunjungan)
  --curl METHOD URL     print a curl command for METHOD and URL instead
  --data FILE           with --curl: send FILE as the request body
  --json                print the headers as a JSON object
  --redact              replace X-signature, user_key and X-authorization with <redacted>
                        (for pasting into a ticket)
  -h, --help

The output is meant to be sent to BPJS, so it contains X-signature, user_key
and X-authorization (base64 of username:password:app code): treat it like a
password, or use --redact. The secret itself is never printed.

${CREDENTIAL_HELP}`,

  decode: `Usage: bpjs-codec decode --timestamp T [options] [FILE|-]
       bpjs-codec decode --find-timestamp AROUND [--window SECONDS] [FILE|-]

Reads a captured reply from FILE or stdin (to its end, at most ${MAX_INPUT_TEXT}):
the whole JSON envelope ({"metaData":...,"response":"..."}), or the bare
"response" ciphertext. Prints the decoded reply as pretty JSON (or as text
when it is not JSON).

Options:
  --timestamp T           the X-timestamp the request was sent with
  --find-timestamp AROUND the timestamp is unknown (clock skew, not logged):
                          try every second around AROUND and report which decrypts
  --window SECONDS        how far --find-timestamp searches either side (default 600,
                          at most ${7 * 24 * 3600}, a week)
  --max-output N          output cap in UTF-16 code units (default ${codec.DEFAULT_MAX_OUTPUT})
  --compact               print JSON on one line
  -h, --help

Only --cons-id and --secret are needed (see below). On failure the error kind
is printed (padding: wrong cons id, secret or timestamp; base64/cipher_length:
not a complete ciphertext; lz_*: damaged data) and the exit code is 3.

${CREDENTIAL_HELP}`,

  encode: `Usage: bpjs-codec encode [--timestamp T] [options] [FILE|-]

Compresses and encrypts FILE (or stdin, at most ${MAX_INPUT_TEXT}) exactly as BPJS
encrypts a reply, and prints the base64 ciphertext: fixtures for tests and for
the simulator.

Options:
  --timestamp T     seconds since the Unix epoch (default: now; printed on stderr)
  --envelope        print a whole reply {"metaData":{"code":"200","message":"OK"},"response":"..."}
  -h, --help

The input is encrypted byte for byte (a trailing newline included).
Only --cons-id and --secret are needed (see below).

${CREDENTIAL_HELP}`,
};

HELP.request = `Usage: bpjs-codec request SERVICE NAME [--param NAME=VALUE ...] [options]
       bpjs-codec request --list [SERVICE]

Builds one request of the endpoint catalogue (the names: --list) and prints
"METHOD URL", then the headers as "Name: value" lines when credentials are
set, then a blank line and the body, if any.

Options:
  --param NAME=VALUE  a path parameter (repeat for each; --list shows them)
  --body FILE         the JSON object BPJS expects inside the endpoint's wrapper (- for stdin)
  --base-url URL      the service's base URL (e.g. http://127.0.0.1:8080/vclaim-rest-dev);
                      default: the BPJS host and the service path
  --development       the development host and path
  --timestamp T       seconds since the Unix epoch (default: now; printed on stderr)
  --json              print one JSON object (the request, with its headers)
  --redact            replace X-signature, user_key and X-authorization with <redacted>
  --list              list the endpoints (of SERVICE) with their parameters
  -h, --help

The headers are meant to be sent to BPJS: treat them like a password, or use --redact.

${CREDENTIAL_HELP}`;

const CREDENTIAL_OPTIONS = Object.fromEntries(CREDENTIALS.map((c) => [c.flag, { type: 'string' }]));

const OPTIONS = {
  headers: {
    service: { type: 'string' },
    timestamp: { type: 'string' },
    method: { type: 'string' },
    'content-type': { type: 'string' },
    curl: { type: 'boolean' },
    data: { type: 'string' },
    json: { type: 'boolean' },
    redact: { type: 'boolean' },
  },
  decode: {
    timestamp: { type: 'string' },
    'find-timestamp': { type: 'string' },
    window: { type: 'string' },
    'max-output': { type: 'string' },
    compact: { type: 'boolean' },
  },
  encode: {
    timestamp: { type: 'string' },
    envelope: { type: 'boolean' },
  },
  request: {
    param: { type: 'string', multiple: true },
    body: { type: 'string' },
    'base-url': { type: 'string' },
    development: { type: 'boolean' },
    timestamp: { type: 'string' },
    json: { type: 'boolean' },
    redact: { type: 'boolean' },
    list: { type: 'boolean' },
  },
};

function parse(command, argv) {
  const options = { ...OPTIONS[command], ...CREDENTIAL_OPTIONS, help: { type: 'boolean', short: 'h' } };
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err.message);
  }
}

function credentials(values, io) {
  const result = {};
  for (const c of CREDENTIALS) {
    const fromFlag = values[c.flag];
    if (fromFlag !== undefined) {
      if (c.secret) {
        io.err(`warning: --${c.flag} on the command line is visible to other users (ps) and kept in shell history; prefer ${c.env}`);
      }
      result[c.key] = fromFlag;
    } else if (io.env[c.env]) {
      result[c.key] = io.env[c.env];
    }
  }
  return result;
}

function wholeNumber(text, option) {
  if (!/^\d+$/.test(text)) throw new UsageError(`--${option}: expected a whole number, got ${JSON.stringify(text)}`);
  const value = Number(text);
  if (!Number.isSafeInteger(value)) throw new UsageError(`--${option}: ${text} is too large`);
  return value;
}

// Reads `stream` to its end, asynchronously: a pipe or a socket that is not
// ready yet (a slow producer, `curl ... |`) is waited for, never read with a
// synchronous call that fails with EAGAIN on a non-blocking descriptor.
function readToEnd(stream, source) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    let done = false;
    const finish = (error, value) => {
      if (done) return;
      done = true;
      stream.off('data', onData);
      stream.off('end', onEnd);
      stream.off('error', onError);
      if (error) reject(error);
      else resolve(value);
    };
    const onData = (chunk) => {
      size += chunk.length;
      if (size > MAX_INPUT_BYTES) {
        stream.destroy();
        finish(new UsageError(`${source} is larger than ${MAX_INPUT_TEXT}, the most this tool reads (check the FILE or the command piped in)`));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => finish(null, Buffer.concat(chunks, size));
    // Only the error code: a message may carry a path the user did not type.
    const onError = (err) => finish(new UsageError(`cannot read ${source}: ${err.code ?? err.name ?? 'read error'}`));
    stream.on('data', onData);
    stream.once('end', onEnd);
    stream.once('error', onError);
    stream.resume();
  });
}

// The input of `decode` and `encode`: FILE, or stdin for `-` or no FILE.
async function readInput(positionals, io) {
  if (positionals.length > 1) throw new UsageError(`expected one input FILE (or -), got ${positionals.length}`);
  const file = positionals[0] ?? '-';
  let input;
  if (file === '-') {
    if (io.stdinIsTTY) throw new UsageError('no input: give a FILE, or pipe the captured reply into stdin');
    input = await readToEnd(io.stdin(), 'stdin');
    if (input.length === 0) throw new UsageError('no input: stdin is empty (closed, or the command piped in wrote nothing)');
  } else {
    input = await readToEnd(fs.createReadStream(file), file);
    if (input.length === 0) throw new UsageError(`no input: ${file} is empty`);
  }
  return input;
}

// POSIX shell single quotes: the value is taken literally.
function shellQuote(value) {
  return /^[A-Za-z0-9_/.:=@%+,-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

function commandHeaders(argv, io) {
  const { values, positionals } = parse('headers', argv);
  if (values.help) return io.out(HELP.headers), EXIT_OK;
  if (!values.service) throw new UsageError('--service is required (one of ' + codec.SERVICES.join(', ') + ')');
  let method = values.method;
  let url;
  if (values.curl) {
    if (positionals.length !== 2) throw new UsageError('--curl needs METHOD and URL, e.g. --curl GET https://.../peserta/nokartu/0001/tglSEP/2024-11-24');
    const curlMethod = positionals[0].toUpperCase();
    if (method !== undefined && method.toUpperCase() !== curlMethod) {
      throw new UsageError(`--method ${method} contradicts --curl ${positionals[0]}`);
    }
    method = curlMethod;
    url = positionals[1];
  } else {
    if (positionals.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])} (did you mean --curl METHOD URL?)`);
    if (values.data !== undefined) throw new UsageError('--data only goes with --curl');
  }
  const timestamp = values.timestamp ?? codec.nowTimestamp();
  const headers = codec.buildHeaders(values.service, credentials(values, io), timestamp, {
    method,
    contentType: values['content-type'],
  });
  const shown = Object.entries(headers).map(([name, value]) => [
    name,
    values.redact && codec.isSensitiveHeader(name) ? '<redacted>' : value,
  ]);
  const ts = headers['X-timestamp'];
  if (values.curl) {
    const parts = ['curl', '-sS', '-X', method, shellQuote(url)];
    for (const [name, value] of shown) parts.push('-H', shellQuote(`${name}: ${value}`));
    if (values.data !== undefined) parts.push('--data-binary', shellQuote('@' + values.data));
    io.out(parts.join(' '));
  } else if (values.json) {
    io.out(JSON.stringify(Object.fromEntries(shown), null, 2));
  } else {
    io.out(shown.map(([name, value]) => `${name}: ${value}`).join('\n'));
  }
  io.err(`timestamp ${ts}: decode the reply with  bpjs-codec decode --timestamp ${ts}`);
  return EXIT_OK;
}

// What a captured reply holds: an envelope (decoded with processWrapper) or a
// bare ciphertext (a JSON string literal counts: copied with its quotes).
function classify(input) {
  const textInput = input.toString('utf8').trim();
  let parsed;
  try {
    parsed = JSON.parse(textInput);
  } catch {
    return { kind: 'ciphertext', ciphertext: textInput };
  }
  if (typeof parsed === 'string') return { kind: 'ciphertext', ciphertext: parsed };
  return { kind: 'envelope', body: input, parsed };
}

function decodeWith(capture, cred, timestamp, options) {
  if (capture.kind === 'envelope') return codec.processWrapper(cred.consId, cred.secret, timestamp, capture.body, options);
  const decoded = codec.decryptAndDecompress(cred.consId, cred.secret, timestamp, capture.ciphertext, options);
  try {
    return JSON.parse(decoded);
  } catch {
    return decoded; // text that is not JSON (rare), shown as is
  }
}

// The ciphertext whose key is searched for: the envelope's `response`.
function searchedCiphertext(capture) {
  if (capture.kind === 'ciphertext') return capture.ciphertext;
  const response = capture.parsed && typeof capture.parsed === 'object' ? capture.parsed.response : undefined;
  if (typeof response !== 'string') {
    throw new UsageError('the envelope has no encrypted "response" string: nothing to search a timestamp for');
  }
  return response;
}

// The search is the core's: each candidate key is screened on the last AES
// block, and only a survivor is decoded in full. A response that is not
// encrypted at all fails at once with its kind (exit 3).
function findTimestamp(capture, cred, center, window, options) {
  const ciphertext = searchedCiphertext(capture);
  const found = codec.findTimestamp(cred.consId, cred.secret, ciphertext, center, { window });
  if (found === null) {
    throw new codec.BpjsCodecError(
      codec.ErrorKind.Padding,
      `no timestamp within ${window} s of ${center} decrypts: check cons id and secret, or widen --window`,
    );
  }
  try {
    return { timestamp: Number(found), value: decodeWith(capture, cred, found, options) };
  } catch (err) {
    // The key is right (padding and alphabet hold): the data is damaged.
    err.timestamp = found;
    throw err;
  }
}

async function commandDecode(argv, io) {
  const { values, positionals } = parse('decode', argv);
  if (values.help) return io.out(HELP.decode), EXIT_OK;
  const find = values['find-timestamp'];
  if (find === undefined && values.timestamp === undefined) {
    throw new UsageError('--timestamp T is required (or --find-timestamp AROUND when it was not recorded)');
  }
  if (find !== undefined && values.timestamp !== undefined) {
    throw new UsageError('give either --timestamp or --find-timestamp, not both');
  }
  if (values.window !== undefined && find === undefined) throw new UsageError('--window only goes with --find-timestamp');
  const options = values['max-output'] === undefined ? undefined : { maxOutput: wholeNumber(values['max-output'], 'max-output') };
  const cred = credentials(values, io);
  const capture = classify(await readInput(positionals, io));
  let value;
  if (find !== undefined) {
    const center = wholeNumber(find, 'find-timestamp');
    const window = values.window === undefined ? 600 : wholeNumber(values.window, 'window');
    if (window > MAX_WINDOW) throw new UsageError(`--window ${window} is more than a week (${MAX_WINDOW} s): narrow it down first`);
    const found = findTimestamp(capture, cred, center, window, options);
    const offset = found.timestamp - center;
    io.err(`timestamp ${found.timestamp} decrypts (${offset >= 0 ? '+' : ''}${offset} s from ${center})`);
    value = found.value;
  } else {
    value = decodeWith(capture, cred, values.timestamp, options);
  }
  io.out(typeof value === 'string' ? value : JSON.stringify(value, null, values.compact ? undefined : 2));
  return EXIT_OK;
}

async function commandEncode(argv, io) {
  const { values, positionals } = parse('encode', argv);
  if (values.help) return io.out(HELP.encode), EXIT_OK;
  const cred = credentials(values, io);
  const timestamp = values.timestamp ?? codec.nowTimestamp();
  const plaintext = (await readInput(positionals, io)).toString('utf8');
  const ciphertext = codec.compressAndEncrypt(cred.consId, cred.secret, timestamp, plaintext);
  if (values.timestamp === undefined) io.err(`timestamp ${timestamp}`);
  if (values.envelope) {
    io.out(JSON.stringify({ metaData: { code: '200', message: 'OK' }, response: ciphertext }));
  } else {
    io.out(ciphertext);
  }
  return EXIT_OK;
}

function listEndpoints(service, io) {
  const endpoints = codec.catalogue().filter((e) => service === undefined || e.service === service);
  if (endpoints.length === 0) throw new UsageError(`no service ${JSON.stringify(service)} (one of ${codec.SERVICES.join(', ')})`);
  for (const e of endpoints) {
    const params = e.params.map((p) => `${p.name}${p.optional ? '?' : ''}=<${p.expected}>`);
    io.out([e.service, e.name, e.method, e.path, ...params, ...(e.body ? ['--body FILE'] : [])].join(' '));
  }
  return EXIT_OK;
}

async function commandRequest(argv, io) {
  const { values, positionals } = parse('request', argv);
  if (values.help) return io.out(HELP.request), EXIT_OK;
  if (values.list) {
    if (positionals.length > 1) throw new UsageError('--list takes at most a SERVICE');
    return listEndpoints(positionals[0], io);
  }
  if (positionals.length !== 2) throw new UsageError('expected SERVICE and NAME, e.g. bpjs-codec request vclaim peserta.nik --param nik=... (names: --list)');
  const [service, name] = positionals;
  const params = {};
  for (const pair of values.param ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw new UsageError(`--param: expected NAME=VALUE, got a value without a name`);
    params[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  if (values.body !== undefined) {
    const text = await readInput([values.body], io);
    try {
      params.body = JSON.parse(text);
    } catch {
      throw new UsageError(`--body: ${values.body === '-' ? 'stdin' : values.body} is not JSON (${text.length} characters)`);
    }
  }
  const creds = credentials(values, io);
  const signed = creds.consId !== undefined;
  const timestamp = values.timestamp ?? codec.nowTimestamp();
  const built = codec.request(service, name, params, {
    baseUrl: values['base-url'],
    development: values.development ?? false,
    ...(signed ? { credentials: creds, timestamp } : {}),
  });
  if (built.headers !== undefined && values.redact) {
    for (const header of Object.keys(built.headers)) if (codec.isSensitiveHeader(header)) built.headers[header] = '<redacted>';
  }
  if (values.json) {
    io.out(JSON.stringify(built, null, 2));
  } else {
    io.out(`${built.method} ${built.url}`);
    if (built.headers !== undefined) io.out(Object.entries(built.headers).map(([h, value]) => `${h}: ${value}`).join('\n'));
    if (built.body !== null) io.out(`\n${built.body}`);
  }
  if (signed) {
    const ts = built.headers['X-timestamp'];
    io.err(`timestamp ${ts}: decode the reply with  bpjs-codec decode --timestamp ${ts}`);
  } else {
    io.err('no headers: set BPJS_CONS_ID and BPJS_SECRET (or the flags) to sign the request');
  }
  return EXIT_OK;
}

const COMMANDS = { headers: commandHeaders, decode: commandDecode, encode: commandEncode, request: commandRequest };

// A failure that is neither a usage error nor a codec error: one line that
// names it (the system error code, or the JavaScript error type), never a
// stack trace unless asked for, and never the error's message, which may
// quote the input (JSON.parse does).
function unexpected(err, command, io) {
  const code = err && typeof err.code === 'string' ? err.code : undefined;
  if (code && /^E[A-Z0-9]+$/.test(code)) {
    const where = typeof err.syscall === 'string' ? ` (${err.syscall})` : '';
    io.err(`bpjs-codec: ${command ?? 'bpjs-codec'} failed: system error ${code}${where}`);
    return EXIT_USAGE;
  }
  const name = err instanceof Error ? err.name : typeof err;
  io.err(`bpjs-codec: ${command ?? 'bpjs-codec'} failed: unexpected ${name}${code ? ` (${code})` : ''}; set BPJS_CODEC_DEBUG=1 for the stack trace, and please report it`);
  if (io.env.BPJS_CODEC_DEBUG && err instanceof Error) io.err(String(err.stack));
  return command === 'decode' ? EXIT_DECODE : EXIT_USAGE;
}

/** Runs one command line; resolves to the exit code (it never rejects). */
async function main(argv, io) {
  if (typeof parseArgs !== 'function') {
    io.err(`bpjs-codec: the command line needs Node 18.3 or later (this is ${process.version})`);
    return EXIT_USAGE;
  }
  const [command, ...rest] = argv;
  try {
    if (command === undefined) {
      io.err(HELP.main);
      return EXIT_USAGE;
    }
    if (command === '-h' || command === '--help') {
      io.out(HELP.main);
      return EXIT_OK;
    }
    if (command === 'help') {
      const topic = rest[0] ?? 'main';
      if (!Object.hasOwn(HELP, topic)) throw new UsageError(`no command ${JSON.stringify(topic)}`);
      io.out(HELP[topic]);
      return EXIT_OK;
    }
    if (command === '--version' || command === '-V') {
      io.out(require('./package.json').version);
      return EXIT_OK;
    }
    const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
    if (!run) throw new UsageError(`unknown command ${JSON.stringify(command)}`);
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err(`bpjs-codec: ${err.message}`);
      io.err(`Try 'bpjs-codec ${Object.hasOwn(COMMANDS, command) ? command + ' ' : ''}--help'.`);
      return EXIT_USAGE;
    }
    if (err instanceof codec.BpjsCodecError) {
      const message = err.message.startsWith(`${err.kind}: `) ? err.message.slice(err.kind.length + 2) : err.message;
      io.err(`bpjs-codec: error [${err.kind}]: ${message}`);
      if (err.timestamp !== undefined) io.err(`(timestamp ${err.timestamp} has the right key, but the data does not decode)`);
      if (err.kind === codec.ErrorKind.Config) return EXIT_USAGE;
      if (err.kind === codec.ErrorKind.Padding && command === 'decode' && !argv.includes('--find-timestamp')) {
        io.err('hint: if the request timestamp is uncertain (clock skew), try --find-timestamp <approximate timestamp>');
      }
      return EXIT_DECODE;
    }
    return unexpected(err, Object.hasOwn(COMMANDS, command) ? command : undefined, io);
  }
}

if (require.main === module) {
  const command = Object.hasOwn(COMMANDS, process.argv[2] ?? '') ? process.argv[2] : undefined;
  const io = {
    out: (line) => process.stdout.write(line + '\n'),
    err: (line) => process.stderr.write(line + '\n'),
    env: process.env,
    stdinIsTTY: Boolean(process.stdin.isTTY),
    // Opened only by the commands that read it.
    stdin: () => process.stdin,
  };
  // What escapes main (an error event on a stream, a bug in a callback) is
  // still one line and an exit code, not a stack trace.
  const last = (err) => {
    process.exitCode = unexpected(err, command, io);
  };
  process.on('uncaughtException', last);
  process.on('unhandledRejection', last);
  // The reader went away (`| head`): stop quietly, as other tools do.
  process.stdout.on('error', (err) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    last(err);
  });
  main(process.argv.slice(2), io).then((code) => {
    process.exitCode = code;
  });
}

module.exports = { main };
