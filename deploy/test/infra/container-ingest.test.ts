import * as fs from 'node:fs';
import * as path from 'node:path';
import { Validations } from 'aws-cdk-lib';
import { type LocusSynth, synthLocus } from './locus-synth';
import { describeContainerServiceChecks } from './stack-container-checks';

const CERTIFICATE = 'arn:aws:acm:us-east-1:123456789012:certificate/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b';

const violations = (synth: LocusSynth): unknown[] => {
  const report = JSON.parse(
    fs.readFileSync(path.join(synth.assembly.directory, 'validation-report.json'), 'utf8'),
  ) as { pluginReports: { violations?: unknown[] }[] };
  return report.pluginReports.flatMap((r) => r.violations ?? []);
};

describe('ingest: container, with a certificate in the settings', () => {
  let synth: LocusSynth | undefined;
  beforeAll(() => {
    synth = synthLocus({ ingest: 'container', certificateArn: CERTIFICATE });
  });
  afterAll(() => synth?.dispose());
  const current = (): LocusSynth => {
    if (synth === undefined) throw new Error('synthesized in beforeAll');
    return synth;
  };

  describeContainerServiceChecks(current, CERTIFICATE);

  test('passes cdk-nag, each acknowledgement of the ingest with its reason', () => {
    expect(violations(current())).toEqual([]);
    const ingest = current().stack.containerIngest;
    const acknowledged = (ingest?.node.findAll() ?? [])
      .flatMap((c) => c.node.metadata.filter((m) => m.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY))
      .flatMap((m) => Object.entries(m.data as Record<string, string>))
      .filter(([id]) => id.includes('AwsSolutions-'));
    const rules = acknowledged.map(([id]) => id.replace(/^.*AwsSolutions-([A-Z]+\d+).*$/, '$1'));
    expect([...new Set(rules)].sort()).toEqual(['EC23', 'ECS2', 'ECS4', 'IAM5']);
    for (const [, reason] of acknowledged) expect(reason.length).toBeGreaterThan(60);
  });

  test('outputs the HTTPS URL of the load balancer for devices', () => {
    const outputs = current().template.toJSON().Outputs as Record<string, { Value: unknown }>;
    expect(JSON.stringify(outputs.LocationsUrl?.Value)).toContain('https://');
  });
});

describe('ingest: container, certificate left to the deployment', () => {
  test('takes the certificate as a CloudFormation parameter', () => {
    const synth = synthLocus({ ingest: 'container' });
    try {
      const parameter = synth.template.toJSON().Parameters?.CertificateArn as {
        Type: string;
        AllowedPattern: string;
      };
      expect(parameter.Type).toBe('String');
      expect(CERTIFICATE).toMatch(new RegExp(parameter.AllowedPattern));
      synth.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::Listener', {
        Certificates: [{ CertificateArn: { Ref: 'CertificateArn' } }],
      });
      expect(violations(synth)).toEqual([]);
    } finally {
      synth.dispose();
    }
  });
});
