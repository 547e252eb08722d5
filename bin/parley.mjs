#!/usr/bin/env node
// Runs the compiled server in dist/ (see scripts/build-server.mjs; `npm start` builds it when stale) when it
// is current, else the TypeScript sources through tsx — so `npx parley` works right after `npm install` and
// always runs the code as it is on disk. PARLEY_FROM_SOURCE=1 forces the sources (`npm run dev`).
import { pathToFileURL } from 'node:url';
import { DIST_ENTRY, isCompiledBuildCurrent } from './compiled-build.mjs';

if (process.env.PARLEY_FROM_SOURCE !== '1' && isCompiledBuildCurrent()) {
  await import(pathToFileURL(DIST_ENTRY).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli/main.ts');
}
