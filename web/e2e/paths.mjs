// Where the browser tests find the app, the repository and Chromium, and where they write.
// Re-exported by support.mjs.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const WEB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), "..");
export const REPO_DIR = resolve(WEB_DIR, "..");
export const DIST_DIR = join(WEB_DIR, "dist");
// Screenshots, server logs and received mail. ctest sets it to the build directory's web-e2e-output/.
export const OUTPUT_DIR = resolve(process.env.SHIFTSYNC_E2E_OUTPUT ?? join(WEB_DIR, "e2e-output"));
export const CHROMIUM = process.env.SHIFTSYNC_CHROMIUM ?? "/usr/bin/chromium";
