// The same work as the hello route, on a bare node:http server: parse the path, answer JSON.
import { createServer } from 'node:http';

const server = createServer((req, res) => {
  const match = /^\/hello\/([^/?]+)/.exec(req.url ?? '');
  if (req.method !== 'GET' || !match) {
    res.writeHead(404, { 'content-type': 'application/json' });
    res.end('{"message":"Not Found"}');
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ message: `Hello, ${decodeURIComponent(match[1])}!` }));
});
server.listen(Number(process.argv[2]), '127.0.0.1', () => process.stdout.write('ready\n'));
