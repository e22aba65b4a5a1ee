"""One wrk run, parsed: requests per second, p50 and p99 latency in ms, errors."""
import re
import statistics
import subprocess

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run(url, seconds, connections, headers=None, threads=2):
    header_args = [arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")]
    done = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", "--latency", *header_args, url],
        capture_output=True, text=True,
    )
    if done.returncode:
        raise RuntimeError(f"wrk failed on {url}: {done.stdout}{done.stderr}")
    return parse(done.stdout)


def parse(output):
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    socket_errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1]),
        "p50": latency(output, "50"),
        "p99": latency(output, "99"),
        "errors": (int(errors[1]) if errors else 0) + (sum(map(int, socket_errors.groups())) if socket_errors else 0),
    }


def latency(output, percentile):
    match = re.search(rf"^\s+{percentile}%\s+([\d.]+)(us|ms|s)\s*$", output, re.MULTILINE)
    return float(match[1]) * UNITS[match[2]]


def paired(runs, measure, baseline):
    """`runs` runs of `measure()`, each followed by one of `baseline()` (both
    return wrk.run's figures): medians of the measured runs, the baseline's
    median rate, and the median of the paired ratios, which holds on a busy
    machine where absolute rates do not."""
    measured, baseline_rps, ratios = [], [], []
    for _ in range(runs):
        measured.append(measure())
        baseline_rps.append(baseline()["rps"])
        ratios.append(measured[-1]["rps"] / baseline_rps[-1])
    return {
        "rps": statistics.median(run["rps"] for run in measured),
        "p50": statistics.median(run["p50"] for run in measured),
        "p99": statistics.median(run["p99"] for run in measured),
        "errors": sum(run["errors"] for run in measured),
        "baseline_rps": statistics.median(baseline_rps),
        "ratio": statistics.median(ratios),
    }
