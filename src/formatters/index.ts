import github from './github.js';
import json from './json.js';
import junit from './junit.js';
import markdown from './markdown.js';
import sarif from './sarif.js';
import stylish from './stylish.js';
import type { Formatter } from './types.js';

export const FORMATTERS: Readonly<Record<string, Formatter>> = { stylish, json, sarif, junit, github, markdown };
export const FORMAT_NAMES = Object.keys(FORMATTERS);
