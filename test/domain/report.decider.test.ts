import { type ReportPublished, type ReportRejected, replay, reportDecider } from '../../src/domain';
import { DeciderSpecification } from '../support/decider-spec';

const spec = DeciderSpecification.for(reportDecider);
const DATE = '2026-11-28';
const published = (revision: number, at: number, rowCount = 7): ReportPublished => ({
  type: 'ReportPublished',
  data: {
    date: DATE,
    rowCount,
    partitionRevision: revision,
    location: 'download/x.csv',
    checksum: 'c1',
    publishedAt: at,
  },
});
const publish = (revision: number, at: number, rowCount = 7, partitionRecords = 7) =>
  ({
    type: 'PublishReport',
    data: {
      date: DATE,
      rowCount,
      partitionRevision: revision,
      partitionRecords,
      checksum: 'c1',
      location: 'download/x.csv',
      at,
    },
  }) as const;
const rejected = (revision: number, at: number): ReportRejected => ({
  type: 'ReportRejected',
  data: {
    date: DATE,
    rowCount: 0,
    partitionRevision: revision,
    partitionRecords: 7,
    reason: 'rows lost',
    rejectedAt: at,
  },
});

describe('report decider', () => {
  it('publishes a report whose rows equal the records of its partition revision', () => {
    spec
      .given([])
      .when(publish(1, 5))
      .then([published(1, 5)]);
  });

  it('publishes again over an earlier report (running it again overwrites)', () => {
    spec
      .given([published(1, 5)])
      .when(publish(1, 9))
      .then([published(1, 9)]);
  });

  it('publishes an empty report of an empty partition', () => {
    spec
      .given([])
      .when(publish(0, 5, 0, 0))
      .then([published(0, 5, 0)]);
  });

  it('refuses a report with fewer or more rows than the partition revision holds', () => {
    spec
      .given([])
      .when(publish(1, 5, 0, 1_040))
      .thenThrows('REPORT_MISMATCH');
    spec
      .given([published(1, 5)])
      .when(publish(2, 9, 8, 7))
      .thenThrows('REPORT_MISMATCH');
  });

  it('refuses to publish over a report made from a newer partition revision', () => {
    spec
      .given([published(3, 5)])
      .when(publish(2, 9))
      .thenThrows('REPORT_OUTDATED');
  });

  it('journals a refused run, and a later publication clears it', () => {
    spec
      .given([published(1, 5)])
      .when({
        type: 'RejectReport',
        data: {
          date: DATE,
          rowCount: 0,
          partitionRevision: 1,
          partitionRecords: 7,
          reason: 'rows lost',
          at: 8,
        },
      })
      .then([rejected(1, 8)]);
    const refused = replay(reportDecider, [published(1, 5), rejected(1, 8)]);
    expect(refused).toEqual(
      expect.objectContaining({ partitionRevision: 1, rowCount: 7, rejected: rejected(1, 8).data }),
    );
    expect(replay(reportDecider, [published(1, 5), rejected(1, 8), published(1, 9)]).rejected).toBeNull();
  });
});
