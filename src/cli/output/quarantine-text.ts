import type { QuarantineListing } from '../../application/quarantine/quarantine-service';
import type { RedriveOutcome } from '../../ports';

const REASONS_SHOWN = 3;

const n = (value: number): string => value.toLocaleString('en-US');

const plural = (count: number, one: string, many: string): string =>
  `${n(count)} ${count === 1 ? one : many}`;

/** Reasons, most frequent first: `2 × reason`. */
const reasonLines = (reasons: readonly string[]): string[] => {
  const byReason = new Map<string, number>();
  for (const reason of reasons) byReason.set(reason, (byReason.get(reason) ?? 0) + 1);
  const sorted = [...byReason].sort((a, b) => b[1] - a[1]);
  const lines = sorted.slice(0, REASONS_SHOWN).map(([reason, count]) => `${n(count)} × ${reason}`);
  if (sorted.length > REASONS_SHOWN)
    lines.push(`… and ${plural(sorted.length - REASONS_SHOWN, 'other reason', 'other reasons')}`);
  return lines;
};

/**
 * The alarm `locus status` raises while anything is set aside: counts, reasons, and the command
 * that brings it back. No lines when nothing is.
 */
export const formatQuarantineAlarm = (
  quarantine: QuarantineListing | { readonly error: string },
): string[] => {
  if ('error' in quarantine) return [`ALARM        the quarantine cannot be read: ${quarantine.error}`];
  const lines: string[] = [];
  const { messages, batches } = quarantine;
  if (messages.length > 0) {
    const records = messages.reduce((sum, message) => sum + (message.records ?? 0), 0);
    lines.push(
      `ALARM        ${plural(messages.length, 'queue message', 'queue messages')} quarantined (${plural(records, 'record', 'records')}), in no report until brought back:`,
      ...reasonLines(
        messages.map((message) =>
          message.records === null ? `${message.reason} (unreadable)` : message.reason,
        ),
      ).map((line) => `               ${line}`),
      '             bring them back: locus quarantine redrive   (see them: locus quarantine list)',
    );
  }
  if (batches.length > 0) {
    lines.push(
      `ALARM        ${plural(batches.length, 'batch', 'batches')} quarantined (unreadable), under quarantine/work/ with a .reason.txt each:`,
      ...reasonLines(batches.map((batch) => batch.reason.split('\n')[0] ?? '')).map(
        (line) => `               ${line}`,
      ),
      `               ids: ${batches
        .slice(0, REASONS_SHOWN)
        .map((batch) => batch.id)
        .join(', ')}${batches.length > REASONS_SHOWN ? ', …' : ''}`,
      '             once repaired: locus quarantine redrive --batch ID',
    );
  }
  return lines;
};

/** `locus quarantine list` for people. */
export const formatQuarantineList = (listing: QuarantineListing): string => {
  if (listing.messages.length === 0 && listing.batches.length === 0) return 'nothing is quarantined\n';
  const lines: string[] = [];
  if (listing.messages.length > 0) lines.push(`messages (${n(listing.messages.length)})`);
  for (const message of listing.messages) {
    const records = message.records === null ? 'unreadable' : plural(message.records, 'record', 'records');
    lines.push(
      `  ${message.id}  ${new Date(message.quarantinedAt).toISOString()}  ${records}  ${message.reason}`,
      `      ${message.preview}`,
    );
  }
  if (listing.batches.length > 0)
    lines.push(`batches (${n(listing.batches.length)}), under quarantine/work/`);
  for (const batch of listing.batches) lines.push(`  ${batch.id}  ${batch.reason.replace(/\n/g, ' ')}`);
  return `${lines.join('\n')}\n`;
};

/** `locus quarantine redrive` for people. */
export const formatRedrive = (outcome: RedriveOutcome): string => {
  const lines = [
    `redriven ${plural(outcome.redriven.length, 'message', 'messages')} (${plural(outcome.records, 'record', 'records')}) back to the queue; the next store run stores them`,
  ];
  for (const message of outcome.unreadable)
    lines.push(`kept ${message.id}: cannot be read (${message.reason})`);
  if (outcome.notFound.length > 0) lines.push(`not in quarantine: ${outcome.notFound.join(' ')}`);
  return `${lines.join('\n')}\n`;
};
