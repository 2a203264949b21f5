export * from '../../src/testing/eventually';
