"""A real HTTP server that speaks the tracker's API the way slurmdeck serve does, for the tests."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, fail_batches=0):
        self.runs = {}
        self.batches = {}
        self.finished = {}
        self.requests = []
        self.fail_batches = fail_batches
        self.token = "secret-token"
        # Called with each batch as it arrives, before it is taken.
        self.on_batch = None
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _answer(self, status, body):
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                receiver.requests.append(("GET", self.path))
                if self.headers.get("authorization") != "Bearer " + receiver.token:
                    return self._answer(401, {"code": "UNAUTHENTICATED"})
                uid = self.path.rsplit("/", 1)[-1]
                if uid not in receiver.runs:
                    return self._answer(404, {"code": "RUN_NOT_FOUND"})
                seqs = [s for (r, s) in receiver.batches if r == uid]
                self._answer(200, {"nextSeq": max(seqs, default=0) + 1})

            def do_POST(self):
                body = json.loads(self.rfile.read(int(self.headers["content-length"])) or b"{}")
                receiver.requests.append(("POST", self.path))
                if self.headers.get("authorization") != "Bearer " + receiver.token:
                    return self._answer(401, {"code": "UNAUTHENTICATED"})
                if self.path == "/api/tracker/runs":
                    receiver.runs.setdefault(body["run"], []).append(body)
                    return self._answer(201, {"seqStart": body.get("seq_start", 1)})
                if self.path == "/api/tracker/batches":
                    if receiver.on_batch is not None:
                        receiver.on_batch(body)
                    if receiver.fail_batches > 0:
                        receiver.fail_batches -= 1
                        return self._answer(503, {"code": "INTERNAL"})
                    if body["run"] not in receiver.runs:
                        return self._answer(404, {"code": "RUN_NOT_FOUND"})
                    key = (body["run"], body["seq"])
                    duplicate = key in receiver.batches
                    receiver.batches.setdefault(key, body)
                    return self._answer(200, {"applied": 0 if duplicate else 1})
                if self.path.endswith("/finish"):
                    receiver.finished[self.path.split("/")[-2]] = body
                    return self._answer(200, {})
                self._answer(404, {"code": "NOT_FOUND"})

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = "http://127.0.0.1:%d" % self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def points(self, uid):
        return [p for (r, _), b in sorted(self.batches.items()) if r == uid for p in b["points"]]

    def files(self, uid):
        return [f for (r, _), b in sorted(self.batches.items()) if r == uid
                for f in b.get("files", [])]

    def close(self):
        self.server.shutdown()
        self.server.server_close()
