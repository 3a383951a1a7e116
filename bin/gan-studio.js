#!/usr/bin/env node
// The gan-studio command: see README.md, "Command line".
require('../dist/cli.js').runFromProcess();
