#!/usr/bin/env python3
"""The canary benchmark (docs/performance.md, "Benchmark").

For each input it runs, interleaved in the same session, the floor
(build/canary-floor: the same readers reading and decompressing every entry,
no rules) and `canary scan` over the same list of artifacts, and prints one
table: bytes in, files, wall time, MB/s, peak RSS, files parsed by
tree-sitter, per-stage time, and the scan/floor ratio. Peak RSS is the
child's ru_maxrss from wait4(). The load average is recorded before every
run. Also: the default pack's compile time, cold and from the cache.

Inputs (--inputs, comma-separated):
  wheels     the three wheels in /usr/share/python-wheels
  malicious  every archive under /work/shared/corpus/malicious (LIVE malware:
             only ever read as bytes by canary's readers)
  dist       every top-level entry of /usr/lib/python3/dist-packages: each
             directory, and each loose module (*.py, *.pth, *.so), is one
             artifact, so `--jobs` spreads them over threads

Usage: bench/run_bench.py [--build build] [--jobs 1,2] [--repeat 3] [--dist-repeat 1] [--inputs wheels,malicious,dist] [--json FILE]
Run it under `nice -n 19` on a shared machine, never while compiling.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time

WHEELS = "/usr/share/python-wheels"
MALICIOUS = "/work/shared/corpus/malicious"
DIST = "/usr/lib/python3/dist-packages"
ARCHIVE_SUFFIXES = (".whl", ".zip", ".egg", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar")
LOOSE_SUFFIXES = (".py", ".pth", ".so")


def list_input(name):
    if name == "wheels":
        return sorted(os.path.join(WHEELS, f) for f in os.listdir(WHEELS) if f.endswith(".whl"))
    if name == "malicious":
        found = []
        for root, _, files in os.walk(MALICIOUS):
            found += [os.path.join(root, f) for f in files if f.lower().endswith(ARCHIVE_SUFFIXES)]
        return sorted(found)
    if name == "dist":
        out = []
        for e in sorted(os.scandir(DIST), key=lambda e: e.name):
            if e.is_dir(follow_symlinks=False) or (e.is_file(follow_symlinks=False) and e.name.endswith(LOOSE_SUFFIXES)):
                out.append(e.path)
        return out
    raise SystemExit(f"run_bench.py: unknown input {name!r} (wheels, malicious, dist)")


def bytes_on_disk(paths):
    total = 0
    for p in paths:
        if os.path.isdir(p) and not os.path.islink(p):
            for root, _, files in os.walk(p):
                for f in files:
                    fp = os.path.join(root, f)
                    if not os.path.islink(fp):
                        total += os.lstat(fp).st_size
        else:
            total += os.lstat(p).st_size
    return total


def run(cmd, env=None):
    """Runs cmd; returns (wall seconds, peak RSS in MB, stdout, stderr, exit status, load average before)."""
    load = os.getloadavg()[0]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return wall, usage.ru_maxrss / 1024.0, out.read().decode(), err.read().decode(errors="replace"), \
            proc.returncode, load, usage.ru_utime + usage.ru_stime


STAGES = {
    "read/inflate": "read",
    "classify/scope": "classify",
    "decode (encoded blobs)": "decode",
    "prefilter (Hyperscan)": "prefilter",
    "parse (tree-sitter)": "parse",
    "query": "query",
    "conditions": "conditions",
}


def parse_profile(text):
    """The figures of `canary scan --profile` (cli/profile_output.cpp) as a dict."""
    p = {}
    m = re.search(r"profile: (\d+) artifacts?, (\d+) files?, (\d+) bytes, (\d+) parsed by tree-sitter, (\d+) decoded", text)
    if m:
        p["artifacts"], p["files"], p["bytes"], p["parsed"], p["decoded"] = map(int, m.groups())
    for line in text.splitlines():
        for label, key in STAGES.items():
            m = re.match(re.escape(label) + r"\s+([\d.]+) ms", line)
            if m:
                p[key] = float(m.group(1)) / 1e3
        m = re.match(r"\S.*?\s+([\d.]+) ms  (from cache|compiled)", line)
        if m:
            p["load"] = float(m.group(1)) / 1e3
            p["load_how"] = m.group(2)
    return p


def median(xs):
    xs = sorted(xs)
    return xs[len(xs) // 2] if xs else float("nan")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--build", default="build", help="build directory holding canary and canary-floor")
    ap.add_argument("--inputs", default="wheels,malicious,dist")
    ap.add_argument("--jobs", default="1,2", help="comma-separated --jobs values")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs of each (floor, scan) pair; the median is shown")
    ap.add_argument("--dist-repeat", type=int, default=1, help="timed runs for dist, which takes minutes per scan")
    ap.add_argument("--json", help="also write every raw figure to this file")
    args = ap.parse_args()

    canary = os.path.join(args.build, "canary")
    floor = os.path.join(args.build, "canary-floor")
    for exe in (canary, floor):
        if not os.access(exe, os.X_OK):
            raise SystemExit(f"run_bench.py: {exe} not built (cmake --build {args.build} --target canary canary-floor)")
    jobs_list = [int(j) for j in args.jobs.split(",")]
    cache = tempfile.mkdtemp(prefix="canary-bench-cache-")
    env = dict(os.environ, CANARY_CACHE_DIR=cache)
    raw = {"commit": subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip(),
           "uname": os.uname().release, "cpus": os.cpu_count(), "inputs": {}, "compile": {}}

    # Compile time of the default pack: cold (--no-cache) and from the cache.
    probe = list_input("wheels")[:1]
    cold, cached = [], []
    for _ in range(args.repeat):
        w, _, _, err, _, load, _ = run([canary, "scan", "-q", "--profile", "--fail-on", "none", "--no-cache"] + probe, env)
        cold.append((parse_profile(err).get("load", float("nan")), load))
        run([canary, "rules", "compile"], env)
        w, _, _, err, _, load, _ = run([canary, "scan", "-q", "--profile", "--fail-on", "none"] + probe, env)
        cached.append((parse_profile(err).get("load", float("nan")), load))
    raw["compile"] = {"cold": cold, "cached": cached}
    print(f"default pack load: cold {median([c[0] for c in cold]) * 1e3:.0f} ms, "
          f"from cache {median([c[0] for c in cached]) * 1e3:.0f} ms "
          f"(median of {args.repeat}; load avg {cold[0][1]:.1f}-{cached[-1][1]:.1f})", flush=True)

    rows = []
    for name in args.inputs.split(","):
        paths = list_input(name)
        listfile = os.path.join(cache, name + ".list")
        with open(listfile, "w") as f:
            f.write("".join(p + "\n" for p in paths))
        size = bytes_on_disk(paths)
        entry = raw["inputs"][name] = {"artifacts": len(paths), "bytes_in": size, "runs": []}
        # One untimed read first, so that the floor and the scan find the files
        # in the same state (the floor's first read would otherwise pay for the disk).
        run([floor, "--from-list", listfile])
        profile = {}
        for jobs in jobs_list:
            floor_runs, scan_runs = [], []
            for _ in range(args.dist_repeat if name == "dist" else args.repeat):
                # Interleaved: floor then scan, under the same load.
                fw, frss, fout, _, _, fload, fcpu = run([floor, "--jobs", str(jobs), "--from-list", listfile])
                fl = json.loads(fout)
                # Timed without --profile: its clock reads around every rule of
                # every file cost about 5 % of a dist scan.
                sw, srss, _, serr, sstatus, sload, scpu = run(
                    [canary, "scan", "-q", "--fail-on", "none", "--format", "jsonl", "--jobs", str(jobs),
                     "--from-list", listfile], env)
                if sstatus not in (0, 3):
                    print(f"scan of {name} exited {sstatus}: {serr[-500:]}", file=sys.stderr)
                floor_runs.append({"wall": fw, "rss": frss, "load": fload, "cpu": fcpu, **fl})
                scan_runs.append({"wall": sw, "rss": srss, "load": sload, "cpu": scpu, "status": sstatus})
                print(f"  {name} jobs={jobs}: floor {fw:.2f} s, scan {sw:.2f} s (load {fload:.1f}/{sload:.1f})",
                      flush=True)
            if jobs == jobs_list[0]:
                # One more run, with --profile, for the stage table and the parse counts.
                pw, prss, _, perr, _, pload, _ = run(
                    [canary, "scan", "-q", "--profile", "--fail-on", "none", "--format", "jsonl", "--jobs", str(jobs),
                     "--from-list", listfile], env)
                profile = parse_profile(perr)
                entry["profile"] = dict(profile, wall=pw, rss=prss, load=pload)
            entry["runs"].append({"jobs": jobs, "floor": floor_runs, "scan": scan_runs})
            rows.append((name, jobs, size, floor_runs, scan_runs, profile))

    mb = 1e6
    print()
    print("| input | jobs | bytes in | files | parsed | floor wall | floor MB/s | floor RSS | scan wall | scan CPU | scan MB/s "
          "| scan RSS | scan/floor | load avg |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, jobs, size, fr, sr, prof in rows:
        fw, sw = median([r["wall"] for r in fr]), median([r["wall"] for r in sr])
        loads = [r["load"] for r in fr + sr]
        print(f"| {name} | {jobs} | {size / mb:.1f} MB | {fr[0]['files']} | "
              f"{prof.get('parsed', '?')} / {prof.get('files', '?')} | {fw:.2f} s | {size / mb / fw:.0f} | "
              f"{max(r['rss'] for r in fr):.0f} MB | {sw:.2f} s | {median([r['cpu'] for r in sr]):.1f} s | {size / mb / sw:.1f} | "
              f"{max(r['rss'] for r in sr):.0f} MB | {sw / fw:.1f}x | {min(loads):.1f}-{max(loads):.1f} |")
    print()
    print(f"Stages (CPU time summed over threads, scan --profile, first --jobs value):")
    print("| input | read/inflate | classify | decode | prefilter | parse | query | conditions | wall |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name in args.inputs.split(","):
        p = raw["inputs"][name].get("profile")
        if not p:
            continue
        print(f"| {name} | " + " | ".join(f"{p.get(k, float('nan')):.2f} s" for k in STAGES.values()) +
              f" | {p['wall']:.2f} s |")
    for name in args.inputs.split(","):
        runs = {r["jobs"]: r for r in raw["inputs"][name]["runs"]}
        if 1 in runs and 2 in runs:
            s1 = median([r["wall"] for r in runs[1]["scan"]])
            s2 = median([r["wall"] for r in runs[2]["scan"]])
            f1 = median([r["wall"] for r in runs[1]["floor"]])
            f2 = median([r["wall"] for r in runs[2]["floor"]])
            print(f"\n{name}: scan --jobs 1 / --jobs 2 = {s1 / s2:.2f}x; floor {f1 / f2:.2f}x")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(raw, f, indent=1)


if __name__ == "__main__":
    main()
