import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

// Built into web/dist, which the C++ server serves: hashed files under /assets/ are cached for
// good, index.html is revalidated. During `npm run dev`, /api is proxied to a local shiftsync.
export default defineConfig({
  plugins: [react()],
  build: {
    outDir: "dist",
    assetsDir: "assets",
    sourcemap: false,
    // The server's Content-Security-Policy forbids inline script: keep the entry an external file.
    modulePreload: { polyfill: false },
  },
  server: {
    proxy: { "/api": "http://127.0.0.1:8080" },
  },
  test: {
    environment: "jsdom",
    globals: true,
    include: ["src/**/*.test.{ts,tsx}"],
    setupFiles: ["src/test/setup.ts"],
    // Above Testing Library's 5 s deadline (src/test/setup.ts), so a slow find fails with its own message.
    testTimeout: 15000,
  },
});
