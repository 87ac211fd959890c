"""The benchmarks' shared helpers (scripts/bench/): what they count and configure is what they claim."""

from __future__ import annotations

import gzip
import os
import socket
import statistics

import bench_library
import yaml
from bench.server import serve
from bench.sites import vanilla_config
from bench.stats import MIN_P95, p95, percentile
from hypothesis import given, settings
from hypothesis import strategies as st


def fetch_raw(url: str, path: str) -> bytes:
    """Every byte the server sends for one GET (gzip accepted), read until it closes the connection."""
    host, port = url.removeprefix("http://").rstrip("/").split(":")
    with socket.create_connection((host, int(port))) as conn:
        request = f"GET {path} HTTP/1.1\r\nHost: {host}\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n"
        conn.sendall(request.encode())
        out = b""
        while chunk := conn.recv(65536):
            out += chunk
    return out


def test_the_server_counts_every_byte_it_sends_gzip_for_text(tmp_path):
    text = "基层党组织是党最贴近人民群众的一级组织。" * 400
    (tmp_path / "index.json").write_text(text, encoding="utf-8")
    (tmp_path / "wasm.bin").write_bytes(os.urandom(30_000))
    server = serve(tmp_path)
    try:
        before = server.mark()
        got = [fetch_raw(server.url, "/index.json"), fetch_raw(server.url, "/wasm.bin"), fetch_raw(server.url, "/x")]
        window = server.since(before)
    finally:
        server.shutdown()
    head, body = got[0].split(b"\r\n\r\n", 1)
    assert b"Content-Encoding: gzip" in head and gzip.decompress(body).decode("utf-8") == text
    assert len(got[0]) < len(text.encode("utf-8")) / 5  # sent compressed, and counted as sent
    assert len(got[1]) > 30_000  # not text: as it is
    assert window.paths == ["/index.json", "/wasm.bin", "/x"]  # a 404 is on the wire too
    assert window.requests == 3 and window.bytes == sum(len(g) for g in got)
    assert server.since(server.mark()).bytes == 0


def test_vanilla_material_without_its_search_has_no_plugin():
    with_search = yaml.safe_load(vanilla_config("x", ["search.suggest"], extensions=("toc: permalink: true",)))
    assert with_search["plugins"] == ["search"]
    assert with_search["markdown_extensions"] == [{"toc": {"permalink": True}}]
    assert with_search["theme"]["font"] is False and "nav" not in with_search
    bare = yaml.safe_load(vanilla_config("x", [], search=False, top_nav_only=True))
    assert bare["plugins"] == []  # an absent key would mean MkDocs' default: the search plugin
    assert bare["nav"] == [{"首页": "index.md"}] and bare["validation"]["links"]["not_found"] == "ignore"


@settings(max_examples=200)
@given(st.lists(st.floats(0, 1e4, allow_nan=False), min_size=1, max_size=60))
def test_percentiles(values):
    ranked = sorted(values)
    assert abs(percentile(values, 0.5) - statistics.median(values)) < 1e-6
    assert ranked[0] <= percentile(values, 0.95) <= ranked[-1]
    if len(values) < MIN_P95:
        assert p95(values) is None
    else:
        at_or_below = sum(v <= p95(values) for v in values)
        assert p95(values) in values and at_or_below >= 0.95 * len(values)
        assert sum(v < p95(values) for v in values) < 0.95 * len(values)


def test_a_flag_per_size():
    assert bench_library.per_size([3], [100, 1000], 1000) == 3
    assert bench_library.per_size([2, 0], [100, 1000], 1000) == 0
    assert bench_library.per_size([2, 0], [100, 1000], 100) == 2


def test_the_readmes_library_tables_are_the_ones_the_committed_results_print():
    """The README's figures are the committed reports' (benchmarks/library.json for the sizes,
    benchmarks/incremental/library.json for the builds after a change), printed by the benchmark's own code."""
    import json
    from pathlib import Path

    from bench.report import incremental_table, table

    root = Path(__file__).resolve().parents[2]
    readme = (root / "README.md").read_text(encoding="utf-8")

    def report(name: str) -> dict:
        return json.loads((root / "benchmarks" / name).read_text(encoding="utf-8"))

    assert table(report("library.json")) in readme
    assert incremental_table(report("incremental/library.json")) in readme
