/** Where and how long to ask the instance metadata service (IMDSv2). */
export interface InstanceMetadataOptions {
  /** `http://169.254.169.254` on EC2. */
  readonly endpoint: string;
  readonly timeoutMs: number;
}

/**
 * Reads one tag of this instance from the instance metadata service (IMDSv2: a session token,
 * then the tag). `undefined` when the tag is not set, or tags are not exposed (the instance's
 * metadata options must allow them); throws when the service does not answer in time.
 */
export const readInstanceTag = async (
  key: string,
  options: InstanceMetadataOptions,
): Promise<string | undefined> => {
  const signal = AbortSignal.timeout(options.timeoutMs);
  const tokenResponse = await fetch(`${options.endpoint}/latest/api/token`, {
    method: 'PUT',
    headers: { 'x-aws-ec2-metadata-token-ttl-seconds': '60' },
    signal,
  });
  if (!tokenResponse.ok)
    throw new Error(`the instance metadata service refused a token (${tokenResponse.status})`);
  const token = await tokenResponse.text();
  const response = await fetch(
    `${options.endpoint}/latest/meta-data/tags/instance/${encodeURIComponent(key)}`,
    {
      headers: { 'x-aws-ec2-metadata-token': token },
      signal,
    },
  );
  if (response.status === 404) return undefined;
  if (!response.ok)
    throw new Error(`the instance metadata service answered ${response.status} for tag ${key}`);
  return (await response.text()).trim();
};
