// Starter api written by OrcaOps. Replace it with your app; keep a /health route for the health check.
const http = require('node:http');

const port = Number(process.env.PORT || 3000);
http
  .createServer((req, res) => {
    if (req.url === '/health') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      return res.end('ok');
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ service: 'api', path: req.url, time: new Date().toISOString() }));
  })
  .listen(port, () => console.error('api listening on ' + port));
