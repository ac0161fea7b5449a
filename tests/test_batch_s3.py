"""``argmap batch -o s3://…``: outputs and manifest through fsspec and s3fs, against moto's S3 server.

moto runs as a real HTTP server in this process (server mode), so s3fs speaks S3 to it exactly as
to a bucket, from the parent and from forked workers alike; nothing leaves the machine.
"""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest

s3fs = pytest.importorskip("s3fs", reason="-o s3://… needs s3fs: pip install -e '.[s3-test]'")
moto_server = pytest.importorskip("moto.server", reason="the S3 test needs moto[server]: pip install -e '.[s3-test]'")

from argmap.batch import MANIFEST_NAME, run_batch  # noqa: E402

from conftest import SEED  # noqa: E402

SHORT = "# Schools should open earlier\n\nChildren learn better in the morning. Therefore the day should start at eight.\n"


@pytest.fixture
def s3(monkeypatch):
    """A moto S3 server on a free local port, with s3fs (through fsspec's settings) pointed at it."""
    server = moto_server.ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_DEFAULT_REGION": "us-east-1", "FSSPEC_S3_ENDPOINT_URL": endpoint}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AWS_PROFILE", raising=False)
    import fsspec.config

    fsspec.config.conf.clear()
    fsspec.config.set_conf_env(fsspec.config.conf)  # the endpoint, read from the environment just set
    s3fs.S3FileSystem.clear_instance_cache()
    fs = s3fs.S3FileSystem(endpoint_url=endpoint, skip_instance_cache=True)
    fs.bucket = f"maps-{uuid.uuid4().hex[:12]}"  # moto keeps its buckets for the whole process
    fs.mkdir(fs.bucket)
    try:
        yield fs
    finally:
        s3fs.S3FileSystem.clear_instance_cache()
        fsspec.config.conf.clear()
        server.stop()


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "a").mkdir(parents=True)
    (root / "seed.md").write_bytes(SEED.read_bytes())
    (root / "a" / "x.md").write_text(SHORT, encoding="utf-8")
    (root / "a" / "binary.md").write_bytes(b"\x00\x01\x02 not text")
    return root


def _local(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*")
            if p.is_file() and p.name != MANIFEST_NAME}


def _remote(fs, prefix: str) -> dict[str, bytes]:
    return {path[len(prefix) + 1:]: fs.cat_file(path) for path in fs.find(prefix)
            if not path.endswith(MANIFEST_NAME)}


@pytest.mark.parametrize("jobs", [1, 2])
def test_batch_to_s3_writes_the_bytes_a_directory_gets_and_a_rerun_skips_them(s3, corpus: Path, tmp_path: Path,
                                                                               jobs: int):
    expected = run_batch([corpus], tmp_path / "local", jobs=1, formats=["json", "outline"])
    url = f"s3://{s3.bucket}/run"
    report = run_batch([corpus], url, jobs=jobs, formats=["json", "outline"])
    assert [(r.item.key, r.status) for r in report.results] == [(r.item.key, r.status) for r in expected.results]
    assert sorted(r.status for r in report.results) == ["done", "done", "failed"]
    written = _remote(s3, f"{s3.bucket}/run")
    assert written == _local(tmp_path / "local") and len(written) == 4
    assert s3.exists(f"{s3.bucket}/run/{MANIFEST_NAME}")
    again = run_batch([corpus], url, jobs=jobs, formats=["json", "outline"])
    assert sorted(r.status for r in again.results) == ["failed", "skipped", "skipped"]

