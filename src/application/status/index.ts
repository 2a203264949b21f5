export * from './accepted-tally';
export * from './pipeline-projection';
export * from './report-catalog';
export * from './status-service';
