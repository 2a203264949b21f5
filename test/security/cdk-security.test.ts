import { Match } from 'aws-cdk-lib/assertions';
import { type LocusSynth, synthLocus } from '../../deploy/test/infra/locus-synth';

describe('the CDK stack, device tokens', () => {
  let synth: LocusSynth;

  beforeAll(() => {
    synth = synthLocus();
  });

  afterAll(() => {
    synth.dispose();
  });

  it('turns device authentication on in parse_request, with the stack token path', () => {
    const path = `/locus/${synth.stack.stackName}/tokens/`;
    synth.template.hasResourceProperties('AWS::Lambda::Function', {
      Environment: { Variables: Match.objectLike({ LOCUS_AUTH: 'on', LOCUS_AWS_TOKEN_PATH: path }) },
    });
    synth.template.hasOutput('TokenPath', { Value: path });
  });

  it('lets no other function read the token parameters', () => {
    const policies = synth.template.findResources('AWS::IAM::Policy');
    const readers = Object.entries(policies).filter(([, policy]) =>
      JSON.stringify(policy).includes('ssm:GetParameter'),
    );
    expect(readers).toHaveLength(1);
    expect(JSON.stringify(readers[0]?.[1])).not.toContain('"Resource":"*"');
  });

  it('keeps the bucket private, encrypted and TLS-only, and the queue encrypted', () => {
    synth.template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      },
      BucketEncryption: Match.anyValue(),
    });
    synth.template.hasResourceProperties('AWS::S3::BucketPolicy', {
      PolicyDocument: Match.objectLike({
        Statement: Match.arrayWith([
          Match.objectLike({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
        ]),
      }),
    });
    synth.template.hasResourceProperties('AWS::SQS::Queue', { SqsManagedSseEnabled: true });
  });

  it('gives the collect server no inbound rule and IMDSv2 only', () => {
    const groups = synth.template.findResources('AWS::EC2::SecurityGroup');
    const serverIds = Object.keys(groups).filter((id) => id.includes('ServerSecurityGroup'));
    expect(serverIds).toHaveLength(1);
    const serverId = serverIds[0] as string;
    expect(
      (groups[serverId] as { Properties: Record<string, unknown> }).Properties.SecurityGroupIngress,
    ).toBeUndefined();
    const ingress = Object.values(synth.template.findResources('AWS::EC2::SecurityGroupIngress'));
    expect(ingress.filter((rule) => JSON.stringify(rule.Properties.GroupId).includes(serverId))).toEqual([]);
    synth.template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
      LaunchTemplateData: Match.objectLike({ MetadataOptions: Match.objectLike({ HttpTokens: 'required' }) }),
    });
  });

  it('keeps query strings (where OsmAnd devices send their token) out of the API access log', () => {
    const stages = Object.values(synth.template.findResources('AWS::ApiGatewayV2::Stage'));
    expect(stages.length).toBeGreaterThan(0);
    for (const stage of stages) {
      const format: Record<string, string> = JSON.parse(stage.Properties.AccessLogSettings.Format);
      expect(format.route).toBe('$context.routeKey');
      for (const variable of Object.values(format)) {
        expect(variable).not.toMatch(/query|\$request\.|\$input\./i);
      }
    }
  });
});
