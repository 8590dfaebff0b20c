// Build the static files Django serves from scrutiny/site/static/site/:
//
//   app.css                   our Sass (GOV.UK Frontend + project styles), compressed
//   govuk-frontend.min.js     GOV.UK Frontend's JavaScript, an ES module
//   govuk-frontend-LICENCE.txt the MIT licence notice that must travel with it
//
// No GOV.UK fonts or images are copied: the GDS Transport font and the crown
// are for GOV.UK only.
//
// Run with `npm run build` from this folder.

import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

import * as sass from "sass";

const here = path.dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const outDir = path.resolve(here, "..", "scrutiny", "site", "static", "site");
const govukRoot = path.dirname(require.resolve("govuk-frontend/package.json"));
const govukDist = path.join(govukRoot, "dist", "govuk");
const { version: govukVersion } = JSON.parse(
  await readFile(path.join(govukRoot, "package.json"), "utf8"),
);

await mkdir(outDir, { recursive: true });

// 1. Styles. GOV.UK Frontend 5 still uses @import, so silence that deprecation
//    and warnings from inside the dependency, as its documentation advises.
const result = sass.compile(path.join(here, "scss", "app.scss"), {
  style: "compressed",
  loadPaths: [path.join(here, "node_modules")],
  quietDeps: true,
  silenceDeprecations: ["import", "global-builtin"],
});
let css = result.css;
for (const forbidden of ["GDS Transport", "govuk-crest", "govuk-icon", "/fonts/"]) {
  if (css.includes(forbidden)) {
    throw new Error(`app.css must not reference ${forbidden}; check frontend/scss/app.scss`);
  }
}
// Sass starts compressed output with a byte order mark when the CSS holds any
// non-ASCII character; keep it first so browsers read the file as UTF-8.
const bom = css.startsWith("\uFEFF") ? "\uFEFF" : "";
const banner = `/*! Scrutiny Tracker. Built from frontend/scss with govuk-frontend ${govukVersion} (MIT). */`;
css = `${bom}${banner}\n${css.slice(bom.length)}\n`;
await writeFile(path.join(outDir, "app.css"), css);

// 2. JavaScript. Drop the source map comment: the map is not shipped, and
//    Django's ManifestStaticFilesStorage fails on references to missing files.
const js = (await readFile(path.join(govukDist, "govuk-frontend.min.js"), "utf8"))
  .replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "")
  .trimEnd();
await writeFile(path.join(outDir, "govuk-frontend.min.js"), `${js}\n`);

// 3. The licence notice for the copied JavaScript and the compiled styles.
await writeFile(
  path.join(outDir, "govuk-frontend-LICENCE.txt"),
  `govuk-frontend ${govukVersion} — https://github.com/alphagov/govuk-frontend

The MIT License (MIT)

Copyright (C) 2017 Crown Copyright (Government Digital Service)

Permission is hereby granted, free of charge, to any person obtaining a copy of
this software and associated documentation files (the "Software"), to deal in
the Software without restriction, including without limitation the rights to
use, copy, modify, merge, publish, distribute, sublicense, and/or sell copies
of the Software, and to permit persons to whom the Software is furnished to do
so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
`,
);

const kb = (text) => `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;
console.log(`govuk-frontend ${govukVersion} → ${path.relative(process.cwd(), outDir)}`);
console.log(`  app.css ${kb(css)}, govuk-frontend.min.js ${kb(js)}`);
