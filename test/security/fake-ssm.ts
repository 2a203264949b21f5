import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Parameter {
  readonly Name: string;
  readonly Value: string;
  readonly Type: string;
}

/** A stand-in for SSM's JSON API (the calls the token store makes), on a local port. */
export interface FakeSsm {
  readonly endpoint: string;
  readonly parameters: Map<string, Parameter>;
  /** Each call's action and whether it carried a SigV4 signature. */
  readonly calls: { action: string; signed: boolean }[];
  close(): Promise<void>;
}

const readBody = async (request: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

export const startFakeSsm = async (): Promise<FakeSsm> => {
  const parameters = new Map<string, Parameter>();
  const calls: { action: string; signed: boolean }[] = [];
  const server: Server = createServer(async (request, response) => {
    const action = String(request.headers['x-amz-target'] ?? '').replace('AmazonSSM.', '');
    const signed = /^AWS4-HMAC-SHA256 Credential=\S+, SignedHeaders=\S+, Signature=[0-9a-f]{64}$/.test(
      String(request.headers.authorization ?? ''),
    );
    calls.push({ action, signed });
    const input = JSON.parse(await readBody(request)) as Record<string, unknown>;
    const answer = (status: number, body: unknown) => {
      response.writeHead(status, { 'content-type': 'application/x-amz-json-1.1' });
      response.end(JSON.stringify(body));
    };
    if (!signed) return answer(400, { __type: 'MissingAuthenticationTokenException', message: 'unsigned' });
    if (action === 'PutParameter') {
      parameters.set(String(input.Name), {
        Name: String(input.Name),
        Value: String(input.Value),
        Type: String(input.Type),
      });
      return answer(200, { Version: 1 });
    }
    if (action === 'GetParameter') {
      const found = parameters.get(String(input.Name));
      return found === undefined
        ? answer(400, { __type: 'ParameterNotFound', message: '' })
        : answer(200, { Parameter: found });
    }
    if (action === 'GetParametersByPath') {
      const path = `${String(input.Path)}/`;
      const all = [...parameters.values()]
        .filter((p) => p.Name.startsWith(path))
        .sort((a, b) => a.Name.localeCompare(b.Name));
      const start = Number(input.NextToken ?? 0);
      const page = all.slice(start, start + Number(input.MaxResults ?? 10));
      const next = start + page.length < all.length ? { NextToken: String(start + page.length) } : {};
      return answer(200, { Parameters: page, ...next });
    }
    return answer(400, { __type: 'InvalidAction', message: action });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}/`,
    parameters,
    calls,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
};
