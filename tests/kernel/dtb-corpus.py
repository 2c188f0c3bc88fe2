#!/usr/bin/env python3
"""The comparisons of tests/kernel/dtb-corpus.sh, an independent reading
of the trees by dtc and fdtget.

dtb-corpus.py CMACC WORK PAIRS: each line of PAIRS is a board's blob and
the blob of cmacc's -O dts of it.  For each board with pools:

  - each pool's reg, size, alignment, alloc-ranges, reusable, no-map and
    linux,cma-default, as numbers in each tree's cells, in order, equal in
    the board and in cmacc's -O dts;
  - the round trip: the board decompiled with -O cma, then compiled with
    -O dtb --board onto the board stripped of its pools and of every
    memory-region (fdtput), gives the same pools again and, at every node,
    the same memory-region list (as the pools' places in order; entries
    naming reserved memory that is no pool, which cmacc leaves out, are
    left out of both).
"""
import re
import subprocess
import sys


def run(*args):
    return subprocess.run(args, capture_output=True, text=True)


def fdtget(tree, path, prop, kind="x"):
    r = run("fdtget", "-t", kind, tree, path, prop)
    return r.stdout.split() if r.returncode == 0 else None


def numbers(words, widths):
    """Words of hex cells as numbers, taking widths in turn."""
    out, i = [], 0
    while words and i < len(words):
        for w in widths:
            v = 0
            for k in range(w):
                v = v << 32 | int(words[i + k], 16)
            out.append(v)
            i += w
    return out


def nodes(tree):
    """Each node's path and its properties' text, from dtc's listing."""
    text = run("dtc", "-q", "-I", "dtb", "-O", "dts", tree).stdout
    stack, props = [], {}
    for line in text.splitlines():
        s = line.strip()
        m = re.match(r'^(?:[\w-]+: )?([^\s{]+) \{$', s)
        if m:
            stack.append(m.group(1))
            props["/" + "/".join(stack[1:])] = {}
        elif s == "};":
            stack.pop()
        else:
            m = re.match(r'^([^\s=;]+)(?: = (.*))?;$', s)
            if m and stack:
                props["/" + "/".join(stack[1:])][m.group(1)] = m.group(2)
    return props


def available(pr):
    return pr.get("status", '"okay"') in ('"okay"', '"ok"')


def pool_paths(props):
    return [p for p, pr in props.items()
            if p.startswith("/reserved-memory/") and p.count("/") == 2
            and "shared-dma-pool" in (pr.get("compatible") or "")
            and available(pr)]


def pools(tree, props):
    """Each pool's fields, in the tree's order."""
    na = int((fdtget(tree, "/", "#address-cells") or ["2"])[0], 16)
    ns = int((fdtget(tree, "/", "#size-cells") or ["1"])[0], 16)
    found = []
    for path in pool_paths(props):
        pr = props[path]
        reg = fdtget(tree, path, "reg")
        size, align = fdtget(tree, path, "size"), fdtget(tree, path, "alignment")
        ranges = fdtget(tree, path, "alloc-ranges")
        found.append({
            "name": path,
            "reg": numbers(reg, [na, ns])[:2] if reg else None,
            "size": numbers(size, [ns]) if size and not reg else None,
            "alignment": numbers(align, [na]) if align and not reg else None,
            "alloc-ranges": numbers(ranges, [na, ns]) if ranges and not reg else None,
            "flags": sorted(f for f in ("reusable", "no-map", "linux,cma-default")
                            if f in pr),
        })
    return found


def lists(props):
    """Each available node's memory-region, as its pools' places."""
    by_phandle = {}
    for p, pr in props.items():
        if "phandle" in pr:
            by_phandle[int(pr["phandle"].strip("<>"), 16)] = p
    order = pool_paths(props)
    res = {}
    for p, pr in props.items():
        if "memory-region" in pr and available(pr):
            handles = [int(x, 16) for x in re.findall(r"0x[0-9a-f]+", pr["memory-region"])]
            places = [order.index(by_phandle[h]) for h in handles
                      if by_phandle.get(h) in order]
            if places:
                res[p] = places
    return res


def compare_pools(board, theirs, mine, what):
    bad = 0
    if len(theirs) != len(mine):
        print("FAIL: %s: %d pools, %s has %d" % (board, len(theirs), what, len(mine)))
        return 1
    for t, m in zip(theirs, mine):
        for field in ("reg", "size", "alignment", "alloc-ranges", "flags"):
            if t[field] != m[field]:
                print("FAIL: %s: pool %s: %s is %s, %s has %s" %
                      (board, t["name"], field, t[field], what, m[field]))
                bad += 1
    return bad


def round_trip(cmacc, work, board, props):
    src, strip, back = work + "/rt.cma", work + "/strip.dtb", work + "/back.dtb"
    r = run(cmacc, "-I", "dtb", "-O", "cma", "-Wno-pool-placement", "-o", src, board)
    if r.returncode:
        return None, "-O cma: " + r.stderr[:300]
    run("cp", board, strip)
    for p in pool_paths(props):
        run("fdtput", "-r", strip, p)
    for p, pr in props.items():
        for prop in ("memory-region", "memory-region-names"):
            if prop in pr:
                run("fdtput", "-d", strip, p, prop)
    r = run(cmacc, "-I", "cma", "-O", "dtb", "-Wno-pool-placement",
            "-Wno-board", "--board=" + strip, "-o", back, src)
    if r.returncode:
        return None, "-O dtb: " + r.stderr[:300]
    return back, None


def main():
    cmacc, work, pairs = sys.argv[1:4]
    boards = total = lists_total = bad = 0
    for line in open(pairs):
        board, ours = line.split()
        props = nodes(board)
        theirs = pools(board, props)
        if not theirs:
            continue
        boards += 1
        total += len(theirs)
        bad += compare_pools(board, theirs, pools(ours, nodes(ours)), "-O dts")
        back, why = round_trip(cmacc, work, board, props)
        if not back:
            print("FAIL: %s: the round trip: %s" % (board, why))
            bad += 1
            continue
        back_props = nodes(back)
        bad += compare_pools(board, theirs, pools(back, back_props), "the round trip")
        want, got = lists(props), lists(back_props)
        lists_total += len(want)
        for path in sorted(set(want) | set(got)):
            if want.get(path) != got.get(path):
                print("FAIL: %s: %s: memory-region %s, after the round trip %s" %
                      (board, path, want.get(path), got.get(path)))
                bad += 1
    print("%d boards with pools, %d pools, each compared field by field in -O dts "
          "and after the round trip, with %d memory-region lists" %
          (boards, total, lists_total))
    return 1 if bad else 0


sys.exit(main())
