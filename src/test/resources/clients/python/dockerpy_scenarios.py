"""docker-py against a Drydock at DOCKER_HOST: each scenario prints 'ok NAME' or 'FAIL NAME: why'.

Run by DockerPyEndToEndTest with Debian's /usr/bin/python3 (package python3-docker). Exit code 0 only when
every scenario passed; the test asserts each 'ok' line so a scenario that silently vanished fails too.
"""
import io
import sys
import tarfile
import threading
import time
import traceback

import docker
from docker.errors import ContainerError, NotFound, APIError

# argv[1]: an API version to pin (as a user's code may), or none to negotiate the daemon's highest.
VERSION = sys.argv[1] if len(sys.argv) > 1 else "auto"
client = docker.from_env(version=VERSION, timeout=30)
api = client.api
failed = []


def scenario(fn):
    name = fn.__name__
    try:
        fn()
        print("ok " + name, flush=True)
    except Exception as e:  # report and go on: one broken scenario must not hide the others
        failed.append(name)
        print("FAIL %s: %s: %s" % (name, type(e).__name__, e), flush=True)
        traceback.print_exc(file=sys.stdout)


def check(cond, msg):
    if not cond:
        raise AssertionError(msg)


@scenario
def system():
    check(client.ping() is True, "ping")
    v = client.version()
    check(v["ApiVersion"] and v["Version"] and v["Os"] == "linux", "version %r" % v)
    info = client.info()
    check("Containers" in info and "Images" in info and info["OSType"] == "linux", "info %r" % info)


@scenario
def images():
    try:
        client.images.get("busybox:latest")
    except docker.errors.ImageNotFound:
        client.images.pull("busybox", tag="latest")
    tags = [t for i in client.images.list() for t in i.tags]
    check("busybox:latest" in tags, "list %r" % tags)
    img = client.images.get("busybox")
    check(img.id.startswith("sha256:") and "busybox:latest" in img.tags, "get %r" % img.attrs)
    try:
        client.images.get("no-such-image-xyz")
        raise AssertionError("get of a missing image did not raise")
    except docker.errors.ImageNotFound:
        pass


@scenario
def run_exit_code():
    out = client.containers.run("busybox", "echo hello", remove=True)
    check(out == b"hello\n", "output %r" % out)
    try:
        client.containers.run("busybox", "sh -c 'echo hi; echo oops >&2; exit 3'", remove=True,
                              labels={"py": "run"})
        raise AssertionError("no ContainerError")
    except ContainerError as e:
        check(e.exit_status == 3 and e.stderr == b"oops\n", "exit status %r, stderr %r" % (e.exit_status, e.stderr))
    check(not client.containers.list(all=True, filters={"label": "py=run"}),
          "remove=True left a container")


@scenario
def detached_logs_wait():
    c = client.containers.run("busybox", ["sh", "-c", "for i in 1 2 3; do echo line$i; done; exit 0"],
                              detach=True, name="py-detached")
    lines = b"".join(c.logs(stream=True, follow=True))
    check(lines == b"line1\nline2\nline3\n", "logs %r" % lines)
    res = c.wait(timeout=20)
    check(res["StatusCode"] == 0, "wait %r" % res)
    c.reload()
    check(c.status == "exited", "status %r" % c.status)
    c.remove()
    try:
        client.containers.get("py-detached")
        raise AssertionError("container still there")
    except NotFound:
        pass


@scenario
def exec_run():
    c = client.containers.run("busybox", "sleep 1000", detach=True, name="py-exec")
    try:
        r = c.exec_run("sh -c 'echo out; echo err >&2; exit 4'")
        check(r.exit_code == 4, "exit code %r" % (r.exit_code,))
        check(b"out\n" in r.output and b"err\n" in r.output, "output %r" % r.output)
        r = c.exec_run(["sh", "-c", "echo out; echo err >&2"], demux=True)
        check(r.exit_code == 0, "demux exit code %r" % (r.exit_code,))
        check(r.output == (b"out\n", b"err\n"), "demux output %r" % (r.output,))
        r = c.exec_run("cat /etc/hostname", workdir="/", environment={"A": "1"})
        check(r.exit_code == 0 and r.output.strip() == c.id[:12].encode(), "hostname %r" % r.output)
        r = c.exec_run("sh -c 'echo $A'", environment={"A": "from-env"})
        check(r.output == b"from-env\n", "env %r" % r.output)
    finally:
        c.remove(force=True)


@scenario
def volumes():
    v = client.volumes.create("py-vol", labels={"k": "v"})
    check(v.name == "py-vol" and v.attrs["Labels"] == {"k": "v"}, "create %r" % v.attrs)
    names = [x.name for x in client.volumes.list()]
    check("py-vol" in names, "list %r" % names)
    names = [x.name for x in client.volumes.list(filters={"label": "k=v"})]
    check(names == ["py-vol"], "filtered list %r" % names)
    out = client.containers.run("busybox", "sh -c 'echo kept > /data/f; cat /data/f'", remove=True,
                                volumes={"py-vol": {"bind": "/data", "mode": "rw"}})
    check(out == b"kept\n", "through volume %r" % out)
    client.volumes.get("py-vol").remove()
    check("py-vol" not in [x.name for x in client.volumes.list()], "still listed")


@scenario
def networks():
    n = client.networks.create("py-net", driver="bridge", labels={"app": "py"})
    c = client.containers.run("busybox", "sleep 1000", detach=True, name="py-net-c")
    try:
        n.connect(c, aliases=["alias1"])
        n.reload()
        check([x.id for x in n.containers] == [c.id], "containers %r" % n.attrs.get("Containers"))
        c.reload()
        check("py-net" in c.attrs["NetworkSettings"]["Networks"], "container networks")
        check("alias1" in c.attrs["NetworkSettings"]["Networks"]["py-net"]["Aliases"], "aliases %r" %
              c.attrs["NetworkSettings"]["Networks"]["py-net"])
        n.disconnect(c)
        n.reload()
        check(n.containers == [], "after disconnect %r" % n.attrs.get("Containers"))
        check([x.name for x in client.networks.list(filters={"label": "app=py"})] == ["py-net"], "filter")
    finally:
        c.remove(force=True)
        n.remove()


@scenario
def archives():
    c = client.containers.create("busybox", "sleep 1000", name="py-archive")
    try:
        buf = io.BytesIO()
        with tarfile.open(fileobj=buf, mode="w") as t:
            data = b"payload\n"
            info = tarfile.TarInfo("hello.txt")
            info.size = len(data)
            info.mode = 0o640
            t.addfile(info, io.BytesIO(data))
        check(c.put_archive("/tmp", buf.getvalue()) is True, "put_archive")
        stream, stat = c.get_archive("/tmp/hello.txt")
        check(stat["name"] == "hello.txt" and stat["size"] == 8, "stat %r" % stat)
        raw = b"".join(stream)
        with tarfile.open(fileobj=io.BytesIO(raw)) as t:
            m = t.getmember("hello.txt")
            check(t.extractfile(m).read() == b"payload\n" and m.mode & 0o777 == 0o640, "content")
        try:
            c.get_archive("/no/such")
            raise AssertionError("missing path did not raise")
        except NotFound:
            pass
    finally:
        c.remove(force=True)


@scenario
def events():
    start = int(time.time()) - 5
    seen = []
    ids = []
    gen = client.events(decode=True, filters={"type": "container", "event": ["start", "die"],
                                              "label": "evt=py"})
    done = threading.Event()

    def consume():
        for ev in gen:
            seen.append((ev["Type"], ev["Action"], ev["Actor"]["Attributes"].get("name")))
            ids.append(ev["Actor"]["ID"])
            if ev["Action"] == "die":
                break
        done.set()

    t = threading.Thread(target=consume, daemon=True)
    t.start()
    time.sleep(0.3)
    client.containers.run("busybox", "true", remove=True, name="py-evt", labels={"evt": "py"})
    client.containers.run("busybox", "true", remove=True, name="py-no-evt")
    check(done.wait(15), "no die event; seen %r" % seen)
    gen.close()
    check(seen == [("container", "start", "py-evt"), ("container", "die", "py-evt")], "seen %r" % seen)
    past = list(client.events(decode=True, since=start, until=int(time.time()) + 1,
                              filters={"container": ids[0], "event": "destroy"}))
    check(len(past) == 1 and past[0]["Action"] == "destroy", "since/until %r" % past)
    if api._version < "1.52":  # the legacy fields went away in API 1.52
        check(past[0]["status"] == "destroy" and past[0]["id"] == ids[0], "legacy fields %r" % past[0])


@scenario
def build():
    dockerfile = io.BytesIO(b"FROM busybox\nENV GREETING=built\nRUN echo $GREETING > /greeting\n"
                            b"LABEL org.example=py\nCMD [\"cat\", \"/greeting\"]\n")
    img, logs = client.images.build(fileobj=dockerfile, tag="py-built:1", rm=True)
    streamed = "".join(x.get("stream", "") for x in logs)
    check("Successfully built" in streamed and "Successfully tagged py-built:1" in streamed, "log %r" % streamed)
    check("py-built:1" in img.tags and img.labels.get("org.example") == "py", "image %r" % img.attrs)
    out = client.containers.run("py-built:1", remove=True)
    check(out == b"built\n", "run built %r" % out)
    try:
        client.images.build(fileobj=io.BytesIO(b"FROM busybox\nRUN exit 7\n"), rm=True)
        raise AssertionError("failing build did not raise")
    except docker.errors.BuildError as e:
        check("returned a non-zero code: 7" in str(e), "build error %s" % e)
    client.images.remove("py-built:1")


print("done: API %s, %d failed" % (api.api_version, len(failed)), flush=True)
sys.exit(1 if failed else 0)
