/** `A`, `A` and `B`, `A`, `B` and `C`: names in inline code, as guidance writes them. */
export function codeList(names: readonly string[], max = 8): string {
  const shown = names.slice(0, max).map((n) => `\`${n}\``);
  if (names.length > max) shown.push(`${names.length - max} more`);
  if (shown.length <= 1) return shown[0] ?? '';
  return `${shown.slice(0, -1).join(', ')} and ${shown[shown.length - 1]}`;
}
