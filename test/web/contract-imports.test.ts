import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const CONTRACT = resolve(import.meta.dirname, '../../lesson-plans/contract');

/** Every module a file imports, followed through relative imports; bare specifiers collected. */
function importsOf(file: string, seen = new Set<string>(), bare = new Set<string>()) {
  if (seen.has(file)) return bare;
  seen.add(file);
  const source = readFileSync(file, 'utf8');
  for (const [, specifier = ''] of source.matchAll(/from '([^']+)'/g)) {
    if (specifier.startsWith('.')) importsOf(resolve(dirname(file), `${specifier}.ts`), seen, bare);
    else bare.add(specifier);
  }
  return bare;
}

describe('the REST contract', () => {
  it('imports zod and nothing else (no luxon, no node:, no express), so the browser can load it', () => {
    const bare = new Set<string>();
    for (const file of readdirSync(CONTRACT).filter((name) => name.endsWith('.ts')))
      for (const specifier of importsOf(join(CONTRACT, file))) bare.add(specifier);
    expect([...bare]).toEqual(['zod']);
  });
});
