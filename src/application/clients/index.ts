export * from './client-intake';
export * from './client-message';
export * from './refused-items';
