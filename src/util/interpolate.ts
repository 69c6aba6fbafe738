/** Fills `{{name}}` placeholders from data; an unknown placeholder stays as written (the rule tester rejects it). */
export function interpolate(template: string, data: Readonly<Record<string, string | number>> | undefined): string {
  if (!data) return template;
  // A template is split once (a large design's review fills the same few templates thousands of
  // times): text, placeholder as written, its key, text, …
  let parts = split.get(template);
  if (!parts) {
    parts = template.split(/(\{\{\s*([A-Za-z0-9_]+)\s*\}\})/);
    split.set(template, parts);
  }
  let out = parts[0] ?? '';
  for (let i = 1; i < parts.length; i += 3) {
    const key = parts[i + 1] as string;
    out += (Object.hasOwn(data, key) ? String(data[key]) : parts[i]) + (parts[i + 2] ?? '');
  }
  return out;
}

const split = new Map<string, string[]>();

/** The `{{name}}` placeholders of a template, as a type: `Placeholders<"{{a}} or {{b}}">` is `'a' | 'b'`. */
export type Placeholders<T extends string> = T extends `${string}{{${infer K}}}${infer Rest}` ? K | Placeholders<Rest> : never;

/** The data that fills a template: one entry per placeholder, no more, no fewer. */
export type DataOf<T extends string> = { readonly [K in Placeholders<T>]: string | number };
