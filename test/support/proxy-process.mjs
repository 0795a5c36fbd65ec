// A real HTTP proxy (the `proxy` package) in a process of its own, for tests. It prints
// "proxy listening on PORT", then one JSON line for every request or CONNECT it forwards.
import { createServer } from 'node:http';
import { createProxy } from 'proxy';

const server = createProxy(createServer());
server.on('request', (req) => console.log(JSON.stringify({ method: req.method, url: req.url })));
server.on('connect', (req) => console.log(JSON.stringify({ method: 'CONNECT', url: req.url })));
server.listen(0, '127.0.0.1', () => console.log(`proxy listening on ${server.address().port}`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
