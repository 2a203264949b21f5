import type { BadInput } from '../bad-input-catalogue';

export interface Answer {
  readonly status: number;
  readonly text: string;
}

/**
 * What is wrong with an answer to a catalogue case (an empty list when it is the documented one):
 * the status, the JSON `error` and `message`, the first rejection, the accepted count and ids.
 */
export const answerProblems = (input: BadInput, answer: Answer): string[] => {
  const { expect: want } = input;
  const problems: string[] = [];
  if (answer.status !== want.status) problems.push(`status ${answer.status}, expected ${want.status}`);
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(answer.text) as Record<string, unknown>;
  } catch {
    return [...problems, `the answer is not JSON: ${answer.text.slice(0, 200)}`];
  }
  if (want.error !== undefined && body.error !== want.error)
    problems.push(`error ${String(body.error)}, expected ${want.error}`);
  if (answer.status >= 400 && (typeof body.message !== 'string' || body.message.length < 10)) {
    problems.push('no clear message');
  }
  if (want.message !== undefined && !want.message.test(String(body.message))) {
    problems.push(`message "${String(body.message)}" does not match ${want.message}`);
  }
  if (want.field !== undefined || want.reason !== undefined) {
    const first = (body.rejected as { field?: string; reason?: string }[] | undefined)?.[0];
    if (want.field !== undefined && first?.field !== want.field) {
      problems.push(`first rejection names field "${first?.field}", expected "${want.field}"`);
    }
    if (want.reason !== undefined && !want.reason.test(String(first?.reason))) {
      problems.push(`first rejection says "${first?.reason}", expected ${want.reason}`);
    }
  }
  if (want.accepted !== undefined && body.accepted !== want.accepted) {
    problems.push(`accepted ${String(body.accepted)}, expected ${want.accepted}`);
  }
  if (want.ids !== undefined && !want.ids((body.ids as string[] | undefined) ?? [])) {
    problems.push(`unexpected ids ${JSON.stringify(body.ids)}`);
  }
  return problems;
};
