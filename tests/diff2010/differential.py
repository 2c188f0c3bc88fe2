# SPDX-License-Identifier: GPL-2.0-or-later
"""Differential test: the 2010 code (model2010.py) against cmacc and libcma.

Generates seeded random command lines and requests.  For every line cmacc
accepts with --target=2010:

  1. each request is answered by the model, by --explain and by libcma
     (from the line's values and from cmacc's table, which must agree);
     where the model and cmacc or libcma differ, cmacc must have said so
     with a compat-* warning;
  2. the canonical line for the 2010 kernel, and the source decompiled
     from the line and compiled again for it, must mean to the model what
     the line meant: the same answers to every request;
  3. the canonical line for the runtime must mean to libcma what the
     line meant.

Usage: differential.py CMACC LIBCMA_ANSWERS [COUNT [SEED]]
"""
import os
import random
import re
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import model2010  # noqa: E402

CMACC, ANSWERS = sys.argv[1], sys.argv[2]
COUNT = int(sys.argv[3]) if len(sys.argv) > 3 else 2000
SEED = int(sys.argv[4]) if len(sys.argv) > 4 else 2010
PAGE = 4096

DEVICES = ['a', 'ab', 'abc', 'b', 'ba', 'cam0', 'cam1', 'vpu']
DEV_PATTERNS = ['a', 'ab', 'abc', 'a?', 'a*', 'ab*', '?', '*', 'b', 'ba',
                'cam?', 'cam*', 'vpu', '??']
KINDS = [None, '', 'x', 'y', 'raw']
KIND_PATTERNS = ['x', 'y', '*', 'r*', 'raw', '?']
NAMES = ['r', 's', 't', 'cam', 'vid', 'r_1', 'big']


def size_text(rng, v):
    for suffix, shift in (('G', 30), ('M', 20), ('K', 10)):
        if v % (1 << shift) == 0 and rng.random() < 0.8:
            return '%d%s' % (v >> shift, suffix)
    return str(v) if rng.random() < 0.7 else hex(v)


def gen_region(rng, name):
    size = rng.choice([1, 2, 3, 4, 8, 16, 64, 256]) * PAGE
    if rng.random() < 0.05:
        size = 1024 << 30                 # 1024G: 1T to a newer memparse
    text = '%s=%s' % (name, size_text(rng, size))
    r = rng.random()
    if r < 0.15:
        text += '@' + size_text(rng, (rng.randrange(16) + 1) << 28)
    elif r < 0.2:
        text += '@'
    r = rng.random()
    if r < 0.15:
        text += '/' + size_text(rng, 1 << rng.choice([12, 16, 20]))
    elif r < 0.2:
        text += rng.choice(['/', '/0'])
    r = rng.random()
    if r < 0.15:
        text += ':buddy'
    elif r < 0.25:
        text += ':bf'
    elif r < 0.3:
        text += rng.choice([':', ':bf(x)', ':na'])
    return text


def gen_pattern(rng, first):
    r = rng.random()
    if not first and r < 0.3:
        return '/' + rng.choice(KIND_PATTERNS + [''])
    dev = rng.choice(DEV_PATTERNS)
    r = rng.random()
    if r < 0.5:
        return dev
    if r < 0.55:
        return dev + '/'
    return dev + '/' + rng.choice(KIND_PATTERNS)


def gen_map(rng, names):
    rules = []
    for i in range(rng.randint(1, 5)):
        pats = [gen_pattern(rng, i == 0 and j == 0)
                for j in range(rng.choice([1, 1, 1, 2, 3]))]
        targets = rng.sample(names, rng.randint(1, min(3, len(names))))
        rules.append(','.join(pats) + '=' + ','.join(targets))
    return ';'.join(rules)


def gen_line(rng):
    names = rng.sample(NAMES, rng.randint(1, 4))
    cma = ';'.join(gen_region(rng, n) for n in names)
    cma_map = gen_map(rng, names)
    params = ['cma=' + cma, 'cma_map=' + cma_map]
    r = rng.random()
    if r < 0.06:
        params.append('cma_map=' + gen_map(rng, names))
    elif r < 0.09:
        params.append('cma=' + ';'.join(gen_region(rng, n)
                                        for n in names[:1]))
    elif r < 0.12:
        params.insert(1, 'cma-map=' + gen_map(rng, names))
    elif r < 0.15:
        params[1:1] = ['--']
    elif r < 0.17:
        params[0] = 'cma='
    if rng.random() < 0.3:
        params.insert(0, 'console=ttyS0')
    return ' '.join(params)


def gen_requests(rng):
    reqs = []
    for _ in range(rng.randint(3, 8)):
        dev = rng.choice(DEVICES + [''] if rng.random() < 0.05 else DEVICES)
        kind = rng.choice(KINDS)
        size = rng.choice([1, 1, 2, 4, 8, 32, 300]) * PAGE
        align = rng.choice([0, 0, PAGE])
        reqs.append((dev, kind, size, align))
    return reqs


def model_answers(line, reqs, bits=64):
    """(the rule's region list per request, the allocation answers)."""
    k = model2010.Kernel(bits)
    k.boot(line.encode())
    lists, allocs = [], []
    for dev, kind, size, align in reqs:
        d = dev.encode()
        kd = None if kind is None else kind.encode()
        w = k.where_from(d, kd)
        lists.append(w if w < 0 else
                     [n.decode() for n in k.region_list(w) if n])
        try:
            a = k.cma_alloc(d, kd, size, align)
        except model2010.Oops:
            a = 'oops'
        allocs.append(a if isinstance(a, (int, str)) else a.decode())
    return lists, allocs


def runtime_values(line):
    """The last cma= and cma_map= as cmacc reads a line for libcma."""
    vals = {}
    for word in line.split():
        if word == '--':
            break
        name, eq, value = word.partition('=')
        name = name.replace('-', '_')
        if eq and name in ('cma', 'cma_map'):
            vals[name] = value
    # A parameter left out is read as empty (cmacc warns of it).
    return vals.get('cma', ''), vals.get('cma_map', '')


def cmacc(args, stdin=None):
    p = subprocess.run([CMACC] + args, input=stdin, capture_output=True,
                       text=True)
    return p.returncode, p.stdout, p.stderr


def explain_answers(out):
    answers = []
    for block in out.split('\n\n'):
        if 'fail with -EINVAL' in block:
            answers.append(-model2010.EINVAL)
        elif 'no rule takes it' in block:
            answers.append(-model2010.ENOENT)
        else:
            answers.append(re.findall(r'^  \d+\. (\S+)', block, re.M))
    return answers


def request_text(dev, kind):
    return dev if kind is None else dev + '/' + kind


def run_one(job):
    i, line, reqs, tmp = job
    path = os.path.join(tmp, '%d.cmdline' % i)
    with open(path, 'w') as f:
        f.write(line + '\n')
    res = {'line': line, 'reqs': reqs}
    explains = ['--explain=' + request_text(d, k) for d, k, _, _ in reqs]
    rc, out, err = cmacc(['--target=2010'] + explains + [path])
    res['accepted'] = rc == 0
    res['warnings'] = sorted(set(re.findall(r'\[-W(compat-[a-z-]+)\]', err)))
    if rc:
        return res
    res['explain'] = explain_answers(out)
    rc, out, err = cmacc(['--target=2010', '-Wno-lenient', path])
    res['canon2010'] = out.strip() if rc == 0 else None
    rc, src, err = cmacc(['--target=2010', '-O', 'cma', path])
    rc2, out, err = cmacc(['--target=2010', '-I', 'cma', '-'], src) \
        if rc == 0 else (1, '', '')
    res['source2010'] = out.strip() if rc2 == 0 else None
    if i % 4 == 0:
        rc, out, err = cmacc(['--target=2010-32', '-Wno-lenient', path])
        res['canon32'] = out.strip() if rc == 0 else None
    rc, out, err = cmacc([path])
    res['canon_runtime'] = out.strip() if rc == 0 else None
    table = os.path.join(tmp, '%d.cmat' % i)
    rc, out, err = cmacc(['-O', 'table', '-o', table, path])
    res['table'] = table if rc == 0 else None
    return res


def libcma_batch(jobs):
    """Every context's answers from one run of the driver."""
    script, order = [], []
    for key, how, reqs in jobs:
        script.append(how)
        for dev, kind, size, align in reqs:
            script.append('R\t%s\t%s\t%d\t%d' %
                          (dev, '-' if kind is None else kind, size, align))
        script.append('E')
        order.append((key, len(reqs)))
    p = subprocess.run([ANSWERS], input='\n'.join(script) + '\n',
                       capture_output=True, text=True, check=True)
    lines = p.stdout.split('\n')
    answers, k = {}, 0
    for key, n in order:
        got = lines[k:k + n]
        k += n
        answers[key] = [int(a) if re.fullmatch(r'-\d+', a) else a
                        for a in got]
    return answers


def main():
    rng = random.Random(SEED)
    cases = [(gen_line(rng), gen_requests(rng)) for _ in range(COUNT)]
    failures = []
    with tempfile.TemporaryDirectory() as tmp:
        jobs = [(i, line, reqs, tmp) for i, (line, reqs) in enumerate(cases)]
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 2) as pool:
            results = list(pool.map(run_one, jobs))
        batch = []
        for i, res in enumerate(results):
            if not res['accepted']:
                continue
            cma, cma_map = runtime_values(res['line'])
            batch.append((('line', i), 'L\t%s\t%s' % (cma, cma_map),
                          res['reqs']))
            if res['table']:
                batch.append((('table', i), 'T\t' + res['table'],
                              res['reqs']))
            if res['canon_runtime']:
                cma, cma_map = runtime_values(res['canon_runtime'])
                batch.append((('canon', i), 'L\t%s\t%s' % (cma, cma_map),
                              res['reqs']))
        libcma = libcma_batch(batch)

    accepted = differing = 0
    warned = {}
    for i, res in enumerate(results):
        if not res['accepted']:
            continue
        accepted += 1
        line, reqs = res['line'], res['reqs']
        lists, allocs = model_answers(line, reqs)
        ours = libcma[('line', i)]

        def fail(why):
            failures.append('%s\n    seed %d, case %d: %s' %
                            (why, SEED, i, line))

        if res['table'] is None:
            fail('cmacc -O table failed')
        elif libcma[('table', i)] != ours:
            fail('libcma from the table %s, from the line %s' %
                 (libcma[('table', i)], ours))
        if res['canon_runtime'] is None:
            fail('no canonical line for the runtime')
        elif libcma[('canon', i)] != ours:
            fail('libcma reads the runtime canonical line %r as %s, '
                 'the line as %s' % (res['canon_runtime'],
                                     libcma[('canon', i)], ours))
        for name in ('canon2010', 'source2010'):
            if res[name] is None:
                fail('no %s output' % name)
            elif model_answers(res[name], reqs) != (lists, allocs):
                fail('the 2010 kernel reads %s %r otherwise: %s, not %s' %
                     (name, res[name], model_answers(res[name], reqs),
                      (lists, allocs)))
        # Which checks can explain a difference: the matcher's, or the
        # line's splitting, for a rule; those, or the allocator's, for an
        # answer from the same rule.
        # A 32-bit 2010 kernel: what cmacc lets through for it means there
        # what it means to a 64-bit one, and so does the line it writes.
        if 'canon32' in res:
            m32 = model_answers(line, reqs, 32)
            if res['canon32'] is None:
                pass        # refused: a number the kernel cannot read
            elif m32 != (lists, allocs):
                fail('cmacc --target=2010-32 accepts what a 32-bit kernel '
                     'reads otherwise: %s, not %s' % (m32, (lists, allocs)))
            elif model_answers(res['canon32'], reqs, 32) != m32:
                fail('a 32-bit kernel reads the 2010-32 line %r otherwise' %
                     res['canon32'])
        diff, can = [], set()
        if res['explain'] != lists:
            diff.append('--explain %s, the 2010 code %s' %
                        (res['explain'], lists))
            can = {'compat-kind-prefix', 'compat-cmdline'}
        elif ours != allocs:
            diff.append('libcma %s, the 2010 code %s' % (ours, allocs))
            can = {'compat-allocator', 'compat-cmdline'}
        if diff:
            differing += 1
            for w in res['warnings']:
                warned[w] = warned.get(w, 0) + 1
            if not can & set(res['warnings']):
                fail('a difference no compat-* check warns of (%s): %s' %
                     (', '.join(res['warnings']) or 'no warning',
                      '; '.join(diff)))
    print('%d lines, %d accepted, %d answered otherwise by the 2010 code '
          '(warned: %s); seed %d' %
          (COUNT, accepted, differing,
           ', '.join('%s %d' % kv for kv in sorted(warned.items())) or
           'none', SEED))
    for f in failures[:20]:
        print('FAIL: ' + f)
    if len(failures) > 20:
        print('... and %d more' % (len(failures) - 20))
    # A generator that finds no difference has not tested the checks.
    if accepted < COUNT // 2:
        print('FAIL: too few lines accepted to judge')
        return 1
    if COUNT >= 500 and differing < 10:
        print('FAIL: the generator found too few differences')
        return 1
    return 1 if failures else 0


sys.exit(main())
