#!/usr/bin/env node
// The package's process entry is src/bin.ts (dist/bin.js); this path stays a working entry for
// the scripts, tests and installs that run dist/cli/main.js. It holds no code of its own, so
// the CLI still never imports the MCP face: only the entry above both faces does.
import '../bin.js';
