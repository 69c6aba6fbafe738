/** Fills `{{name}}` placeholders from data; an unknown placeholder stays as written (the rule tester rejects it). */
export function interpolate(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  if (!data) return template;
  return template.replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, (whole, key: string) => (Object.hasOwn(data, key) ? String(data[key]) : whole));
}

/** The `{{name}}` placeholders of a template, as a type: `Placeholders<"{{a}} or {{b}}">` is `'a' | 'b'`. */
export type Placeholders<T extends string> = T extends `${string}{{${infer K}}}${infer Rest}` ? K | Placeholders<Rest> : never;

/** The data that fills a template: one entry per placeholder, no more, no fewer. */
export type DataOf<T extends string> = { readonly [K in Placeholders<T>]: string | number };
