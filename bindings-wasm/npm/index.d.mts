// Declarations for ES module users (`import ... from 'bpjs-codec'`), picked
// by the `import` condition of package.json's exports map. index.mjs
// re-exports the CommonJS instance, so this file re-exports its declarations:
// the named exports, and the whole API as the default export.
export * from './index.js';
import * as api from './index.js';
export default api;
