import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Adds `<link rel="modulepreload">` for the connect-only path's chunks (lesson/earlyConnection,
 * socket.io-client) and the early receive path's (lesson/earlyMedia, mediasoup-client) to
 * index.html: the browser fetches and parses them (off the main thread) with the entry, which
 * then opens the lesson's socket and loads the Device at once instead of after a fetch and a
 * parse (issue 14). Other pages fetch them too, from the cache, as their assets are immutable.
 */
function preloadEarlyConnection(): Plugin {
  return {
    name: 'passerelle:preload-early-connection',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, { bundle }) {
        const chunks = new Map(
          Object.values(bundle ?? {}).flatMap((c) => (c.type === 'chunk' ? [[c.fileName, c]] : [])),
        );
        // The connect-only path's first: the socket opens before mediasoup-client is parsed.
        const early = ['/lesson/earlyConnection.ts', '/lesson/earlyMedia.ts'].map((entry) =>
          [...chunks.values()].find((c) => c.facadeModuleId?.endsWith(entry)),
        );
        const files = new Set<string>();
        const visit = (file: string) => {
          if (files.has(file)) return;
          files.add(file);
          chunks.get(file)?.imports.forEach(visit);
        };
        for (const chunk of early) if (chunk) visit(chunk.fileName);
        return [...files].map((file) => ({
          tag: 'link',
          attrs: { rel: 'modulepreload', crossorigin: '', href: `/${file}` },
          injectTo: 'head' as const,
        }));
      },
    },
  };
}

// `npm run dev:web` serves the app with hot reload and forwards API and
// signalling to the server started by `npm start` (port 3000).
export default defineConfig({
  root,
  plugins: [react(), preloadEarlyConnection()],
  build: {
    outDir: fileURLToPath(new URL('../dist/web', import.meta.url)),
    emptyOutDir: true,
    // Read by scripts/bundle-size.ts to measure what each view downloads.
    manifest: true,
    sourcemap: true,
    rolldownOptions: {
      output: {
        // The entry (main.tsx) is a few hundred bytes; the rest follows its dynamic imports.
        // These groups only name the libraries' chunks (and keep each cacheable on its own):
        // React with i18next for every screen, zod for both wires, socket.io for the early socket.
        codeSplitting: {
          groups: [
            {
              name: 'react',
              test: /node_modules[\\/](react|react-dom|scheduler|i18next|react-i18next|use-sync-external-store)[\\/]/,
            },
            { name: 'zod', test: /node_modules[\\/]zod[\\/]/ },
            // The early receive path's only library (lesson/earlyMedia.ts), shared with the client.
            {
              name: 'mediasoup',
              test: /node_modules[\\/](mediasoup-client|sdp-transform|h264-profile-level-id|awaitqueue|fake-mediastreamtrack|events-alias)[\\/]/,
            },
            // The connect-only path's only library (lesson/earlyConnection.ts): no zod in it.
            {
              name: 'socket',
              test: /node_modules[\\/](socket\.io-client|socket\.io-parser|engine\.io-client|engine\.io-parser|@socket\.io)[\\/]/,
            },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'ws://localhost:3000', ws: true },
    },
  },
});
