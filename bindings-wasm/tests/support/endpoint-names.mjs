// The endpoint names of index.d.ts (`EndpointNames`, `EndpointName`), from
// the core's catalogue: tests/types.test.mjs asserts the declared block is
// exactly what this writes, so a catalogue change without a declarations
// change fails. `node tests/support/endpoint-names.mjs --write` (after
// `make build-wasm`) updates npm/index.d.ts between its markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const START = '// <endpoint-names:start>';
export const END = '// <endpoint-names:end>';

/** The block between the markers (markers excluded), for a catalogue() list. */
export function endpointNamesBlock(endpoints, services) {
  const byService = new Map(services.map((service) => [service, []]));
  for (const endpoint of endpoints) byService.get(endpoint.service).push(endpoint.name);
  const lines = ['', '/** The endpoint names of each service in the catalogue (`request`\'s `name`). */', 'export interface EndpointNames {'];
  for (const [service, names] of byService) {
    const key = /^[a-z]+$/.test(service) ? service : `'${service}'`;
    if (names.length === 0) lines.push(`  ${key}: never;`);
    else lines.push(`  ${key}:`, ...names.map((name, i) => `    | '${name}'${i === names.length - 1 ? ';' : ''}`));
  }
  lines.push('}', '', '/** Every endpoint name of the catalogue, any service. */', 'export type EndpointName = EndpointNames[ServiceName];', '');
  return lines.join('\n');
}

/** Where the block of a declarations text is ([from, to)), or null when its markers are missing. */
function blockRange(dts) {
  const start = dts.indexOf(START);
  const end = dts.indexOf(END);
  if (start < 0 || end < start) return null;
  return [dts.indexOf('\n', start) + 1, end];
}

/** The block of a declarations text, or null when its markers are missing. */
export function declaredBlock(dts) {
  const range = blockRange(dts);
  return range === null ? null : dts.slice(...range);
}

if (process.argv[2] === '--write') {
  const { BINDING_DIR, codec } = await import('../helpers.mjs');
  const path = join(BINDING_DIR, 'npm', 'index.d.ts');
  const dts = readFileSync(path, 'utf8');
  const range = blockRange(dts);
  if (range === null) throw new Error(`${path}: no ${START} ... ${END} markers`);
  const fresh = endpointNamesBlock(codec.catalogue(), codec.SERVICES);
  writeFileSync(path, dts.slice(0, range[0]) + fresh + dts.slice(range[1]));
  console.log(`${path}: ${codec.catalogue().length} endpoint names`);
}
