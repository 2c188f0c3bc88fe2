# SPDX-License-Identifier: GPL-2.0-or-later
"""An executable model of the 2010 CMA patch's command line and matcher.

Written from the code of "[PATCH 2/4] mm: cma: Contiguous Memory Allocator
added" (20 July 2010), mm/cma.c and mm/cma-best-fit.c, and from the
kernel of its day that it ran in (2.6.35: next_arg() and parse_args() of
kernel/params.c, do_early_param() of init/main.c, memparse() of
lib/cmdline.c, simple_strtoull() of lib/vsprintf.c).  It is kept apart
from cmacc and libcma on purpose: the differential test compares the three.

It works on bytes as that code does: each parameter is copied into its
function's static 512-byte buffer, parsed in place (NULs written over
'=', ';', '(' and ')'), and the tables keep pointers (here offsets) into
those buffers, read when a request comes.  So a second cma= or cma_map=
is parsed over the first, as it was.
"""

PAGE = 4096
MAX_REGIONS = 16
MAX_MAPPINGS = 64
PARAM_LEN = 512

EINVAL, ENOENT, ENOMEM, ENOSPC = 22, 2, 12, 28


class Oops(Exception):
    """The 2010 code would dereference NULL here (cma_bf_alloc())."""


def is_space(c):
    return c in b' \t\n\r\v\f'


def next_arg(args, i):
    """kernel/params.c next_arg(): (param, val or None, next index)."""
    quoted = in_quote = False
    if i < len(args) and args[i:i + 1] == b'"':
        i += 1
        in_quote = quoted = True
    start = i
    equals = 0
    j = 0
    while start + j < len(args):
        c = args[start + j:start + j + 1]
        if is_space(c) and not in_quote:
            break
        if equals == 0 and c == b'=':
            equals = j
        if c == b'"':
            in_quote = not in_quote
        j += 1
    end = start + j
    if not equals:
        param, val = args[start:end], None
    else:
        param = args[start:start + equals]
        vfrom, vend = start + equals + 1, end
        if args[vfrom:vfrom + 1] == b'"':
            vfrom += 1
            if args[end - 1:end] == b'"':
                vend = end - 1
        if quoted and args[end - 1:end] == b'"':
            vend = min(vend, end - 1)
        val = args[vfrom:max(vend, vfrom)]
    nxt = end + 1 if end < len(args) else end
    while nxt < len(args) and is_space(args[nxt:nxt + 1]):
        nxt += 1
    return param, val, nxt


def early_params(line):
    """parse_early_param(): each (name, value) in order; no '--' stop."""
    i = 0
    while i < len(line) and is_space(line[i:i + 1]):
        i += 1
    while i < len(line):
        param, val, i = next_arg(line, i)
        yield param, val


def simple_strtoull(buf, i):
    """lib/vsprintf.c of 2.6.35, base 0: (value mod 2^64, end index)."""
    def at(k):
        return buf[k] if k < len(buf) else 0
    hexd = b'0123456789abcdefABCDEF'
    if at(i) == ord('0'):
        if chr(at(i + 1)).lower() == 'x' and at(i + 2) and at(i + 2) in hexd:
            base = 16
        else:
            base = 8
    else:
        base = 10
    if base == 16 and at(i) == ord('0') and chr(at(i + 1)).lower() == 'x':
        i += 2
    result = 0
    while at(i) and at(i) in hexd:
        c = chr(at(i))
        value = int(c, 16)
        if value >= base:
            break
        result = (result * base + value) & (2**64 - 1)
        i += 1
    return result, i


def memparse(buf, i):
    """lib/cmdline.c memparse() of 2.6.35: K, M and G only."""
    v, i = simple_strtoull(buf, i)
    c = chr(buf[i]) if i < len(buf) else ''
    shift = {'G': 30, 'g': 30, 'M': 20, 'm': 20, 'K': 10, 'k': 10}.get(c)
    if shift is not None:
        v = (v << shift) & (2**64 - 1)
        i += 1
    return v, i


def align(x, a, bits):
    return ((x + a - 1) & ~(a - 1)) & (2**bits - 1)


class Region:
    def __init__(self):
        self.name = None        # offset into the cma= buffer
        self.start = 0
        self.size = 0
        self.free_space = 0
        self.alignment = 0
        self.alloc_name = None  # offset, or None
        self.alloc = None       # 'bf' once cma_init() found it
        self.holes = None       # bf: [start, size] in the by-size order


class Kernel:
    """One boot of a 2010 kernel with CONFIG_CMA and only 'bf'."""

    def __init__(self, bits=64):
        self.bits = bits
        self.ulong_max = 2**bits - 1
        self.cma_buf = bytearray(PARAM_LEN)
        self.map_buf = bytearray(PARAM_LEN)
        self.regions = [Region() for _ in range(MAX_REGIONS + 1)]
        self.cma_map = [None] * (MAX_MAPPINGS + 1)   # offsets or None
        self.chunks = set()

    # -- strings in the static buffers --
    @staticmethod
    def cstr(buf, off):
        end = buf.index(0, off) if 0 in buf[off:] else len(buf)
        return bytes(buf[off:end])

    @staticmethod
    def strlcpy(buf, src):
        n = min(len(src), PARAM_LEN - 1)
        buf[0:n] = src[:n]
        buf[n] = 0

    def boot(self, line):
        for name, val in early_params(line):
            if val is None:
                continue
            if name == b'cma':
                self.cma_param_parse(val)
            elif name == b'cma_map':
                self.cma_map_param_parse(val)
        self.cma_regions_allocate()
        self.cma_init()

    # -- cma= --
    def cma_param_parse_entry(self, p, reg):
        b = self.cma_buf
        def at(k):
            return b[k] if k < PARAM_LEN else 0
        name = p
        eq = b.find(b'=', p, self.strend(b, p))
        if eq < 0 or eq == name:
            return None
        b[eq] = 0
        p = eq + 1
        size, p = memparse(b, p)
        if not size or size > self.ulong_max:
            return None
        start = alignment = 0
        alloc = None
        if at(p) == ord('@'):
            start, p = memparse(b, p + 1)
            if start > self.ulong_max:
                return None
        if at(p) == ord('/'):
            alignment, p = memparse(b, p + 1)
            if alignment > self.ulong_max or alignment & (alignment - 1):
                return None
        if at(p) == ord(':'):
            p += 1
            alloc = p
            while at(p) and at(p) not in b'(;':
                p += 1
            if at(p) == ord('('):
                b[p] = 0
                p += 1
                close = b.find(b')', p, self.strend(b, p))
                if close < 0:
                    return None
                b[close] = 0
                p = close + 1
        if at(p) == ord(';'):
            b[p] = 0
            p += 1
        elif at(p):
            return None
        alignment = align(alignment, PAGE, 64) if alignment else PAGE
        start = align(start, alignment, 64)
        size = align(size, PAGE, 64)
        mask = self.ulong_max
        reg.name = name
        reg.start = start & mask
        reg.size = size & mask
        reg.free_space = size & mask
        reg.alignment = alignment & mask
        reg.alloc_name = alloc if alloc is not None and at(alloc) else None
        return p

    @staticmethod
    def strend(buf, off):
        return buf.index(0, off) if 0 in buf[off:] else len(buf)

    def cma_param_parse(self, val):
        self.strlcpy(self.cma_buf, val)
        left = MAX_REGIONS + 1
        p, i = 0, 0
        while self.cma_buf[p]:
            left -= 1
            if not left:
                return -ENOSPC
            p = self.cma_param_parse_entry(p, self.regions[i])
            if p is None:
                return -EINVAL
            i += 1
        return 0

    # -- cma_map= --
    def cma_map_param_parse(self, val):
        b = self.map_buf
        self.strlcpy(b, val)
        left = MAX_MAPPINGS
        p, spec = 0, 0
        while b[p]:
            if not left:
                return -ENOSPC
            left -= 1
            end = self.strend(b, p)
            e = b.find(b';', p, end)
            if e >= 0:
                b[e] = 0
                end = e
            eq = b.find(b'=', p, end)
            if eq < 0:
                self.cma_map[0] = None
                return -EINVAL
            b[eq] = 0
            self.cma_map[spec] = p
            if e < 0:
                break
            p = e + 1
            spec += 1
        return 0

    # -- boot --
    def cma_regions_allocate(self):
        """Every region is taken as bootmem would give it: at its start,
        or, without one, anywhere (here: past the others)."""
        out = 0
        where = 1 << 30
        for reg in self.regions:
            if not reg.size:
                break
            if not reg.start:
                reg.start = align(where, reg.alignment, 64)
            where = max(where, reg.start + reg.size)
            self.regions[out] = reg
            out += 1
        self.regions[out].size = 0

    def cma_init(self):
        for reg in self.regions:
            if not reg.size:
                break
            name = (None if reg.alloc_name is None
                    else self.cstr(self.cma_buf, reg.alloc_name))
            if name is not None and name != b'bf':
                continue        # "no such allocator"
            reg.alloc = 'bf'
            reg.holes = [[reg.start, reg.size]]

    def region_name(self, reg):
        return self.cstr(self.cma_buf, reg.name)

    def region_find(self, name):
        for reg in self.regions:
            if not reg.start:
                break
            rn = self.region_name(reg)
            if rn == name:
                return reg
        return None

    # -- the matcher, __cma_where_from() --
    def where_from(self, dev, kind):
        """The offset of the matched rule's region list in map_buf, or a
        negative errno."""
        if dev is None or not dev:
            return -EINVAL
        kind = kind or b''
        b = self.map_buf
        def at(k):
            return b[k] if k < PARAM_LEN else 0
        name_matched = False
        for spec in self.cma_map:
            if spec is None:
                break
            s = spec - 1
            state = 'again'
            while True:
                if state == 'again':
                    s += 1
                    if at(s) == ord('/'):
                        if not name_matched:
                            state = 'again_maybe'
                            continue
                        state = 'kind'
                        continue
                    name_matched = False
                    s, r = self.try_match(s, dev)
                    if r:
                        state = r
                        continue
                    name_matched = True
                    if at(s) != ord('/'):
                        if kind:
                            state = 'again_maybe'
                            continue
                        state = 'end'
                        continue
                    state = 'kind'
                    continue
                if state == 'kind':
                    s += 1
                    s, r = self.try_match(s, kind)
                    if r:
                        state = r
                        continue
                    state = 'end'
                    continue
                if state == 'end':
                    if not at(s) or at(s) == ord(','):
                        return s + len(self.cstr(b, s)) + 1
                    state = 'again_maybe'
                    continue
                if state == 'again_maybe':
                    comma = b.find(b',', s, self.strend(b, s))
                    if comma < 0:
                        break
                    s = comma
                    state = 'again'
                    continue
        return -ENOENT

    def try_match(self, s, what):
        """The TRY_MATCH() macro: (s, None) on a match, else where to go."""
        b = self.map_buf
        def at(k):
            return b[k] if k < PARAM_LEN else 0
        c = 0
        while at(s) != ord('*') and c < len(what):
            if at(s) == ord(','):
                return s, 'again'
            if at(s) != ord('?') and what[c] != at(s):
                return s, 'again_maybe'
            c += 1
            s += 1
        if at(s) == ord('*'):
            s += 1
        return s, None

    def region_list(self, off):
        """The names of a rule's list, as __cma_alloc_do() walks it."""
        return self.cstr(self.map_buf, off).split(b',') \
            if self.map_buf[off] else []

    # -- cma_alloc() --
    def cma_alloc(self, dev, kind, size, alignment):
        """The region name that serves the request, or a negative errno."""
        if alignment & (alignment - 1) or not size:
            return -EINVAL
        frm = self.where_from(dev, kind)
        if frm < 0:
            return frm
        for name in self.region_list(frm):
            reg = self.region_find(name)
            if reg is None or reg.alloc is None:
                continue
            if reg.free_space < size:
                continue
            got = self.bf_alloc(reg, size, alignment or 1)
            if got is not None:
                reg.free_space -= size
                self.chunks.add(got)
                return self.region_name(reg)
        return -ENOMEM

    @staticmethod
    def bf_alloc(reg, size, alignment):
        """cma_bf_alloc(): holes in the in-order of the by-size tree, a new
        or resized hole going before those of its size."""
        holes = reg.holes
        first = next((i for i, h in enumerate(holes) if h[1] >= size), None)
        if first is None:
            return None
        start = align(holes[first][0], alignment, 64)
        end = holes[first][0] + holes[first][1]
        if not (start < end and end - start >= size):
            # rb_next() of the NULL the search loop left in 'node'
            raise Oops('cma_bf_alloc() walks on from a NULL node')
        return Kernel.bf_take(holes, first, size, alignment)

    @staticmethod
    def bf_take(holes, i, size, alignment):
        hole = holes[i]
        if size == hole[1]:
            del holes[i]
            return hole[0]
        chunk = align(hole[0], alignment, 64)
        hend = hole[0] + hole[1]
        if chunk != hole[0] and chunk + size != hend:
            left = hend - (chunk + size)
            if left % alignment == 0:
                chunk += left
            else:
                nxt = [chunk + size, hend - (chunk + size)]
                Kernel.insert_by_size(holes, nxt)
                hole[1] = nxt[0] - hole[0]
        if chunk == hole[0]:
            hole[0] += size
        hole[1] -= size
        holes.remove(hole)
        Kernel.insert_by_size(holes, hole)
        return chunk

    @staticmethod
    def insert_by_size(holes, hole):
        k = 0
        while k < len(holes) and holes[k][1] < hole[1]:
            k += 1
        holes.insert(k, hole)
