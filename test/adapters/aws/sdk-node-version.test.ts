import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { engines } from '../../../package.json';

const run = promisify(execFile);

/** The Node.js majors package.json names (`^22.12.0 || ^24.0.0 || …`). */
const supportedMajors = engines.node.split('||').map((range) => Number(/\d+/.exec(range)?.[0]));
const major = Number(process.versions.node.split('.')[0]);

/** Builds every AWS SDK client Locus uses, in a fresh process, and prints the process warnings. */
const CHILD = `
const warnings = [];
process.on('warning', (w) => warnings.push(w.message));
const clients = [
  ['@aws-sdk/client-sqs', 'SQSClient'], ['@aws-sdk/client-s3', 'S3Client'],
  ['@aws-sdk/client-redshift-data', 'RedshiftDataClient'], ['@aws-sdk/client-ec2', 'EC2Client'],
  ['@aws-sdk/client-lambda', 'LambdaClient'], ['@aws-sdk/client-ssm', 'SSMClient'],
];
for (const [name, client] of clients) new (require(name)[client])({ region: 'eu-west-1' });
setImmediate(() => process.stdout.write(JSON.stringify(warnings)));
`;

describe('the AWS SDK on this Node.js', () => {
  it(`warns about the Node.js version only outside the supported lines (${engines.node}; running ${process.version})`, async () => {
    const env: NodeJS.ProcessEnv = { ...process.env };
    delete env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED;
    const { stdout } = await run(process.execPath, ['-e', CHILD], { env });
    const versionWarnings = (JSON.parse(stdout) as string[]).filter((m) =>
      m.includes('NodeVersionSupportWarning'),
    );
    expect(supportedMajors).toContain(24);
    expect(versionWarnings.length > 0).toBe(!supportedMajors.includes(major));
  });
});
