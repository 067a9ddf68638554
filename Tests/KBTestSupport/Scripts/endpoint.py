#!/usr/bin/env python3
"""A stand-in for the services a site may call, on 127.0.0.1:PORT, for browser tests.

Usage: endpoint.py PORT LOG_FILE
  POST /feedback           appends the decoded form (one JSON object per line) to LOG_FILE, answers a small page
  GET  /status/none        {"status": {"indicator": "none", ...}}     (the Statuspage v2 shape)
  GET  /status/major       {"status": {"indicator": "major", "description": "<b>Checkout</b> is failing"}}
  GET  /status/malformed   a body that is not JSON
  GET  /status/wrong-shape JSON of another shape
  GET  /status/hang        never answers (the connection stays open for 60 s)
  GET  /status/no-cors     the major answer without Access-Control-Allow-Origin
Every other answer carries Access-Control-Allow-Origin: *.
"""
import json
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

LOG = sys.argv[2]
LOCK = threading.Lock()
BODIES = {
    "/status/none": json.dumps({"status": {"indicator": "none", "description": "All Systems Operational"}}),
    "/status/major": json.dumps({"status": {"indicator": "major", "description": "<b>Checkout</b> is failing"}}),
    "/status/no-cors": json.dumps({"status": {"indicator": "major", "description": "Hidden by CORS"}}),
    "/status/malformed": "{\"status\": {\"indicator\": \"major\", ",
    "/status/wrong-shape": json.dumps({"indicator": "major", "description": "not inside status"}),
}


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def answer(self, status, body, content_type, cors=True):
        data = body.encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        if cors:
            self.send_header("Access-Control-Allow-Origin", "*")
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        path = self.path.split("?")[0]
        if path == "/status/hang":
            time.sleep(60)
            return
        if path in BODIES:
            self.answer(200, BODIES[path], "application/json", cors=path != "/status/no-cors")
        else:
            self.answer(404, "not here", "text/plain")

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        form = urllib.parse.parse_qs(self.rfile.read(length).decode(), keep_blank_values=True)
        record = {key: values[0] for key, values in form.items()}
        record["_content_type"] = self.headers.get("Content-Type", "")
        with LOCK, open(LOG, "a") as log:
            log.write(json.dumps(record) + "\n")
        self.answer(200, "<!DOCTYPE html><title>Thanks</title><p id=received>Feedback received</p>", "text/html")


ThreadingHTTPServer.daemon_threads = True
ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
