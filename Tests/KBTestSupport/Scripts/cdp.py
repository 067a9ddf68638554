#!/usr/bin/env python3
"""Drives headless Chromium through the DevTools protocol over --remote-debugging-pipe (file descriptors 3 and 4,
messages ended by NUL), so tests can click, type and press keys without a websocket library or WebDriver.

Usage: cdp.py CHROMIUM < scenario.json > results.json
The scenario is {"javascript": true, "steps": [...]}; each step is one of
  {"navigate": URL}                      load a page and wait for its load event
  {"click": SELECTOR}                    a real mouse click at the element's centre
  {"focus": SELECTOR}                    DOM focus, without script
  {"key": "Tab" | "Enter" | " " | "Escape" | "ArrowDown" | "ArrowUp", "shift": false}
  {"type": TEXT}                         text typed into the focused element
  {"eval": JS}                           a script's value (promises awaited); needs javascript on
  {"wait": JS, "timeout": SECONDS}       polls the script until it is truthy (true), or times out (false)
  {"sleep": SECONDS}
  {"html": SELECTOR}                     the element's outerHTML, or null; works with javascript off
  {"url": true}                          the current page's URL
  {"screenshot": PATH}                   a PNG of the viewport, for a person to look at
  {"viewport": [WIDTH, HEIGHT], "dark": false}  emulate a screen of that size (and the dark colour scheme)
Results are printed as one JSON list, one entry per step. Any protocol error ends the run with exit 2.
"""
import json
import os
import select
import subprocess
import sys
import tempfile
import time

KEYS = {"Tab": 9, "Enter": 13, " ": 32, "Escape": 27, "ArrowDown": 40, "ArrowUp": 38}
CODES = {"Tab": "Tab", "Enter": "Enter", " ": "Space", "Escape": "Escape", "ArrowDown": "ArrowDown", "ArrowUp": "ArrowUp"}


class Browser:
    def __init__(self, chromium, profile):
        to_chrome_r, self.to_chrome = os.pipe()
        self.from_chrome, from_chrome_w = os.pipe()

        def place_pipes():
            # Move both ends out of the way first, so placing one on 3 cannot close the other.
            high_r, high_w = os.dup(to_chrome_r) + 100, os.dup(from_chrome_w) + 100
            os.dup2(to_chrome_r, high_r)
            os.dup2(from_chrome_w, high_w)
            os.dup2(high_r, 3)
            os.dup2(high_w, 4)

        self.process = subprocess.Popen(
            [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--no-first-run", "--no-default-browser-check", "--user-data-dir=" + profile,
             "--window-size=1024,768", "about:blank"],
            preexec_fn=place_pipes, pass_fds=(3, 4), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_chrome_r)
        os.close(from_chrome_w)
        self.buffer = b""
        self.next_id = 0
        self.events = []
        self.session = None

    def send(self, method, params=None, session=True, timeout=30):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_chrome, json.dumps(message).encode() + b"\0")
        deadline = time.time() + timeout
        while True:
            reply = self.receive(deadline)
            if reply is None:
                raise RuntimeError("no answer to " + method)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(method + ": " + json.dumps(reply["error"]))
                return reply.get("result", {})
            self.events.append(reply)

    def receive(self, deadline):
        while b"\0" not in self.buffer:
            left = deadline - time.time()
            if left <= 0:
                return None
            ready, _, _ = select.select([self.from_chrome], [], [], left)
            if not ready:
                return None
            chunk = os.read(self.from_chrome, 65536)
            if not chunk:
                raise RuntimeError("chromium closed the pipe")
            self.buffer += chunk
        message, self.buffer = self.buffer.split(b"\0", 1)
        return json.loads(message)

    def wait_event(self, method, timeout=30):
        deadline = time.time() + timeout
        while True:
            for index, event in enumerate(self.events):
                if event.get("method") == method:
                    del self.events[index]
                    return event
            event = self.receive(deadline)
            if event is None:
                return None
            self.events.append(event)

    def close(self):
        try:
            self.send("Browser.close", session=False, timeout=5)
        except Exception:
            pass
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()


def node(browser, selector):
    root = browser.send("DOM.getDocument", {"depth": 0})["root"]["nodeId"]
    found = browser.send("DOM.querySelector", {"nodeId": root, "selector": selector})["nodeId"]
    return found or None


def run(chromium, scenario):
    with tempfile.TemporaryDirectory(prefix="kb-cdp-") as profile:
        browser = Browser(chromium, profile)
        try:
            target = browser.send("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
            browser.session = browser.send("Target.attachToTarget", {"targetId": target, "flatten": True},
                                           session=False)["sessionId"]
            browser.send("Page.enable")
            browser.send("DOM.enable")
            if not scenario.get("javascript", True):
                browser.send("Emulation.setScriptExecutionDisabled", {"value": True})
            return [step_result(browser, step) for step in scenario["steps"]]
        finally:
            browser.close()


def evaluate(browser, expression):
    result = browser.send("Runtime.evaluate", {"expression": expression, "awaitPromise": True, "returnByValue": True})
    if "exceptionDetails" in result:
        raise RuntimeError("script failed: " + json.dumps(result["exceptionDetails"])[:500])
    return result["result"].get("value")


def step_result(browser, step):
    if "navigate" in step:
        browser.events = [e for e in browser.events if e.get("method") != "Page.loadEventFired"]
        browser.send("Page.navigate", {"url": step["navigate"]})
        return browser.wait_event("Page.loadEventFired", step.get("timeout", 30)) is not None
    if "click" in step:
        found = node(browser, step["click"])
        if not found:
            return False
        browser.send("DOM.scrollIntoViewIfNeeded", {"nodeId": found})
        quad = browser.send("DOM.getBoxModel", {"nodeId": found})["model"]["content"]
        x, y = sum(quad[0::2]) / 4, sum(quad[1::2]) / 4
        for kind in ("mousePressed", "mouseReleased"):
            browser.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
        return True
    if "focus" in step:
        found = node(browser, step["focus"])
        if found:
            browser.send("DOM.focus", {"nodeId": found})
        return bool(found)
    if "key" in step:
        key = step["key"]
        modifiers = 8 if step.get("shift") else 0
        params = {"key": key, "code": CODES.get(key, key), "windowsVirtualKeyCode": KEYS.get(key, 0), "modifiers": modifiers}
        if key in ("Enter", " "):
            params["text"] = "\r" if key == "Enter" else " "
        browser.send("Input.dispatchKeyEvent", dict(params, type="keyDown"))
        browser.send("Input.dispatchKeyEvent", dict(params, type="keyUp"))
        return True
    if "type" in step:
        browser.send("Input.insertText", {"text": step["type"]})
        return True
    if "eval" in step:
        return evaluate(browser, step["eval"])
    if "wait" in step:
        deadline = time.time() + step.get("timeout", 10)
        while time.time() < deadline:
            if evaluate(browser, step["wait"]):
                return True
            time.sleep(0.05)
        return False
    if "sleep" in step:
        time.sleep(step["sleep"])
        return True
    if "html" in step:
        found = node(browser, step["html"])
        return browser.send("DOM.getOuterHTML", {"nodeId": found})["outerHTML"] if found else None
    if "viewport" in step:
        width, height = step["viewport"]
        browser.send("Emulation.setDeviceMetricsOverride", {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True})
        scheme = "dark" if step.get("dark") else "light"
        browser.send("Emulation.setEmulatedMedia", {"features": [{"name": "prefers-color-scheme", "value": scheme}]})
        return True
    if "screenshot" in step:
        import base64
        with open(step["screenshot"], "wb") as image:
            image.write(base64.b64decode(browser.send("Page.captureScreenshot", {"format": "png"})["data"]))
        return True
    if "url" in step:
        return current_url(browser)
    raise RuntimeError("unknown step: " + json.dumps(step))


def current_url(browser):
    history = browser.send("Page.getNavigationHistory")
    return history["entries"][history["currentIndex"]]["url"]


if __name__ == "__main__":
    try:
        print(json.dumps(run(sys.argv[1], json.load(sys.stdin))))
    except Exception as error:  # one line for the Swift test's failure message
        print("cdp.py: " + str(error), file=sys.stderr)
        sys.exit(2)
