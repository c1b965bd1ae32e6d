#!/usr/bin/env python3
"""Prints analysis.json without the fields gmptrace gained after the baseline build
(b296428), in one canonical form, so that `cmp` of two such prints says whether
everything the baseline also writes is identical.

    without-newer-fields.py analysis.json > comparable.json

Newer fields: goroutine_groups.windows_note, each group's "windows" (the
groups' per-window latency) and goroutine_groups.program_windows (the program's
goroutines' per-window latency)."""
import json
import sys

with open(sys.argv[1]) as f:
    analysis = json.load(f)
groups = analysis.get("goroutine_groups") or {}
groups.pop("windows_note", None)
groups.pop("program_windows", None)
for group in groups.get("groups") or []:
    group.pop("windows", None)
json.dump(analysis, sys.stdout, sort_keys=True, separators=(",", ":"))
