import type { Severity } from '../findings.js';
import type { ChangeClass } from './define.js';

/** How a class is shown where a severity is expected (stylish, SARIF, annotations): breaking fails CI by default. */
export const SEVERITY_OF: Readonly<Record<ChangeClass, Severity>> = { breaking: 'error', risky: 'warning', safe: 'info' };
