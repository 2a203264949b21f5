export * from './client-format';
export * from './client-intake';
export * from './client-routes';
export * from './osmand-format';
export * from './overland-format';
export * from './owntracks-format';
export * from './refused-items';
export * from './speed-units';
