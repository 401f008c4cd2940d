#!/usr/bin/env node
// The `anycloud` command.
// Which CLI runs: when `main.ts` sits beside this file we are in a checkout of the anycloud
// repository (the package never ships cli/*.ts), so the CLI runs from its TypeScript sources
// through tsx, with the repository's tsconfig `paths` resolving `anycloud/...` to the sources
// whatever the working directory. Otherwise this is the installed package: the compiled
// `dist/cli/main.js` runs on plain Node.js, and tsx is loaded only to read the user's app
// (see loadApp in cli/load-app.ts).
const { existsSync } = require('node:fs');
const { join } = require('node:path');

let cli;
if (existsSync(join(__dirname, 'main.ts'))) {
  process.env.TSX_TSCONFIG_PATH ??= join(__dirname, '..', 'tsconfig.json');
  require('tsx/cjs');
  cli = require('./main.ts');
} else {
  cli = require('../dist/cli/main.js');
}
cli.main(process.argv).catch((error) => {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`);
  process.exit(1);
});
