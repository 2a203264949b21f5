/**
 * Whether JSON text nests arrays and objects deeper than `maxDepth`. One pass over the text,
 * skipping strings, before it is parsed: a deeply nested body costs nothing to refuse.
 */
export const exceedsJsonDepth = (text: string, maxDepth: number): boolean => {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 123 || c === 91) {
      if (++depth > maxDepth) return true;
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return false;
};
