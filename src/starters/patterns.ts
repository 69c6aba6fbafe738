/** The patterns `init --pattern` has a starter for (the starters themselves load only for init). */
export const PATTERNS = ['saga', 'process-manager', 'choreography'] as const;
export type StarterPattern = (typeof PATTERNS)[number];
