/** Reads `LOCUS_AWS_*` variables one by one and collects every problem, so one error names them all. */
export class AwsEnvReader {
  readonly problems: string[] = [];

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** Whether the variable is set to something other than blanks. */
  has(name: string): boolean {
    return (this.env[name] ?? '').trim() !== '';
  }

  /** The trimmed value, or `undefined` when unset or not matching `pattern` (a problem then). */
  optional(name: string, pattern?: RegExp, what?: string): string | undefined {
    const value = this.env[name]?.trim();
    if (value === undefined || value === '') return undefined;
    if (pattern !== undefined && !pattern.test(value)) {
      this.problems.push(`${name} "${value}" is not ${what ?? 'valid'}`);
      return undefined;
    }
    return value;
  }

  /** The trimmed value, or `''` with a problem when it is missing or invalid. */
  required(name: string, pattern?: RegExp, what?: string): string {
    if (!this.has(name)) {
      this.problems.push(`${name} is missing${what === undefined ? '' : ` (${what})`}`);
      return '';
    }
    return this.optional(name, pattern, what) ?? '';
  }

  /** An http(s) URL. */
  url(name: string, required: boolean): string | undefined {
    const value = required ? this.required(name) : this.optional(name);
    if (value === undefined || value === '') return value;
    try {
      const url = new URL(value);
      if (url.protocol === 'http:' || url.protocol === 'https:') return value;
    } catch {
      // reported below
    }
    this.problems.push(`${name} "${value}" is not an http(s) URL`);
    return undefined;
  }

  /** A whole number from `min` to `max`, or `fallback` when unset (or invalid, a problem then). */
  integer(name: string, fallback: number, min: number, max: number): number {
    const text = this.optional(name);
    if (text === undefined) return fallback;
    const value = Number(text);
    if (!Number.isInteger(value) || value < min || value > max) {
      this.problems.push(`${name} "${text}" is not a whole number from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }
}
