/**
 * `npm run build:server` (part of `npm run build`): the server's TypeScript as one ES module,
 * dist/server/main.js, which `npm run start:prod` runs with plain `node`, no compiler at run
 * time.
 *
 * esbuild rather than `tsc` emit: the sources import without file extensions (Bundler
 * resolution), which Node's ESM loader refuses, and a bundle starts faster. npm packages
 * stay external, loaded from node_modules as under tsx: mediasoup finds its worker binary
 * and better-sqlite3 its native addon relative to their own packages.
 */
import { readFile } from 'node:fs/promises';
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT_FILE = resolve(ROOT, 'dist/server/main.js');
const OUT_DIR = dirname(OUT_FILE);

/** `new URL('<relative path>', import.meta.url)`: a file read at run time beside its module. */
const MODULE_RELATIVE_URL = /new URL\(\s*(['"])(\.{1,2}\/[^'"]*)\1\s*,\s*import\.meta\.url\s*\)/g;

/**
 * In the bundle every module's import.meta.url is dist/server/main.js, so a path relative
 * to the source file (lesson-plans/data/, dist/web) is rewritten relative to the bundle:
 * the same files are found from either layout, with nothing copied.
 */
const relocateModuleRelativeUrls: Plugin = {
  name: 'relocate-module-relative-urls',
  setup(build) {
    build.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.split(sep).includes('node_modules')) return undefined;
      const source = await readFile(args.path, 'utf8');
      const contents = source.replace(MODULE_RELATIVE_URL, (_match, _quote, target: string) => {
        const fromBundle = relative(OUT_DIR, resolve(dirname(args.path), target));
        const path = target.endsWith('/') ? `${fromBundle}/` : fromBundle;
        return `new URL(${JSON.stringify(path)}, import.meta.url)`;
      });
      return { contents, loader: 'ts' };
    });
  },
};

async function buildServer(): Promise<void> {
  await build({
    absWorkingDir: ROOT,
    entryPoints: ['signaling/main.ts'],
    outfile: OUT_FILE,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    plugins: [relocateModuleRelativeUrls],
  });
  process.stdout.write(`built ${relative(ROOT, OUT_FILE)}\n`);
}

await buildServer();
