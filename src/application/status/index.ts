export * from './accepted-tally';
export * from './report-catalog';
export * from './status-service';
