/** A sound design of this many services (three commands and three events each, sagas, process managers and choreographies). */
export function generateDesign(serviceCount: number): string;
/** The same design with real findings, a few hundred per thousand services. */
export function generateFlawedDesign(serviceCount: number): string;
