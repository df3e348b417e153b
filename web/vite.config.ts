import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

// `npm run dev:web` serves the app with hot reload and forwards API and
// signalling to the server started by `npm start` (port 3000).
export default defineConfig({
  root,
  plugins: [react()],
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
