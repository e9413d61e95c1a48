#!/usr/bin/env python3
"""Whole-process timings of the language server (qrexec-policy lsp), over its real pipes.

  start-up:  from starting bin/qrexec-policy lsp to the answer to `initialize`
             (--starts runs, each a fresh process, after one run that writes the
             class-data archive)
  keystroke: from sending one didChange (one character typed or deleted at the end
             of a rule, so the text alternates between valid and invalid) to
             receiving the publishDiagnostics of that version, with the server warm
             (--warmup keystrokes first, then --keystrokes measured)

The tree is testdata/stock (a stock-sized dom0 tree with its system information),
or with --generated a smaller one written to a temporary directory (17 files,
about 240 rules, 20 qubes). The keystrokes go to the first rule of 30-user.policy.
Usage:

    mvn -B -q package -DskipTests
    policy-bench/run-lsp-timing.py [--starts 20] [--warmup 300] [--keystrokes 300] [--generated]
"""
import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LAUNCHER = os.path.join(ROOT, "bin", "qrexec-policy")

QUBES = ["dom0", "sys-net", "sys-firewall", "sys-usb", "sys-whonix", "work", "personal", "vault", "untrusted",
         "banking", "anon-whonix", "default-dvm", "whonix-dvm", "fedora-40", "debian-12", "whonix-gw-17",
         "whonix-ws-17", "mgmt", "devel", "media"]
SERVICES = ["qubes.Filecopy", "qubes.OpenInVM", "qubes.OpenURL", "qubes.VMShell", "qubes.VMExec",
            "qubes.VMExecGUI", "qubes.StartApp", "qubes.ClipboardPaste", "qubes.Gpg", "qubes.GetDate",
            "qubes.UpdatesProxy", "qubes.GetImageRGBA", "qubes.PdfConvert", "qubes.SyncAppMenus",
            "qubes.NotifyTools", "qubes.NotifyUpdates", "qubes.FeaturesRequest", "qubes.WaitForSession",
            "qubes.ConnectTCP", "qubes.USB", "qubes.InputMouse", "qubes.InputKeyboard", "qubes.SelectFile",
            "qubes.SelectDirectory", "u2f.Register", "u2f.Authenticate"]
ADMIN = ["admin.vm.List", "admin.vm.Start", "admin.vm.Shutdown", "admin.vm.Kill", "admin.vm.Pause",
         "admin.vm.Unpause", "admin.vm.property.Get", "admin.vm.property.Set", "admin.vm.property.List",
         "admin.vm.property.Reset", "admin.vm.feature.Get", "admin.vm.feature.Set", "admin.vm.feature.List",
         "admin.vm.feature.Remove", "admin.vm.tag.List", "admin.vm.tag.Set", "admin.vm.tag.Get",
         "admin.vm.tag.Remove", "admin.vm.firewall.Get", "admin.vm.firewall.Set", "admin.vm.volume.List",
         "admin.vm.volume.Info", "admin.vm.volume.Resize", "admin.vm.device.usb.Attach",
         "admin.vm.device.usb.Detach", "admin.vm.device.block.Attach", "admin.vm.device.block.Detach",
         "admin.vm.Console", "admin.vm.CurrentState", "admin.vm.Remove"]
GLOBAL = ["admin.vmclass.List", "admin.label.List", "admin.label.Get", "admin.property.List",
          "admin.property.Get", "admin.property.Set", "admin.pool.List", "admin.pool.Info", "admin.backup.Execute",
          "admin.backup.Info", "admin.Events", "admin.deviceclass.List"]


def write_tree(root):
    policy = os.path.join(root, "policy.d")
    os.makedirs(os.path.join(policy, "include"))

    def put(name, lines):
        with open(os.path.join(policy, name), "w") as f:
            f.write("\n".join(lines) + "\n")

    user = ["# Rules of this machine's owner"]
    for service in SERVICES[:8]:
        user.append(f"{service} * work personal allow")
        user.append(f"{service} * @tag:trusted @anyvm ask default_target=@dispvm")
    put("30-user.policy", user)
    put("35-compat.policy", ["# R4.0 rules", "!compat-4.0"])
    for topic in ["clipboard", "filecopy", "gpg", "input", "usb"]:
        put(f"50-config-{topic}.policy", [f"# config of {topic}", "qubes.ClipboardPaste * @anyvm @anyvm ask",
                                           "qubes.InputMouse * sys-usb @adminvm allow",
                                           "qubes.InputKeyboard * sys-usb @adminvm deny",
                                           f"qubes.Gpg * @tag:{topic} vault ask default_target=vault"])
    admin = ["# Admin API"]
    for scope, names in [("local", ADMIN), ("global", GLOBAL)]:
        for level in ["ro", "rwx"]:
            name = f"admin-{scope}-{level}"
            put(f"include/{name}", [f"{n} * @tag:created-by-mgmt @adminvm allow target=dom0" for n in names])
            admin.append(f"!include include/{name}")
    admin += [f"{n} * mgmt @tag:managed allow target=dom0" for n in ADMIN]
    put("85-admin-backup-restore.policy", [f"admin.backup.{c} * mgmt @adminvm allow" for c in
                                           ["Execute", "Info", "Cancel"]])
    put("90-admin-default.policy", admin)
    default = ["# Defaults"]
    for service in SERVICES:
        default += [f"{service} * @anyvm @dispvm allow", f"{service} * @anyvm @anyvm ask",
                    f"{service} * @anyvm @adminvm deny"]
    default += ["qubes.UpdatesProxy * @type:TemplateVM @default allow target=sys-net",
                "qubes.GetDate * @anyvm @default allow target=sys-net",
                "* * @anyvm @anyvm deny", "* * @anyvm @adminvm deny"]
    put("90-default.policy", default)
    put("include/admin-policy-ro", ["mgmt @adminvm allow,target=dom0"])
    put("include/admin-policy-rwx", ["mgmt @adminvm allow,target=dom0"])
    put("80-policy-admin.policy", ["!include-service policy.List * include/admin-policy-ro",
                                   "!include-service policy.Get * include/admin-policy-ro",
                                   "!include-service policy.Replace * include/admin-policy-rwx"])
    os.makedirs(os.path.join(root, "legacy"))
    domains = {}
    for i, name in enumerate(QUBES):
        domains[name] = {"tags": ["trusted"] if name in ("work", "vault") else [],
                         "type": "AdminVM" if name == "dom0" else ("TemplateVM" if name[-1].isdigit() else "AppVM"),
                         "template_for_dispvms": name.endswith("-dvm"), "default_dispvm": "default-dvm",
                         "icon": "red", "label": "0xcc0000", "guivm": None if name == "dom0" else "dom0",
                         "relayvm": None, "transport_rpc": None,
                         "power_state": "Running" if name.startswith("sys") or name == "dom0" else "Halted",
                         "uuid": "%08d-0000-4000-8000-000000000000" % i}
    with open(os.path.join(root, "system-info.json"), "w") as f:
        json.dump({"domains": domains}, f)
    return policy, os.path.join(root, "legacy"), os.path.join(root, "system-info.json"), count_rules(policy)


def count_rules(policy):
    """Lines that are neither blank, comments nor directives (a rough count of rules)."""
    rules = 0
    for dirpath, _, files in os.walk(policy):
        for name in files:
            with open(os.path.join(dirpath, name)) as f:
                rules += sum(1 for line in f if line.strip() and not line.lstrip().startswith(("#", "!")))
    return rules


class Server:
    def __init__(self, policy, legacy, info):
        self.process = subprocess.Popen([LAUNCHER, "lsp", "--policy-dir", policy, "--legacy-dir", legacy,
                                         "--system-info", info], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        stderr=subprocess.DEVNULL)
        self.next_id = 1

    def send(self, message):
        body = json.dumps(message).encode()
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.process.stdin.flush()

    def receive(self):
        length = None
        while True:
            line = self.process.stdout.readline()
            if not line:
                raise EOFError("server closed its output")
            if line == b"\r\n":
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.process.stdout.read(length))

    def request(self, method, params):
        request_id = self.next_id
        self.next_id += 1
        self.send({"jsonrpc": "2.0", "id": request_id, "method": method, "params": params})
        while True:
            message = self.receive()
            if message.get("id") == request_id and "method" not in message:
                return message

    def notify(self, method, params):
        self.send({"jsonrpc": "2.0", "method": method, "params": params})

    def await_diagnostics(self, uri, version):
        while True:
            message = self.receive()
            params = message.get("params", {})
            if message.get("method") == "textDocument/publishDiagnostics" and params.get("uri") == uri \
                    and params.get("version") == version:
                return params

    def stop(self):
        self.request("shutdown", None)
        self.notify("exit", None)
        self.process.wait(timeout=30)


def initialize(server):
    return server.request("initialize", {"processId": None, "rootUri": None, "capabilities": {}})


def summary(values):
    values = sorted(values)
    return "median %.1f ms, p10 %.1f, p90 %.1f, min %.1f, max %.1f (n=%d)" % (
        statistics.median(values), values[len(values) // 10], values[len(values) * 9 // 10], values[0], values[-1],
        len(values))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--starts", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=300)
    parser.add_argument("--keystrokes", type=int, default=300)
    parser.add_argument("--generated", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as root:
        if args.generated:
            policy, legacy, info, rules = write_tree(root)
        else:
            stock = os.path.join(ROOT, "testdata", "stock")
            policy, legacy, info = (os.path.join(stock, "policy.d"), os.path.join(stock, "legacy"),
                                    os.path.join(stock, "system-info.json"))
            rules = count_rules(policy)
        print("tree: %d files, %d rules" % (sum(len(f) for _, _, f in os.walk(policy)), rules))
        print("load average before: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))
        starts = []
        for run in range(args.starts + 1):
            began = time.perf_counter()
            server = Server(policy, legacy, info)
            initialize(server)
            elapsed = (time.perf_counter() - began) * 1000
            server.stop()
            if run > 0:
                starts.append(elapsed)
        print("start-up to the initialize answer: " + summary(starts))

        server = Server(policy, legacy, info)
        initialize(server)
        server.notify("initialized", {})
        path = os.path.join(policy, "30-user.policy")
        uri = "file://" + path
        text = open(path).read()
        server.notify("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "qrexecpolicy",
                                                                "version": 1, "text": text}})
        server.await_diagnostics(uri, 1)
        lines = text.split("\n")
        line = next(i for i, l in enumerate(lines) if l.strip() and not l.lstrip().startswith(("#", "!")))
        end = len(lines[line])
        times = []
        for stroke in range(args.warmup + args.keystrokes):
            version = stroke + 2
            if stroke % 2 == 0:
                change = {"range": {"start": {"line": line, "character": end},
                                    "end": {"line": line, "character": end}}, "text": "x"}
            else:
                change = {"range": {"start": {"line": line, "character": end},
                                    "end": {"line": line, "character": end + 1}}, "text": ""}
            began = time.perf_counter()
            server.notify("textDocument/didChange", {"textDocument": {"uri": uri, "version": version},
                                                     "contentChanges": [change]})
            published = server.await_diagnostics(uri, version)
            elapsed = (time.perf_counter() - began) * 1000
            if stroke % 2 == 0 and not any(d["severity"] == 1 for d in published["diagnostics"]):
                sys.exit("the typo was not diagnosed")
            if stroke >= args.warmup:
                times.append(elapsed)
        print("keystroke to its diagnostics, warm: " + summary(times))
        server.stop()
        print("load average after: %s" % " ".join(open("/proc/loadavg").read().split()[:3]))


if __name__ == "__main__":
    main()
