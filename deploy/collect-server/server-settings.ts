import type { LocusConfig } from '../../src/config/locus-config';
import { SettingReader } from '../../src/config/setting-reader';
import { LocusError } from '../../src/ports/errors';

/** A Lambda function name, or its (possibly qualified) ARN. */
const FUNCTION_NAME =
  /^(arn:[a-z-]+:lambda:[a-z0-9-]+:\d{12}:function:)?[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;

/** The collect server's own settings, read like every other (one error names every problem). */
export interface CollectServerSettings {
  /** `LOCUS_AWS_STOP_FUNCTION`: how the server stops itself on `aws` (else the lifecycle port's EC2 call). */
  readonly stopFunction?: string;
  /** `LOCUS_RUN_DATE_TAG`: an instance tag whose value (YYYY-MM-DD) adds a date to report. */
  readonly runDateTag?: string;
  /** `LOCUS_IMDS_ENDPOINT`: the instance metadata service (tags are read there). */
  readonly imdsEndpoint: string;
}

export const readCollectServerSettings = (config: Pick<LocusConfig, 'variables'>): CollectServerSettings => {
  const reader = new SettingReader(config.variables, () => '');
  const stopFunction = reader.text(
    'LOCUS_AWS_STOP_FUNCTION',
    '',
    FUNCTION_NAME,
    'not a Lambda function name or ARN',
  );
  const runDateTag = reader.text(
    'LOCUS_RUN_DATE_TAG',
    '',
    /^[A-Za-z0-9 +=._:@-]{1,128}$/,
    'not an instance tag key',
  );
  const imdsEndpoint = reader.text(
    'LOCUS_IMDS_ENDPOINT',
    'http://169.254.169.254',
    /^https?:\/\/\S+$/,
    'not a URL',
  );
  if (reader.problems.length > 0) {
    throw new LocusError(
      'CONFIGURATION',
      `the collect server is not configured:${reader.problems.map((p) => `\n  - ${p}`).join('')}`,
    );
  }
  return {
    ...(stopFunction === '' ? {} : { stopFunction }),
    ...(runDateTag === '' ? {} : { runDateTag }),
    imdsEndpoint: imdsEndpoint.replace(/\/+$/, ''),
  };
};
