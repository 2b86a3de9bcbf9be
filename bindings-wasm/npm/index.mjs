// ES module entry: the same single instance as the CommonJS entry (one wasm
// module, one BpjsCodecError class), so `instanceof` works across both.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const api = require('./index.cjs');

export const {
  buildHeaders,
  signature,
  authorization,
  servicePath,
  serviceFromUrl,
  decrypt,
  lzDecompress,
  lzCompress,
  decryptAndDecompress,
  processWrapper,
  metadata,
  compressAndEncrypt,
  findTimestamp,
  isCiphertext,
  isSensitiveHeader,
  nowTimestamp,
  auditRecord,
  redact,
  redactEndpoint,
  resultNumber,
  payloadHash,
  canonicalJson,
  retryDecision,
  deriveHashKey,
  sendState,
  resendPlan,
  resendOutcome,
  staleLimits,
  loggedResultNumber,
  catalogue,
  request,
  encryptMedicalRecord,
  decryptMedicalRecord,
  buildMedicalRecordRequest,
  BpjsCodecError,
  ErrorKind,
  ERROR_KINDS,
  SERVICES,
  DEFAULT_MAX_OUTPUT,
  MAX_WINDOW_SECS,
  PRODUCTION_HOST,
  DEVELOPMENT_HOST,
} = api;

export default api;
