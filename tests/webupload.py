"""The web upload as the page does it, over HTTP: files POSTed to Gradio's upload route, then the Sources tab's
"Add to index" event joined on the queue and followed to its end. The event is found in the page's config by
the components it reads and writes (it is not in the public API), so this is the browser's own path, minus
the browser. Every wait is bounded."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import httpx

__all__ = ["WebApp"]


class WebApp:
    def __init__(self, url: str, *, timeout: float = 1800, cookies: dict | None = None):
        self.url = url.rstrip("/")
        self.http = httpx.Client(timeout=timeout, cookies=cookies)
        self.config = self.http.get(self.url + "/config").json()

    def close(self) -> None:
        self.http.close()

    def _component(self, elem_id: str) -> int:
        return next(c["id"] for c in self.config["components"] if c.get("props", {}).get("elem_id") == elem_id)

    def _event(self, reads: str, writes: str) -> int:
        """The id of the backend event that reads component ``reads`` and writes ``writes``."""
        src, dst = self._component(reads), self._component(writes)
        return next(d["id"] for d in self.config["dependencies"]
                    if src in d.get("inputs", []) and dst in d.get("outputs", []) and d.get("backend_fn"))

    @property
    def add_event(self) -> int:
        return self._event("fq-upload", "fq-upload-status")

    def upload(self, files: list[Path]) -> list[str]:
        """POST the files to the upload route (in one request, as the page does); their paths on the server."""
        handles = [open(f, "rb") for f in files]
        try:
            r = self.http.post(self.url + "/gradio_api/upload",
                               files=[("files", (f.name, h, "application/octet-stream")) for f, h in zip(files, handles)])
        finally:
            for h in handles:
                h.close()
        r.raise_for_status()
        return r.json()

    def run(self, fn_index: int, data: list) -> dict:
        """Join the queue with ``data`` and read the event's messages to its end; the last message."""
        session = uuid.uuid4().hex[:11]
        r = self.http.post(self.url + "/gradio_api/queue/join",
                           json={"data": data, "event_data": None, "fn_index": fn_index, "trigger_id": None,
                                 "session_hash": session})
        r.raise_for_status()
        last: dict = {}
        with self.http.stream("GET", self.url + "/gradio_api/queue/data", params={"session_hash": session}) as stream:
            for line in stream.iter_lines():
                if not line.startswith("data:"):
                    continue
                msg = json.loads(line[5:])
                if msg.get("msg") in ("process_generating", "process_completed"):
                    last = msg
                if msg.get("msg") == "process_completed":
                    return msg
        return last

    def add(self, files: list[Path]) -> str:
        """Upload ``files`` and add them to the index: the HTML the Sources tab shows when it is done."""
        paths = self.upload(files)
        data = [[{"path": p, "orig_name": f.name, "meta": {"_type": "gradio.FileData"}} for p, f in zip(paths, files)]]
        done = self.run(self.add_event, data)
        if not done.get("success", False):
            raise RuntimeError(f"the upload event failed: {json.dumps(done)[:2000]}")
        return done["output"]["data"][0]
