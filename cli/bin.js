#!/usr/bin/env node
// The `anycloud` command. TypeScript (the CLI and the user's app) is loaded through tsx.
require('tsx/cjs');
require('./main.ts')
  .main(process.argv)
  .catch((error) => {
    process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
    process.exit(1);
  });
