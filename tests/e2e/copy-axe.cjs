// Copy axe-core's browser build into vendor/ so the test suite needs no npm at run time.
// The file is copied byte for byte: its licence header (MPL-2.0) must stay intact.
const fs = require("node:fs");
const path = require("node:path");

const source = require.resolve("axe-core/axe.min.js");
const targetDir = path.join(__dirname, "vendor");
const target = path.join(targetDir, "axe.min.js");
const { version } = require("axe-core/package.json");

fs.mkdirSync(targetDir, { recursive: true });
fs.copyFileSync(source, target);
console.log(`axe-core ${version} -> ${path.relative(process.cwd(), target)}`);
