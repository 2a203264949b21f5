export * from './config-file';
export * from './locus-config';
export * from './setting-catalog';
export * from './units';
