// Runs s3rver as its own process and reports its port and S3 events as JSON lines on stdout.
// s3rver signs list continuation tokens with DES, which OpenSSL 3 only offers with
// --openssl-legacy-provider; running it apart keeps that flag out of the test process.
const S3rver = require('s3rver');

const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: process.argv[2] });
server.on('event', (event) => process.stdout.write(`${JSON.stringify({ event })}\n`));
server.run().then(({ port }) => process.stdout.write(`${JSON.stringify({ port })}\n`));
process.on('SIGTERM', () => server.close().then(() => process.exit(0)));
