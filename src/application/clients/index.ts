export * from './client-format';
export * from './client-routes';
export * from './osmand-format';
export * from './overland-format';
export * from './owntracks-format';
export * from './receive-from-client';
export * from './speed-units';
