// dockerode against a Drydock at DOCKER_HOST: each scenario prints "ok NAME" or "FAIL NAME: why".
// Run by DockerodeEndToEndTest with NODE_PATH pointing at the node_modules that holds dockerode (see README Test).
'use strict';
const Docker = require('dockerode');
const { PassThrough, Readable } = require('stream');
const assert = require('assert');
const zlib = require('zlib');

const docker = new Docker(); // DOCKER_HOST: tcp://... or unix://...
const failed = [];

function collect(stream) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    stream.on('data', (c) => chunks.push(Buffer.from(c)));
    stream.on('end', () => resolve(Buffer.concat(chunks)));
    stream.on('error', reject);
  });
}

function demuxed(stream) {
  const out = new PassThrough();
  const err = new PassThrough();
  docker.modem.demuxStream(stream, out, err);
  const o = [];
  const e = [];
  out.on('data', (c) => o.push(c));
  err.on('data', (c) => e.push(c));
  return new Promise((resolve, reject) => {
    stream.on('end', () => resolve({ out: Buffer.concat(o).toString(), err: Buffer.concat(e).toString() }));
    stream.on('error', reject);
  });
}

function followProgress(stream) {
  return new Promise((resolve, reject) => {
    docker.modem.followProgress(stream, (err, res) => (err ? reject(err) : resolve(res)));
  });
}

// A tar with one file, written by hand so the test needs nothing beyond dockerode.
function tarOf(files) {
  const blocks = [];
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text);
    const h = Buffer.alloc(512);
    h.write(name, 0);
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(data.length.toString(8).padStart(11, '0') + '\0', 124);
    h.write(Math.floor(Date.now() / 1000).toString(8).padStart(11, '0') + '\0', 136);
    h.write('        ', 148);
    h.write('0', 156);
    h.write('ustar\0', 257);
    h.write('00', 263);
    let sum = 0;
    for (const b of h) sum += b;
    h.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(h, data, Buffer.alloc((512 - (data.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

const scenarios = {
  async ping() {
    const pong = await docker.ping();
    assert.strictEqual(pong.toString(), 'OK');
    const v = await docker.version();
    assert.ok(v.ApiVersion && v.Os === 'linux', JSON.stringify(v));
  },

  async pull() {
    const stream = await docker.pull('busybox:latest');
    const events = await followProgress(stream);
    const last = events[events.length - 1];
    assert.ok(/Status: (Downloaded newer image|Image is up to date) for busybox:latest/.test(last.status),
      JSON.stringify(last));
    const img = await docker.getImage('busybox:latest').inspect();
    assert.ok(img.RepoTags.includes('busybox:latest'), JSON.stringify(img.RepoTags));
    try {
      await docker.getImage('no-such-image-xyz').inspect();
      assert.fail('inspect of a missing image succeeded');
    } catch (e) {
      assert.strictEqual(e.statusCode, 404);
      assert.strictEqual(e.json.message, 'No such image: no-such-image-xyz:latest');
    }
  },

  async listContainers() {
    const c = await docker.createContainer({ Image: 'busybox', Cmd: ['sleep', '1000'], name: 'node-list',
      Labels: { 'node.test': 'list' } });
    await c.start();
    const running = await docker.listContainers({ filters: { label: ['node.test=list'] } });
    assert.strictEqual(running.length, 1);
    assert.deepStrictEqual(running[0].Names, ['/node-list']);
    assert.strictEqual(running[0].State, 'running');
    await c.stop({ t: 0 });
    assert.strictEqual((await docker.listContainers({ filters: { label: ['node.test=list'] } })).length, 0);
    const all = await docker.listContainers({ all: true, filters: { label: ['node.test=list'] } });
    assert.strictEqual(all[0].State, 'exited');
    await c.remove();
  },

  async attachWaitRemove() {
    const c = await docker.createContainer({
      Image: 'busybox', Cmd: ['sh', '-c', 'read line; echo "got $line"; echo to-err >&2; exit 2'],
      OpenStdin: true, StdinOnce: true, AttachStdin: true, AttachStdout: true, AttachStderr: true,
    });
    const stream = await c.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true });
    const result = demuxed(stream);
    await c.start();
    stream.end('hello\n');
    const waited = await c.wait();
    const { out, err } = await result;
    assert.strictEqual(waited.StatusCode, 2);
    assert.strictEqual(out, 'got hello\n');
    assert.strictEqual(err, 'to-err\n');
    await c.remove();
    try {
      await c.inspect();
      assert.fail('container still there');
    } catch (e) {
      assert.strictEqual(e.statusCode, 404);
      assert.ok(/No such container/.test(e.json.message), JSON.stringify(e.json));
    }
  },

  async run() {
    const out = new PassThrough();
    const err = new PassThrough();
    const outP = collect(out);
    const [data, container] = await docker.run('busybox', ['sh', '-c', 'echo run-out; echo run-err >&2; exit 0'],
      [out, err], { Tty: false });
    out.end();
    err.end();
    assert.strictEqual(data.StatusCode, 0);
    assert.strictEqual((await outP).toString(), 'run-out\n');
    await container.remove();
  },

  async execHijack() {
    const c = await docker.createContainer({ Image: 'busybox', Cmd: ['sleep', '1000'] });
    await c.start();
    try {
      const exec = await c.exec({ Cmd: ['sh', '-c', 'cat; echo bye >&2; exit 6'], AttachStdin: true,
        AttachStdout: true, AttachStderr: true });
      const stream = await exec.start({ hijack: true, stdin: true });
      const result = demuxed(stream);
      stream.end('through-stdin\n');
      const { out, err } = await result;
      assert.strictEqual(out, 'through-stdin\n');
      assert.strictEqual(err, 'bye\n');
      let info = await exec.inspect();
      for (let i = 0; info.Running && i < 50; i++) {
        await new Promise((r) => setTimeout(r, 20));
        info = await exec.inspect();
      }
      assert.strictEqual(info.ExitCode, 6);
      assert.strictEqual(info.Running, false);

      const plain = await c.exec({ Cmd: ['echo', 'no-stdin'], AttachStdout: true, AttachStderr: true });
      const r = await demuxed(await plain.start({}));
      assert.strictEqual(r.out, 'no-stdin\n');
    } finally {
      await c.remove({ force: true });
    }
  },

  async events() {
    const since = Math.floor(Date.now() / 1000) - 5;
    const stream = await docker.getEvents({ filters: { type: ['container'], label: ['node.test=events'] } });
    const seen = [];
    const done = new Promise((resolve) => {
      let buf = '';
      stream.on('data', (chunk) => {
        buf += chunk.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const ev = JSON.parse(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
          seen.push(ev.Action);
          if (ev.Action === 'destroy') resolve();
        }
      });
    });
    const c = await docker.createContainer({ Image: 'busybox', Cmd: ['true'], Labels: { 'node.test': 'events' } });
    await c.start();
    await c.wait();
    await c.remove();
    await Promise.race([done, new Promise((_, rej) => setTimeout(() => rej(new Error('no destroy: ' + seen)), 10000))]);
    stream.destroy();
    assert.deepStrictEqual(seen, ['create', 'attach', 'start', 'die', 'destroy'].filter((a) => a !== 'attach'));
    const past = await docker.getEvents({ since, until: Math.floor(Date.now() / 1000) + 1,
      filters: { container: [c.id], event: ['die'] } });
    const lines = (await collect(past)).toString().trim().split('\n').map((l) => JSON.parse(l));
    assert.strictEqual(lines.length, 1);
    assert.strictEqual(lines[0].Actor.Attributes.exitCode, '0');
  },

  async buildImage() {
    const tar = tarOf({ Dockerfile: 'FROM busybox\nCOPY msg.txt /msg.txt\nCMD ["cat", "/msg.txt"]\n',
      'msg.txt': 'built-by-dockerode\n' });
    const stream = await docker.buildImage(Readable.from([zlib.gzipSync(tar)]), { t: 'node-built:1', rm: true });
    const res = await followProgress(stream);
    const text = res.map((r) => r.stream || '').join('');
    assert.ok(/Successfully tagged node-built:1/.test(text), text);
    const out = new PassThrough();
    const outP = collect(out);
    const [data, container] = await docker.run('node-built:1', [], out, { Tty: true });
    out.end();
    assert.strictEqual(data.StatusCode, 0);
    assert.strictEqual((await outP).toString().replace(/\r/g, ''), 'built-by-dockerode\n');
    await container.remove();
    await docker.getImage('node-built:1').remove();
  },

  async volumesAndNetworks() {
    const v = await docker.createVolume({ Name: 'node-vol', Labels: { 'node.test': 'vol' } });
    assert.strictEqual(v.name, 'node-vol');
    assert.deepStrictEqual((await v.inspect()).Labels, { 'node.test': 'vol' });
    const vols = await docker.listVolumes({ filters: { label: ['node.test=vol'] } });
    assert.deepStrictEqual(vols.Volumes.map((x) => x.Name), ['node-vol']);
    await docker.getVolume('node-vol').remove();
    const n = await docker.createNetwork({ Name: 'node-net', Labels: { 'node.test': 'vol' } });
    const nets = await docker.listNetworks({ filters: { label: ['node.test=vol'] } });
    assert.deepStrictEqual(nets.map((x) => x.Name), ['node-net']);
    await n.remove();
  },
};

(async () => {
  for (const [name, fn] of Object.entries(scenarios)) {
    try {
      await fn();
      console.log('ok ' + name);
    } catch (e) {
      failed.push(name);
      console.log('FAIL ' + name + ': ' + (e && e.stack || e));
    }
  }
  console.log('done: ' + failed.length + ' failed');
  process.exit(failed.length ? 1 : 0);
})();
