'use strict';
// Nx loads generator and migration factories with require(); the engine is an ES module (and
// TypeScript in a checkout), so each factory imports it on first use: dist/ when the package
// is built, else src/ through tsx, so a fresh clone needs no build step.
const { existsSync } = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

let registered;

async function load(name) {
  const source = path.join(__dirname, '..', 'src', 'nx', `${name}.ts`);
  if (existsSync(source)) {
    registered ??= import('tsx/esm/api').then(({ register }) => register());
    await registered;
    return import(pathToFileURL(source).href);
  }
  return import(pathToFileURL(path.join(__dirname, '..', 'dist', 'nx', `${name}.js`)).href);
}

exports.migrateGenerator = async (tree, options) => (await load('migrate-generator')).default(tree, options);
exports.adoptLegacyCompat = async (tree) => (await load('compat-migration')).default(tree);
