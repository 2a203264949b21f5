import { InMemoryEventJournal } from '../../src/adapters/memory';
import { handleCommands } from '../../src/application/shared/handle-commands';
import { type BatchCommand, batchDecider, batchStream, type LocusEvent } from '../../src/domain';
import type { EventJournal } from '../../src/ports';
import { ManualClock } from '../support/manual-clock';

const partition = (batchId: string, runId: string) => ({
  stream: batchStream(batchId),
  command: { type: 'MarkBatchPartitioned', data: { batchId, runId, at: 20 } } as BatchCommand,
});

const partitionedBy = async (journal: EventJournal, batchId: string): Promise<string[]> =>
  (await journal.readStream(batchStream(batchId))).events.map(
    (event: LocusEvent) => (event.data as { runId: string }).runId,
  );

describe('handleCommands', () => {
  it('appends the decisions of many streams in one appendAll, skipping streams with nothing to do', async () => {
    const journal = new InMemoryEventJournal(new ManualClock());
    await handleCommands(journal, batchDecider, [partition('b1', 'r0')]);
    const appendAll = jest.spyOn(journal, 'appendAll');
    const append = jest.spyOn(journal, 'append');
    await handleCommands(
      journal,
      batchDecider,
      ['b1', 'b2', 'b3'].map((id) => partition(id, 'r1')),
    );
    expect(appendAll).toHaveBeenCalledTimes(1);
    expect(appendAll.mock.calls[0]?.[0].map((part) => part.stream)).toEqual([
      batchStream('b2'),
      batchStream('b3'),
    ]);
    expect(append).not.toHaveBeenCalled();
    expect(await partitionedBy(journal, 'b1')).toEqual(['r0']);
    expect(await partitionedBy(journal, 'b2')).toEqual(['r1']);
  });

  it('decides each command again on its own when another writer appended first', async () => {
    const journal = new InMemoryEventJournal(new ManualClock());
    const appendAll = journal.appendAll.bind(journal);
    jest.spyOn(journal, 'appendAll').mockImplementationOnce(async (appends) => {
      // Another run marks b2 between the reads and the commit.
      await journal.append(
        batchStream('b2'),
        [{ type: 'BatchPartitioned', data: { batchId: 'b2', runId: 'other', partitionedAt: 10 } }],
        'no_stream',
      );
      return appendAll(appends);
    });
    await handleCommands(
      journal,
      batchDecider,
      ['b1', 'b2', 'b3'].map((id) => partition(id, 'r1')),
    );
    expect(await partitionedBy(journal, 'b1')).toEqual(['r1']);
    expect(await partitionedBy(journal, 'b2')).toEqual(['other']);
    expect(await partitionedBy(journal, 'b3')).toEqual(['r1']);
  });

  it('handles the commands one by one on a journal without appendAll', async () => {
    const memory = new InMemoryEventJournal(new ManualClock());
    const journal: EventJournal = {
      append: (...args) => memory.append(...args),
      readStream: (stream) => memory.readStream(stream),
      listStreams: (prefix) => memory.listStreams(prefix),
      tail: (limit) => memory.tail(limit),
    };
    await handleCommands(
      journal,
      batchDecider,
      ['b1', 'b2'].map((id) => partition(id, 'r1')),
    );
    expect(await partitionedBy(journal, 'b1')).toEqual(['r1']);
    expect(await partitionedBy(journal, 'b2')).toEqual(['r1']);
  });
});
