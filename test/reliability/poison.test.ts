import { promises as fs } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { formatPipelineStatus } from '../../src/cli/output/status-text';
import type { LocationRecord } from '../../src/domain';
import { LocalWorld } from '../support/local-world';
import { readAll } from '../support/records';
import { inRequests, sampleLocations } from './support/locations';
import { scenarioSettings } from './support/property-run';
import { checkReports, ScenarioRunner } from './support/run-scenario';
import { START } from './support/worlds';

const post = async (
  runner: ScenarioRunner,
  world: LocalWorld,
  count: number,
  seed: number,
): Promise<void> => {
  for (const request of inRequests(sampleLocations(count, world.clock.now(), seed), 4)) {
    await runner.post(request, true, false);
  }
};

/** Removes records from what the reports must hold (they were in an object that was damaged). */
const forget = (runner: ScenarioRunner, records: readonly LocationRecord[]): void => {
  for (const day of runner.expected.values()) for (const record of records) day.delete(record.recordId);
  for (const [date, day] of runner.expected) if (day.size === 0) runner.expected.delete(date);
};

describe('poison and odd data on the local profile', () => {
  let world: LocalWorld;

  beforeEach(async () => {
    world = await LocalWorld.open({ settings: scenarioSettings('Asia/Tokyo'), start: START });
  });

  afterEach(async () => {
    await world.close();
  });

  it('sets aside queue messages that cannot be read, counts them, and stores the rest', async () => {
    const runner = new ScenarioRunner(world);
    await post(runner, world, 8, 1);
    const db = new Database(path.join(world.dataDir, 'queue.db'));
    const poison = ['not a record', 'a,b,c,d,e,f,g,h,i,j', '\u0000\u00ff\ufffd binary', '"unterminated'];
    for (const body of poison) db.prepare('INSERT INTO messages (body, visible_at) VALUES (?, 0)').run(body);
    db.close();
    await post(runner, world, 8, 2);

    await runner.finish();
    expect(await checkReports(world, runner.expected)).toEqual([]);
    expect(await world.raw.queue.depth()).toEqual({ ready: 0, leased: 0, quarantined: poison.length });
    const kept = new Database(path.join(world.dataDir, 'queue.db'), { readonly: true });
    const rows = kept.prepare('SELECT body, reason FROM quarantined_messages ORDER BY id').all() as {
      body: string;
      reason: string;
    }[];
    kept.close();
    expect(rows.map((row) => row.body)).toEqual(poison);
    for (const row of rows) expect(row.reason).not.toBe('');
    const status = formatPipelineStatus(await world.services.status.pipeline(), 'Locus');
    expect(status).toMatch(/queue +0 ready, 0 leased, 4 quarantined/);
  });

  it('quarantines work objects that are truncated or not CSV, files every other batch, and says so', async () => {
    const runner = new ScenarioRunner(world);
    const batches: string[] = [];
    for (const seed of [11, 12, 13, 14, 15, 16]) {
      await post(runner, world, 6, seed);
      batches.push((await world.services.store.run()).batchId as string);
    }
    const [midLine, binary, empty, lineBoundary] = batches as [string, string, string, string];
    const contents = new Map<string, LocationRecord[]>();
    for (const id of batches) contents.set(id, await readAll(world.raw.batches.read(id)));
    const file = (id: string) => world.file(`work/${id}.csv`);
    const text = await fs.readFile(file(midLine), 'utf8');
    await fs.writeFile(file(midLine), text.slice(0, text.lastIndexOf('\n', text.length - 2) + 40));
    await fs.writeFile(file(binary), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0xff, 0xfe, 0x0a, 0x01]));
    await fs.writeFile(file(empty), '');
    const lines = (await fs.readFile(file(lineBoundary), 'utf8')).split('\n');
    await fs.writeFile(file(lineBoundary), `${lines.slice(0, 2).join('\n')}\n`);

    const outcome = await world.services.partition.run();
    expect([...outcome.quarantined].sort()).toEqual([midLine, binary, empty, lineBoundary].sort());
    expect(outcome.batches).toHaveLength(2);
    expect(await world.raw.batches.listPending()).toEqual([]);
    expect([...(await world.raw.batches.quarantined())].sort()).toEqual(
      [midLine, binary, empty, lineBoundary].sort(),
    );
    for (const id of [midLine, binary, empty, lineBoundary]) {
      const reason = await fs.readFile(world.file(`quarantine/work/${id}.reason.txt`), 'utf8');
      expect(reason).toContain(`work/${id}.csv`);
      await expect(fs.stat(world.file(`quarantine/work/${id}.csv`))).resolves.toBeDefined();
    }
    const status = await world.services.status.pipeline();
    expect(status.batches).toEqual({ pending: 0, quarantined: 4 });
    expect(formatPipelineStatus(status, 'Locus')).toMatch(/batches +0 pending, 4 quarantined/);

    // Records read before the damage may be filed (those of a whole chunk that decoded): each at
    // most once. The rest of a damaged batch is in no report, but kept in quarantine/.
    await runner.finish();
    const reported = new Set<string>();
    for (const date of runner.dates) {
      for (const line of ((await world.reportText(date)) ?? '').split('\r\n').slice(1))
        reported.add(line.slice(0, 32));
    }
    const damaged = (id: string) => contents.get(id) as LocationRecord[];
    expect(damaged(binary).filter((r) => reported.has(r.recordId))).toEqual([]);
    expect(damaged(empty).filter((r) => reported.has(r.recordId))).toEqual([]);
    expect(damaged(lineBoundary).filter((r) => reported.has(r.recordId))).toEqual(
      damaged(lineBoundary).slice(0, 2),
    );
    expect(reported.has((damaged(midLine).at(-1) as LocationRecord).recordId)).toBe(false);
    forget(
      runner,
      [midLine, binary, empty, lineBoundary].flatMap((id) =>
        damaged(id).filter((r) => !reported.has(r.recordId)),
      ),
    );
    expect(await checkReports(world, runner.expected)).toEqual([]);
  });

  it('a partition written by an older version fails its date, naming the file, and blocks no other date', async () => {
    const runner = new ScenarioRunner(world);
    await post(runner, world, 30, 21);
    await runner.finish();
    const [withHeader, extraColumn, ...others] = runner.dates as [string, string, ...string[]];
    expect(others.length).toBeGreaterThan(0);
    const partOf = async (date: string) => {
      const [part] = await world.raw.partitions.listParts(date);
      return world.file(
        `storage/dt=${date}/part-${String(part?.index).padStart(2, '0')}-of-${String(part?.of).padStart(2, '0')}.csv`,
      );
    };
    const headerFile = await partOf(withHeader);
    const headerOriginal = await fs.readFile(headerFile, 'utf8');
    await fs.writeFile(
      headerFile,
      `record_id,device_id,recorded_at,latitude,longitude,accuracy,altitude,speed,heading,received_at\n${headerOriginal}`,
    );
    const extraFile = await partOf(extraColumn);
    const extraOriginal = await fs.readFile(extraFile, 'utf8');
    await fs.writeFile(extraFile, extraOriginal.replace(/\n/g, ',v1\n'));

    // New locations for every date arrive and are stored.
    await post(runner, world, 30, 22);
    await runner.drain();
    const pending = await world.raw.batches.listPending();
    const failure = world.services.partition.run();
    await expect(failure).rejects.toMatchObject({ code: 'CORRUPT_OBJECT' });
    const message = ((await failure.catch((error: unknown) => error)) as Error).message;
    expect(message).toContain(path.relative(world.dataDir, headerFile).split(path.sep).join('/'));
    expect(message).toContain(path.relative(world.dataDir, extraFile).split(path.sep).join('/'));
    // Kept as they were, the batches that hold their records still pending; the other dates written.
    expect(await fs.readFile(extraFile, 'utf8')).toBe(extraOriginal.replace(/\n/g, ',v1\n'));
    expect((await world.raw.batches.listPending()).length).toBeGreaterThan(0);
    expect((await world.raw.batches.listPending()).every((id) => pending.includes(id))).toBe(true);
    for (const date of others) {
      const standing = await world.services.status.day(date);
      expect(standing.partitionRevision).toBe(2);
    }

    // Once the files are repaired, the next run files what was held back.
    await fs.writeFile(headerFile, headerOriginal);
    await fs.writeFile(extraFile, extraOriginal);
    await runner.finish();
    expect(await checkReports(world, runner.expected)).toEqual([]);
  });
});
