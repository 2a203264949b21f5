import {
  isReportCurrent,
  type PartitionState,
  type ReportPublished,
  replay,
  reportDecider,
} from '../../src/domain';
import { DeciderSpecification } from '../support/decider-spec';

const spec = DeciderSpecification.for(reportDecider);
const published = (revision: number, at: number): ReportPublished => ({
  type: 'ReportPublished',
  data: {
    date: '2026-11-28',
    rowCount: 7,
    partitionRevision: revision,
    location: 'download/x.csv',
    publishedAt: at,
  },
});
const partition = (revision: number): PartitionState => ({
  revision,
  parts: 1,
  partCounts: [7],
  recordCount: 7,
});

describe('report decider', () => {
  it('publishes a report made from a partition revision', () => {
    spec
      .given([])
      .when({
        type: 'PublishReport',
        data: { date: '2026-11-28', rowCount: 7, partitionRevision: 1, location: 'download/x.csv', at: 5 },
      })
      .then([published(1, 5)]);
  });

  it('publishes again over an earlier report (running it again overwrites)', () => {
    spec
      .given([published(1, 5)])
      .when({
        type: 'PublishReport',
        data: { date: '2026-11-28', rowCount: 7, partitionRevision: 1, location: 'download/x.csv', at: 9 },
      })
      .then([published(1, 9)]);
  });

  it('is current only while the partition has not changed since', () => {
    const state = replay(reportDecider, [published(1, 5)]);
    expect(isReportCurrent(state, partition(1))).toBe(true);
    expect(isReportCurrent(state, partition(2))).toBe(false);
    expect(isReportCurrent(reportDecider.initialState(), partition(0))).toBe(false);
  });
});
