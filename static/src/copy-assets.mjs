// Copy GOV.UK Frontend's JavaScript and images next to the compiled stylesheet.
import { cpSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const dist = dirname(require.resolve("govuk-frontend/package.json"));
const out = "static/build";
mkdirSync(out, { recursive: true });
cpSync(join(dist, "dist/govuk/govuk-frontend.min.js"), join(out, "govuk-frontend.min.js"));
cpSync(join(dist, "dist/govuk/assets/images"), join(out, "images"), { recursive: true });
