/** The older comma-separated databases (`item_db.txt`, `mob_db.txt`): comments, blank lines, `{ script }` fields. */

/** Data lines: `//` comments and blank lines dropped. */
export function dataLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0 && !l.startsWith('//'));
}

/** Splits a line at commas outside `{ … }` script fields. */
export function csvFields(line: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const c of line) {
    if (c === '{') depth++;
    else if (c === '}') depth = Math.max(0, depth - 1);
    if (c === ',' && depth === 0) {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}
