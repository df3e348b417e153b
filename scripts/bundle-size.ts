import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

/**
 * What each view downloads before it can show anything: the entry chunk,
 * its static imports, and the view's lazily loaded chunk with its own
 * static imports (JavaScript and CSS), measured gzipped.
 */
interface ManifestChunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}
type Manifest = Record<string, ManifestChunk>;

export const DIST = join(import.meta.dirname, '..', 'dist', 'web');

/**
 * The lazily loaded modules each page of the app needs at start: the app itself (the entry,
 * main.tsx, only reads the address and loads it; on lesson pages the lesson client, which
 * the app imports too, with it) and the view.
 */
const APP = 'src/App.tsx';
export const VIEWS = {
  classroom: [APP, 'src/classroom/ClassroomView.tsx'],
  'classroom waiting screen': [APP, 'src/classroom/ClassroomHome.tsx'],
  tutor: [APP, 'src/tutor/TutorConsole.tsx'],
  inspector: [APP, 'src/inspector/InspectorView.tsx'],
  planning: [APP, 'src/planning/PlanningApp.tsx'],
  // A pupil at home's laptop or tablet: the page, the lesson client, the view.
  pupil: [APP, 'src/pupil/index.ts', 'src/pupil/PupilView.tsx'],
} as const;

/** The budget for the whiteboard page (issue: old PCs on school networks). */
export const CLASSROOM_BUDGET_GZIP_BYTES = 250 * 1024;

export interface ViewSize {
  view: string;
  files: string[];
  jsGzipBytes: number;
  cssGzipBytes: number;
}

function readManifest(): Manifest {
  const path = join(DIST, '.vite', 'manifest.json');
  if (!existsSync(path)) throw new Error(`no ${path}: build the web app first (npm run build)`);
  return JSON.parse(readFileSync(path, 'utf8')) as Manifest;
}

function collect(manifest: Manifest, key: string, files: Set<string>): void {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const css of chunk.css ?? []) files.add(css);
  for (const imported of chunk.imports ?? []) collect(manifest, imported, files);
}

export function measureViews(): ViewSize[] {
  const manifest = readManifest();
  const entry = Object.entries(manifest).find(([, chunk]) => chunk.isEntry)?.[0];
  if (!entry) throw new Error('the manifest has no entry chunk');
  return Object.entries(VIEWS).map(([view, modules]) => {
    const files = new Set<string>();
    collect(manifest, entry, files);
    for (const module of modules) collect(manifest, module, files);
    const size = (suffix: string) =>
      [...files]
        .filter((file) => file.endsWith(suffix))
        .reduce((total, file) => total + gzipSync(readFileSync(join(DIST, file))).length, 0);
    return { view, files: [...files], jsGzipBytes: size('.js'), cssGzipBytes: size('.css') };
  });
}

function main(): void {
  const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
  console.log('Initial download per view (gzipped), against the 250 KB classroom budget:\n');
  for (const view of measureViews()) {
    const total = view.jsGzipBytes + view.cssGzipBytes;
    const budget =
      view.view === 'classroom'
        ? ` (budget ${kb(CLASSROOM_BUDGET_GZIP_BYTES)}: ${total <= CLASSROOM_BUDGET_GZIP_BYTES ? 'within' : 'OVER'})`
        : '';
    console.log(
      `  ${view.view.padEnd(26)} JS ${kb(view.jsGzipBytes).padStart(9)}  CSS ${kb(view.cssGzipBytes).padStart(8)}${budget}`,
    );
  }
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, ''))) main();
