import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Adds `<link rel="modulepreload">` for the connect-only path's chunks (lesson/earlyConnection,
 * socket.io-client) to index.html: the browser fetches and parses them (off the main thread)
 * with the entry, which then opens the lesson's socket at once instead of after a fetch and a
 * parse (issue 14). The early receive path's chunk (mediasoup-client) is not preloaded: with
 * it preloaded its evaluation came right while the socket's handshake needed the main thread,
 * which then connected 50-100 ms later, and the Device was ready early for nothing (it waits
 * for the join's answer anyway). Other pages fetch them too, from the cache, as their assets
 * are immutable.
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
        // Found by the module it holds, not as a facade: a chunk shared with the lesson client
        // is no facade, and a facade-only lookup lost earlyMedia's preload without a word.
        const early = ['/lesson/earlyConnection.ts'].map((entry) =>
          [...chunks.values()].find((c) => c.moduleIds.some((id) => id.endsWith(entry))),
        );
        if (early.some((chunk) => !chunk)) throw new Error('an early path chunk is missing');
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

/**
 * mediasoup-client's index exports its test doubles (FakeHandler, with fake-mediastreamtrack,
 * and fakeParameters), and its Device can pick a React Native handler: no page of ours runs any
 * of them, yet the browser fetched, compiled and evaluated them on the early receive path's
 * main thread (issue 14). The build replaces them with modules that say so if ever reached.
 */
function dropMediasoupTestParts(): Plugin {
  const unused =
    /[\\/]mediasoup-client[\\/]lib[\\/](handlers[\\/](FakeHandler|ReactNative106)|test[\\/]fakeParameters)\.js$/;
  return {
    name: 'passerelle:drop-mediasoup-test-parts',
    apply: 'build',
    load(id) {
      const name = unused.exec(id)?.[1]?.split(/[\\/]/).pop();
      if (!name) return null;
      return `const unused = () => { throw new Error('${name} is left out of the web build'); };
exports.${name} = { createFactory: unused };`;
    },
  };
}

// `npm run dev:web` serves the app with hot reload and forwards API and
// signalling to the server started by `npm start` (port 3000).
export default defineConfig({
  root,
  plugins: [react(), preloadEarlyConnection(), dropMediasoupTestParts()],
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
