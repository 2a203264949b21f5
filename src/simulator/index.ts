export * from './http-sender';
export * from './movement';
export * from './random';
export * from './sim-device';
export * from './simulation';
export * from './simulation-defaults';
export * from './simulation-report';
export * from './wire-formats';
