/** A fenced block of a Markdown file: its language, text, the line it starts on, and the block after it. */
export interface CommandBlock {
  readonly line: number;
  readonly code: string;
  /** Why the test does not run it (`<!-- readme-test: skip: reason -->` on the line before). */
  readonly skip?: string;
  /** The output the text shows right after it (a fenced block without a language), if any. */
  readonly output?: string;
}

const FENCE = /^```(\w*)\s*$/;
const SKIP = /^<!-- readme-test: skip: (.+?) -->$/;

/** The `sh` blocks of a Markdown text, each with its skip marker and the output shown after it. */
export const commandBlocks = (markdown: string): CommandBlock[] => {
  const lines = markdown.split('\n');
  const fenced: { lang: string; start: number; code: string; before: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = FENCE.exec(lines[i] as string);
    if (open === null) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
    if (end < 0) throw new Error(`the block at line ${i + 1} is not closed`);
    let before = i - 1;
    while (before >= 0 && (lines[before] as string).trim() === '') before--;
    fenced.push({
      lang: open[1] as string,
      start: i + 1,
      code: lines.slice(i + 1, end).join('\n'),
      before: before >= 0 ? (lines[before] as string).trim() : '',
    });
    i = end;
  }
  return fenced.flatMap((block, index) => {
    if (block.lang !== 'sh') return [];
    const next = fenced[index + 1];
    const skip = SKIP.exec(block.before)?.[1];
    return [
      {
        line: block.start,
        code: block.code,
        ...(skip === undefined ? {} : { skip }),
        ...(next !== undefined && next.lang === '' ? { output: next.code } : {}),
      },
    ];
  });
};

/** A line of shown output as a pattern: `…what…` stands for anything. */
export const outputPattern = (line: string): RegExp =>
  new RegExp(
    line
      .split(/…[^…]*…/)
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*'),
  );
