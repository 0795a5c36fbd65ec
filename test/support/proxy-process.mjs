// A real HTTP proxy (the `proxy` package) in a process of its own, for tests. It listens on
// PROXY_PORT (0: any), asks for Basic credentials when PROXY_USER and PROXY_PASSWORD are set,
// prints "proxy listening on PORT", then one JSON line for every request or CONNECT it is asked.
import { createServer } from 'node:http';
import { createProxy } from 'proxy';

const server = createProxy(createServer());
const { PROXY_USER: user, PROXY_PASSWORD: password, PROXY_PORT: port = '0' } = process.env;
if (user) {
  const expected = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  server.authenticate = (req) => req.headers['proxy-authorization'] === expected;
}
server.on('request', (req) => console.log(JSON.stringify({ method: req.method, url: req.url })));
server.on('connect', (req) => console.log(JSON.stringify({ method: 'CONNECT', url: req.url })));
server.listen(Number(port), '127.0.0.1', () => console.log(`proxy listening on ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
