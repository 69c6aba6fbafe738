#!/usr/bin/env node
import module from 'node:module';

// Node 22.1+ keeps compiled code between runs; earlier versions do without.
module.enableCompileCache?.();
// The bundle is minified; a debugging run maps stack traces back to the sources.
if (process.env.EDA_ADVISOR_DEBUG) process.setSourceMapsEnabled(true);
await import('../dist/cli.js');
