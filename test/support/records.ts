export * from '../../src/testing/records';
