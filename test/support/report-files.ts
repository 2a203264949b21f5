export * from '../../src/testing/report-files';
