import { type CalendarDate, isCalendarDate } from '../../src/domain';
import { LocusError } from '../../src/ports/errors';

/** What the server's command line says. */
export interface RunArguments {
  /** `--date YYYY-MM-DD` (or a bare date): report this day instead of yesterday. */
  readonly date?: CalendarDate;
}

const USAGE = 'usage: node index.js [--date YYYY-MM-DD]';

const checkedDate = (text: string | undefined): CalendarDate => {
  if (text === undefined || !isCalendarDate(text)) {
    throw new LocusError('CONFIGURATION', `"${text ?? ''}" is not a date YYYY-MM-DD (${USAGE})`);
  }
  return text;
};

/** Reads the arguments after the script name. */
export const parseRunArguments = (args: readonly string[]): RunArguments => {
  let date: CalendarDate | undefined;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] as string;
    if (arg === '--date') date = checkedDate(args[++i]);
    else if (arg.startsWith('--date=')) date = checkedDate(arg.slice('--date='.length));
    else if (!arg.startsWith('-')) date = checkedDate(arg);
    else throw new LocusError('CONFIGURATION', `unknown option ${arg} (${USAGE})`);
  }
  return date === undefined ? {} : { date };
};
