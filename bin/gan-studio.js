#!/usr/bin/env node
// The gan-studio command: see README.md, "The command line".
const fs = require('fs');
const path = require('path');

const cli = path.join(__dirname, '..', 'dist', 'cli.js');
if (!fs.existsSync(cli)) {
  process.stderr.write(
    `gan-studio: the command line is not built (${cli} is missing). Run \`npm install\` or \`npm run build\` in ${path.dirname(__dirname)}.\n`,
  );
  process.exit(1);
}
require(cli).runFromProcess();
