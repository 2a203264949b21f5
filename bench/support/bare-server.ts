/**
 * The ingest benchmark's baseline: a bare `node:http` server that reads the body and answers 202
 * with a body of the same size as Locus's, doing no work. Run as a child process; prints
 * `{"port":N}` on stdout once it listens on 127.0.0.1, and ends on SIGTERM.
 */
import http from 'node:http';

const ANSWER = JSON.stringify({ accepted: 1, ids: ['0'.repeat(32)], rejected: [] });

const server = http.createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(202, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(ANSWER),
    });
    response.end(ANSWER);
  });
});

server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(
    `${JSON.stringify({ port: typeof address === 'object' ? address?.port : undefined })}\n`,
  );
});

process.on('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
