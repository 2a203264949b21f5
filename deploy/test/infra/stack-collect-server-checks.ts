import { flattenCfnValue } from '../../infra/nag';
import { logicalId } from './iam-permissions';
import { type Json, type SynthesizedLocusStack } from './locus-stack-fixture';

// The collect server: the instance, its network and its boot script.
/** The checks of this concern on the synthesized stack. */
export const describeCollectServerChecks = (locus: SynthesizedLocusStack): void => {
  describe('collect server', () => {
    const instance = () => locus.resourceOf(locus.ids.instance).Properties;
    const userData = (): string =>
      flattenCfnValue((instance().UserData as { 'Fn::Base64': Json })['Fn::Base64']);

    test('requires IMDSv2, has no public address, an encrypted disk, and stops when shut down', () => {
      locus.template.hasResourceProperties('AWS::EC2::LaunchTemplate', {
        LaunchTemplateData: { MetadataOptions: { HttpTokens: 'required' } },
      });
      expect(instance()).toMatchObject({
        NetworkInterfaces: [expect.objectContaining({ AssociatePublicIpAddress: false })],
        BlockDeviceMappings: [{ DeviceName: '/dev/xvda', Ebs: expect.objectContaining({ Encrypted: true }) }],
        InstanceInitiatedShutdownBehavior: 'stop',
        InstanceType: 'm7g.large',
        IamInstanceProfile: expect.anything(),
      });
    });

    test('admits no inbound traffic: no ingress rule on its security group, no internet route', () => {
      const groupId = logicalId(locus.stack.server.securityGroup);
      expect(locus.resourceOf(groupId).Properties.SecurityGroupIngress).toBeUndefined();
      const ingress = Object.values(locus.template.findResources('AWS::EC2::SecurityGroupIngress')) as {
        Properties: { GroupId: Json };
      }[];
      expect(ingress.length).toBeGreaterThan(0);
      for (const rule of ingress) expect(flattenCfnValue(rule.Properties.GroupId)).not.toContain(groupId);
      locus.template.resourceCountIs('AWS::EC2::InternetGateway', 0);
      locus.template.resourceCountIs('AWS::EC2::NatGateway', 0);
    });

    test('reaches S3 through a gateway endpoint and Redshift Data and Lambda through interface endpoints', () => {
      const endpoints = Object.values(locus.template.findResources('AWS::EC2::VPCEndpoint')) as {
        Properties: { ServiceName: Json; VpcEndpointType?: string };
      }[];
      const services = endpoints.map(
        (e) => `${e.Properties.VpcEndpointType} ${flattenCfnValue(e.Properties.ServiceName)}`,
      );
      expect(services.sort()).toEqual([
        'Gateway com.amazonaws.<AWS::Region>.s3',
        'Interface com.amazonaws.<AWS::Region>.lambda',
        'Interface com.amazonaws.<AWS::Region>.redshift-data',
      ]);
    });

    test('installs the bundled entry point as a systemd unit that runs on every boot', () => {
      const script = userData();
      expect(script).toContain('ExecStart=/usr/bin/node-22 /opt/locus/collect-server/index.js');
      expect(script).toContain('systemctl enable locus-collect.service');
      expect(script).toMatch(/aws s3 cp 's3:\/\/.+\.zip' \/tmp\/collect-server\.zip/);
      expect(script).toContain('WantedBy=multi-user.target');
    });

    test('gives the entry point the aws profile, the bucket, the stop function and the Redshift target', () => {
      const script = userData();
      for (const line of [
        'LOCUS_PROFILE=aws',
        'LOCUS_TIMEZONE=UTC',
        `LOCUS_AWS_BUCKET=<${locus.ids.bucket}>`,
        `LOCUS_AWS_QUEUE_URL=<${locus.ids.queue}>`,
        'LOCUS_AWS_STOP_FUNCTION=Locus-stop-collect-server',
        'LOCUS_AWS_REDSHIFT_WORKGROUP=locus-analytics',
        'LOCUS_AWS_REDSHIFT_DATABASE=analytics',
        `LOCUS_AWS_REDSHIFT_UNLOAD_ROLE_ARN=<${logicalId(locus.stack.catalog.role)}.Arn>`,
        'LOCUS_AWS_REDSHIFT_SCHEMA=locus',
      ]) {
        expect(script.split('\n')).toContain(line);
      }
    });
  });
};
