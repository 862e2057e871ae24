#!/usr/bin/env node
// The `eventbench` command: the engine and browser UI under plain Node (see src-main/cli).
import '../../out/main/cli.js';
