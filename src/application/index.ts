export * from './daily/daily-run-service';
export * from './partition/partition-service';
export * from './receive/parse-locations';
export * from './receive/receive-service';
export * from './report/report-service';
export * from './settings';
export * from './store/store-service';
export * from './tokens';
