import { list } from '../rules/text.js';

/** `A`, `A` and `B`, `A`, `B` and `C`: names in inline code, as guidance writes them. */
export function codeList(names: readonly string[], max = 8): string {
  return list(names, max, (n) => `\`${n}\``);
}
