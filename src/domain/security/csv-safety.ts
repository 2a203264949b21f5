/**
 * Spreadsheet formula injection: a cell whose text starts with one of these characters is run as
 * a formula by common spreadsheet programs (`=`, `+`, `-`, `@`, tab, carriage return, and their
 * full-width forms, which some locales treat alike).
 */
export const FORMULA_START_CHARACTERS: readonly string[] = [
  '=',
  '+',
  '-',
  '@',
  '\t',
  '\r',
  '\uFF1D',
  '\uFF0B',
  '\uFF0D',
  '\uFF20',
];

const FORMULA_START = new Set(FORMULA_START_CHARACTERS);

/** A number in the form the codec writes (`-12.5`, `1e+21`): safe, a spreadsheet reads it as a number. */
const PLAIN_NUMBER = /^-?\d+(?:\.\d+)?(?:e[+-]?\d+)?$/;

/** Whether a spreadsheet could run this text, put alone in a cell, as a formula. */
export const isFormulaLike = (text: string): boolean =>
  FORMULA_START.has(text.charAt(0)) && !PLAIN_NUMBER.test(text);

/**
 * The text a report cell may hold: formula-looking text gets a leading apostrophe, which makes
 * spreadsheets show it as text (OWASP's advice for CSV injection). Other text is unchanged.
 */
export const neutraliseCell = (text: string): string => (isFormulaLike(text) ? `'${text}` : text);
