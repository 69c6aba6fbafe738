// A peer: js-yaml merely parsing a file (no positions), the floor a position-keeping reader is held to.
import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';

yaml.load(readFileSync(process.argv[2], 'utf8'));
