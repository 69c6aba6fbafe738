/** 'A', 'A and B', 'A, B and C', each quoted: names as a message lists them. */
export function list(names: readonly string[], max = 6, quote = (n: string) => `'${n}'`): string {
  const quoted = names.slice(0, max).map(quote);
  if (names.length > max) quoted.push(`${names.length - max} more`);
  if (quoted.length <= 1) return quoted[0] ?? '';
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** `A`, `A` and `B`, `A`, `B` and `C`: names in inline code, as guidance writes them. */
export function codeList(names: readonly string[], max = 8): string {
  return list(names, max, (n) => `\`${n}\``);
}

/** '1 step', '3 steps': a count with its noun. */
export function plural(count: number, one: string, many = `${one}s`): string {
  return `${count} ${count === 1 ? one : many}`;
}
