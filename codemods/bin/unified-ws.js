#!/usr/bin/env node
// The `unified-ws` command. Installed from the registry it runs the built CLI in dist/; in a
// checkout (src/ present) it runs the TypeScript sources through tsx, so a fresh clone works
// right after `npm ci` with no build step to remember.
import { existsSync } from 'node:fs';

const source = new URL('../src/cli.ts', import.meta.url);
if (existsSync(source)) {
  const { register } = await import('tsx/esm/api');
  register();
  await import(source.href);
} else {
  await import(new URL('../dist/cli.js', import.meta.url).href);
}
