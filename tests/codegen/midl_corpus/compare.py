#!/usr/bin/env python3
"""Compiles Wine's SDK IDL files with widl and with ucom-idl and compares their vtables.

The corpus is every `*.idl` of the include folder that widl compiles, less the WinRT files
(skipped by rule, listed). For each interface widl declares (a `typedef struct IFooVtbl`),
the slots must be the same as in ucom-idl's JSON description: the same C names in the same
order, inherited slots included, and the same canonical types.

How the types are compared (docs/idl.md, "The MIDL corpus"): a canonical type is computed on
each side in the same small language. widl's side is computed by the C++ compiler: one
generated translation unit includes every widl header (CINTERFACE, so the C vtable structs)
and describes each slot's function-pointer type with templates, after the compiler has
resolved every typedef: integers by size and signedness, `char`, floating types, pointers,
enums (i32), aggregates by kind-independent size and alignment (`agg[16:4]`), interfaces by
name. ucom-idl's side is its JSON `layout` (the canonical text its fingerprint hashes, with
typedefs already resolved by ucom-idl), rewritten into the same language with LP64 sizes.
So spellings never matter (`ULONG` and `unsigned long` and `uint32_t` agree), and what is
compared is what the ABI sees of each slot.

The structs, unions and enums the compared interfaces reach are compared too: each is laid out
by the C compiler with widl's header and with ucom-idl's (`--emit header`), and its size,
alignment and members (name, offset, type) are read from the debugging information of both.

widl and the IDL files are the ones scripts/fetch-midl-corpus.sh unpacked under --root, else
the installed ones (Debian: wine64-tools and libwine-dev).

Exit status: 0 when the figures reach --min-files, --min-identical and --min-aggregates, 1 below them,
77 (the ctest skip code) when widl or the IDL folder is missing (1 with --require).
"""

import argparse
import concurrent.futures
import json
import os
import re
import shutil
import subprocess
import sys
import time

SKIP = 77
WINRT_RULE = re.compile(r'^\s*(namespace|runtimeclass|apicontract)\b|^\s*#\s*pragma\s+winrt\b', re.M)


def run(command, timeout=120):
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout, errors='replace')
        return done.returncode, done.stdout + done.stderr
    except subprocess.TimeoutExpired:
        return -1, 'timed out after %d s' % timeout


# ---- widl's side ----------------------------------------------------------------------

WIDL_IID = re.compile(r'DEFINE_GUID\(IID_(\w+),' + r'\s*0x([0-9a-fA-F]+),' * 10 + r'\s*0x([0-9a-fA-F]+)\)')
VTBL = re.compile(r'typedef struct (\w+)Vtbl \{(.*?)\} \1Vtbl;', re.S)
# A slot starts a line indented once; a function-pointer parameter inside it is indented more.
SLOT = re.compile(r'^    \S[^\n]*\((?:STDMETHODCALLTYPE|__stdcall|WINAPI) \*(\w+)\)\(', re.M)  # msdasc.idl writes __stdcall


def widl_interfaces(header_text):
    """{name: [slot names]} for each vtable widl wrote, less dispinterfaces."""
    dispinterfaces = set(re.findall(r'#ifndef __(\w+)_DISPINTERFACE_DEFINED__', header_text))
    out = {}
    for name, body in VTBL.findall(header_text):
        if name not in dispinterfaces:
            out[name] = SLOT.findall(body)
    return out


DIE = re.compile(r'^\s*<(\d+)><([0-9a-f]+)>: Abbrev Number: \d+ \((DW_TAG_\w+)\)')
ATTRIBUTE = re.compile(r'^\s*<[0-9a-f]+>\s+(DW_AT_\w+)\s*:\s*(.*)$')


def read_dwarf(text):
    """{offset: die} from `readelf --debug-dump=info`; a die is a dict of its tag, its
    attributes and its children's offsets."""
    dies, parents = {}, []
    current = None
    for line in text.splitlines():
        m = DIE.match(line)
        if m:
            depth, offset, tag = int(m.group(1)), int(m.group(2), 16), m.group(3)
            current = {'tag': tag, 'children': []}
            dies[offset] = current
            del parents[depth:]
            if parents:
                dies[parents[-1]]['children'].append(offset)
            parents.append(offset)
            continue
        m = ATTRIBUTE.match(line)
        if m and current is not None:
            name, value = m.groups()
            if name == 'DW_AT_name':
                value = value.rsplit(': ', 1)[-1].strip() if value.startswith('(') else value.strip()
            current[name] = value.strip()
    return dies


def reference(value):
    return int(value.strip('<>'), 16)


GENERATED_TAG = re.compile(r'__WIDL_\w+_generated_name_|ucom_anonymous_')


def layout_alignment(size, placed, natural):
    """An aggregate's alignment where DWARF records none (the header declares none): the
    largest power of two up to its members' natural one that its size and every member's
    offset allow (so a struct under `#pragma pack` gets a smaller one). `placed`: [(bit
    offset, member alignment)]."""
    align = natural
    while align > 1 and (size % align or any(offset % (8 * min(a, align)) for offset, a in placed)):
        align //= 2
    return align


class dwarf_types:
    """Canonical texts of the types the C compiler saw in widl's headers (and the layouts of
    the aggregates it saw there or in ucom-idl's)."""

    def __init__(self, dies, interface_names, iids):
        self.dies, self.interface_names, self.iids = dies, interface_names, iids
        self.known = {}

    def die(self, offset):
        return self.dies[offset]

    def strip(self, offset):
        """Typedefs, const and volatile looked through."""
        while offset is not None:
            d = self.die(offset)
            if d['tag'] not in ('DW_TAG_typedef', 'DW_TAG_const_type', 'DW_TAG_volatile_type'):
                return offset
            offset = reference(d['DW_AT_type']) if 'DW_AT_type' in d else None
        return None

    def describe(self, offset, depth=0):
        """(canonical text, size, align)."""
        offset = self.strip(offset)
        if offset is None:
            return 'void', 0, 1
        if offset not in self.known:
            self.known[offset] = self.describe_die(offset, depth)
        return self.known[offset]

    def describe_die(self, offset, depth):
        d = self.die(offset)
        tag = d['tag']
        if depth > 40:
            return '?', 0, 1
        if tag == 'DW_TAG_base_type':
            size = int(d['DW_AT_byte_size'])
            encoding = d.get('DW_AT_encoding', '')
            if 'float' in encoding:
                return 'f%d' % (8 * size), size, size
            if d.get('DW_AT_name') == 'char':
                return 'char', 1, 1
            signed = 'unsigned' not in encoding and 'boolean' not in encoding
            return ('i' if signed else 'u') + str(8 * size), size, size
        if tag == 'DW_TAG_enumeration_type':
            size = int(d.get('DW_AT_byte_size', 4))
            return 'i%d' % (8 * size), size, size
        if tag in ('DW_TAG_pointer_type', 'DW_TAG_reference_type'):  # REFIID is a reference in C++
            target = reference(d['DW_AT_type']) if 'DW_AT_type' in d else None
            return 'ptr(%s)' % self.describe(target, depth + 1)[0], 8, 8
        if tag == 'DW_TAG_subroutine_type':
            params = [self.describe(reference(self.die(c)['DW_AT_type']), depth + 1)[0]
                      for c in d['children'] if self.die(c)['tag'] == 'DW_TAG_formal_parameter']
            result = self.describe(reference(d['DW_AT_type']) if 'DW_AT_type' in d else None, depth + 1)[0]
            return 'fn(%s)->%s' % (','.join(params), result), 8, 8
        if tag == 'DW_TAG_array_type':
            element, size, align = self.describe(reference(d['DW_AT_type']), depth + 1)
            for c in d['children']:
                bound = self.die(c).get('DW_AT_upper_bound')
                count = int(bound) + 1 if bound is not None and bound.isdigit() else 0
                element, size = element + '[%s]' % (count or ''), size * count
            return element, size, align
        if tag in ('DW_TAG_structure_type', 'DW_TAG_union_type'):
            name = d.get('DW_AT_name')
            if name in self.interface_names:
                return 'itf ' + self.iids.get(name, name), 0, 1
            members = [self.die(c) for c in d['children'] if self.die(c)['tag'] == 'DW_TAG_member']
            if [m.get('DW_AT_name') for m in members] == ['lpVtbl']:
                return 'itf ' + self.iids.get(name, name or '?'), 0, 1  # an interface of a C header (d3d9.h)
            if 'DW_AT_declaration' in d or 'DW_AT_byte_size' not in d:
                return 'agg[incomplete]', 0, 1
            size, align = int(d['DW_AT_byte_size']), self.alignment(offset)
            if len(members) == 1 and self.describe(reference(members[0]['DW_AT_type']), depth + 1)[0] == 'i32':
                return HANDLE, size, align
            return 'agg[%d:%d]' % (size, align), size, align
        return '?' + tag, 0, 1

    def alignment(self, offset):
        """The alignment of a type (LP64: a pointer's is 8, whatever it points to)."""
        d = self.die(self.strip(offset)) if self.strip(offset) is not None else {'tag': 'void'}
        if d['tag'] in ('DW_TAG_pointer_type', 'DW_TAG_subroutine_type'):
            return 8
        if d['tag'] in ('DW_TAG_base_type', 'DW_TAG_enumeration_type'):
            return int(d.get('DW_AT_byte_size', 4))
        if d['tag'] == 'DW_TAG_array_type':
            return self.alignment(reference(d['DW_AT_type']))
        if d['tag'] in ('DW_TAG_structure_type', 'DW_TAG_union_type'):
            members = [self.die(c) for c in d['children']
                       if self.die(c)['tag'] == 'DW_TAG_member' and 'DW_AT_type' in self.die(c)]
            aligns = [self.alignment(reference(m['DW_AT_type'])) for m in members]
            size = int(d.get('DW_AT_byte_size', '0') or 0)
            placed = [(8 * int(m.get('DW_AT_data_member_location', '0') or 0), a) for m, a in zip(members, aligns)]
            return layout_alignment(size, placed, max(aligns or [1]))
        return 1

    def slots(self, vtable):
        """[(slot name, canonical text)] of a vtable struct's die."""
        out = []
        for c in vtable['children']:
            member = self.die(c)
            pointer = self.die(self.strip(reference(member['DW_AT_type'])))
            fn = self.die(self.strip(reference(pointer['DW_AT_type'])))
            params = [self.die(p) for p in fn['children']]
            params = [self.describe(reference(p['DW_AT_type']))[0] for p in params
                      if p['tag'] == 'DW_TAG_formal_parameter'][1:]  # after This
            result = self.describe(reference(fn['DW_AT_type']) if 'DW_AT_type' in fn else None)[0]
            out.append((member.get('DW_AT_name'), '(%s)->%s' % (','.join(params), result)))
        return out

    def aggregates(self, vtable, records):
        """The names of the structs, unions and enums a vtable reaches (through parameters,
        results, pointers, arrays, members and function pointers; not into interfaces), each
        laid out as the C compiler did into `records` ({name: layout}, the first one kept)."""
        reached, visited = set(), set()
        for c in vtable['children']:
            member = self.die(c)
            if 'DW_AT_type' in member:
                self.reach(reference(member['DW_AT_type']), None, records, reached, visited)
        return reached

    def reach(self, offset, hint, records, reached, visited):
        typedef = None
        while offset is not None:  # the typedef nearest to the type names an untagged one
            d = self.die(offset)
            if d['tag'] == 'DW_TAG_typedef':
                typedef = d.get('DW_AT_name')
            elif d['tag'] not in ('DW_TAG_const_type', 'DW_TAG_volatile_type'):
                break
            offset = reference(d['DW_AT_type']) if 'DW_AT_type' in d else None
        if offset is None or offset in visited:
            return
        visited.add(offset)
        d = self.die(offset)
        tag = d['tag']
        tag_name = d.get('DW_AT_name')
        if tag_name and GENERATED_TAG.match(tag_name):
            tag_name = None  # each compiler's name for an anonymous one: `typedef enum {…} X;`
        name = tag_name or typedef or hint or '?'
        if tag in ('DW_TAG_pointer_type', 'DW_TAG_reference_type', 'DW_TAG_array_type'):
            if 'DW_AT_type' in d:
                self.reach(reference(d['DW_AT_type']), hint if tag == 'DW_TAG_array_type' else None,
                           records, reached, visited)
        elif tag == 'DW_TAG_subroutine_type':
            for c in [offset] + d['children']:
                if 'DW_AT_type' in self.die(c):
                    self.reach(reference(self.die(c)['DW_AT_type']), None, records, reached, visited)
        elif tag == 'DW_TAG_enumeration_type':
            key = 'enum ' + name
            reached.add(key)
            size = int(d.get('DW_AT_byte_size', 4))
            records.setdefault(key, (size, size, ()))
        elif tag in ('DW_TAG_structure_type', 'DW_TAG_union_type'):
            canonical = self.describe(offset)[0]
            if canonical.startswith('itf ') or canonical in (HANDLE, 'agg[incomplete]'):
                return  # an interface, an opaque handle, a struct only declared: no layout here
            key = ('struct ' if tag == 'DW_TAG_structure_type' else 'union ') + name
            reached.add(key)
            members, placed = [], []
            for i, c in enumerate(c for c in d['children'] if self.die(c)['tag'] == 'DW_TAG_member'):
                m = self.die(c)
                if 'DW_AT_external' in m or 'DW_AT_declaration' in m or 'DW_AT_type' not in m:
                    continue  # a C++ static member
                if 'DW_AT_data_bit_offset' in m:
                    bit_offset = int(m['DW_AT_data_bit_offset'])
                else:
                    bit_offset = 8 * int(m.get('DW_AT_data_member_location', '0').split()[-1].strip(')'))
                member_name = m.get('DW_AT_name', '')
                if 'DW_AT_bit_size' not in m:
                    placed.append((bit_offset, self.alignment(reference(m['DW_AT_type']))))
                members.append((member_name or '#%d' % i, bit_offset, m.get('DW_AT_bit_size'),
                                self.describe(reference(m['DW_AT_type']))[0]))
                self.reach(reference(m['DW_AT_type']), '%s.%s' % (name, member_name or '#%d' % i),
                           records, reached, visited)
            size = int(d['DW_AT_byte_size'])
            align = (int(d['DW_AT_alignment']) if 'DW_AT_alignment' in d  # where the header gives one
                     else layout_alignment(size, placed, self.alignment(offset)))
            records.setdefault(key, (size, align, tuple(members)))

    def vtables(self):
        """{vtable struct name: die} of the complete structs named *Vtbl."""
        return {d['DW_AT_name']: d for d in self.dies.values()
                if d['tag'] == 'DW_TAG_structure_type' and d.get('DW_AT_name', '').endswith('Vtbl')
                and 'DW_AT_byte_size' in d}

    def vtables_of(self, files, interfaces):
        """[(interface, its vtable struct's die)] of the files' interfaces that the unit declares."""
        vtables = self.vtables()
        return [(name, vtables[name + 'Vtbl']) for f in files for name in interfaces[f] if name + 'Vtbl' in vtables]


# What widl's headers expect their includer to have included first. A file that does not
# compile with the others is tried alone with more (strmif.h, which some headers repeat in
# part, cannot come first for every file), then as C++ (a cpp_quote with C++ in it), and with
# forward declarations of the interfaces the compiler reports unknown.
PRELUDE = ['windows.h', 'commctrl.h', 'd3d9.h', 'ddraw.h']
ALONE = [(PRELUDE + ['strmif.h'], 'c'), (PRELUDE, 'c'), (PRELUDE + ['strmif.h'], 'c++'), ([], 'c')]
# Wine's C headers name the unions and structs they would leave anonymous (DUMMYUNIONNAME is
# `u`), as some of Wine's IDL requires of ucom-idl's headers (`_STGMEDIUM_UNION`); on both sides,
# so that members have the same names.
NAMELESS = '#define NONAMELESSUNION\n#define NONAMELESSSTRUCT'
UNKNOWN_TYPE = re.compile(r"unknown type name '(\w+)'|'(\w+)' does not name a type|error: '(\w+)' has not been declared")


def probe_lines(defines, prelude, forward, files, interfaces):
    """A C file that includes the files' headers after `prelude`, declares the interfaces of
    `forward`, and names each interface's vtable struct, so its debugging information has them."""
    lines = defines + ['#include <%s>' % h for h in prelude]
    lines += ['typedef struct %s %s;' % (name, name) for name in sorted(forward)]
    lines += ['#include "%s.h"' % f for f in files]
    return lines + ['struct %sVtbl *probe_%s;' % (name, name) for f in files for name in interfaces[f]]


def compile_probe(work, side, files, lines, language, include_dirs, cc):
    """Compiles a generated C (or C++) file with debugging information: (readelf's dump of it
    or None, the compiler's output)."""
    tag = '%s_%d_%s_%s' % (side, len(files), files[0].replace('.', '_'), language.replace('+', 'x'))
    source = os.path.join(work, 'probe_%s.%s' % (tag, 'c' if language == 'c' else 'cpp'))
    with open(source, 'w') as out:
        out.write('\n'.join(lines) + '\n')
    compiler = cc if language == 'c' else re.sub(r'gcc$', 'g++', cc)
    status, text = run([compiler, '-std=gnu11' if language == 'c' else '-std=gnu++17', '-g', '-c', '-w']
                       + [flag for d in include_dirs for flag in ('-I', d)] + [source, '-o', source + '.o'],
                       timeout=600)
    if status != 0:
        return None, text
    status, dump = run(['readelf', '--debug-dump=info', source + '.o'], timeout=600)
    return (dump if status == 0 else None), dump


def compile_alone(compile_unit, files, names, variants, first_error):
    """A file that does not compile with the others, tried with each (prelude, language) of
    `variants`, declaring the interfaces the compiler reports unknown: (files, dump or None,
    the first error)."""
    for prelude, language in variants:
        forward = set()
        for _ in range(3):
            text, error = compile_unit(files, prelude, language, forward)
            unknown = {n for m in UNKNOWN_TYPE.findall(error.replace('\u2018', "'").replace('\u2019', "'"))
                       for n in m if n in names} - forward
            if text is not None or not unknown:
                break
            forward |= unknown
        if text is not None:
            return files, text, error
    return files, None, first_error or error


def compile_split(headers, build, take):
    """Builds all headers in one unit, halving a unit that does not compile down to single
    files; `build(files)` gives (files, dump or None, error), `take(files, dump)` reads a
    dump. Returns {file: [its first error]} of the files that do not compile alone."""
    broken = {}
    pending = [headers]
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        while pending:
            results = list(pool.map(build, pending))
            pending = []
            for files, text, error in results:
                if text is not None:
                    take(files, text)
                elif len(files) == 1:
                    broken[files[0]] = [line for line in error.splitlines() if 'error' in line][:1]
                else:
                    pending += [files[:len(files) // 2], files[len(files) // 2:]]
    return broken


def widl_types(work, headers, interfaces, include_dir, cc, known_interfaces, iids):
    """{(interface, slot index): canonical text} computed from the debugging information the C
    compiler writes for widl's headers (their C vtable structs), the files whose headers do
    not compile, with their first error, and the aggregates each interface reaches
    (dwarf_types.aggregates: {name: layout}, {interface: {names}}).

    One C file for the whole corpus, split where headers cannot be included together."""
    names = {name for f in headers for name in interfaces[f]} | known_interfaces

    def compile_unit(files, prelude, language, forward):
        lines = probe_lines(['#define COBJMACROS', '#define CINTERFACE', NAMELESS], prelude, forward, files, interfaces)
        return compile_probe(work, 'widl', files, lines, language, [os.path.join(work, 'widl'), include_dir], cc)

    def build(files):
        text, error = compile_unit(files, PRELUDE, 'c', set())
        if text is not None or len(files) > 1:
            return files, text, error
        return compile_alone(compile_unit, files, names, ALONE, error)

    types, records, reached = {}, {}, {}

    def take(files, text):
        reader = dwarf_types(read_dwarf(text), names, iids)
        for name, vtable in reader.vtables_of(files, interfaces):
            # By position: windows.h renames some (GetObject is GetObjectW).
            for index, (_, slot_text) in enumerate(reader.slots(vtable)):
                types[(name, index)] = slot_text
            reached[name] = reader.aggregates(vtable, records)

    broken = compile_split(headers, build, take)
    return types, broken, records, reached


def wine_c_headers(work, idl_dir, replaced):
    """A folder of links to the C headers of Wine's IDL folder, less the headers widl wrote
    there of the IDL files in `replaced`: a C header that includes one (d3d10misc.h includes
    "d3d10.h", looked up first beside itself) finds ucom-idl's instead."""
    folder = os.path.join(work, 'wine_c')
    os.makedirs(folder)
    for entry in os.listdir(idl_dir):
        if not (entry.endswith('.h') and entry[:-2] in replaced):
            os.symlink(os.path.join(os.path.abspath(idl_dir), entry), os.path.join(folder, entry))
    return folder


# ucom-idl's header of an IDL file declares its GUIDs with a macro of ucom's own wtypes.h,
# which Wine's wtypes.idl replaces here: the probe defines it as ucom's does for C.
UCOM_GUID_MACRO = ('#define UCOM_GUID_DECLARATION(name, l, w1, w2, b1, b2, b3, b4, b5, b6, b7, b8) '
                   'extern const GUID name')


def ucom_aggregates(work, stems, interfaces, idl_dir, ucom_idl, include_dirs, cc, names, iids):
    """The layouts of the aggregates in ucom-idl's C headers ({name: layout}, as
    dwarf_types.aggregates), from the C compiler's debugging information, and the files
    whose header does not compile, with their first error.

    Like widl's, ucom-idl's headers of Wine's IDL include Wine's C headers (basetsd.h,
    guiddef.h, and windows.h for the winnt.h types Wine's IDL declares only inside `#if 0`),
    which include widl's headers of some IDL files: those are ucom-idl's here."""
    records = {}
    out_dir = os.path.join(work, 'ucom')

    def header(stem):
        _, output = run([ucom_idl, '--emit', 'header', '-o', out_dir, '-I', idl_dir, os.path.join(idl_dir, stem + '.idl')])
        return stem, sanitizer_report(output)

    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 2) as pool:
        sanitized = [(stem, report) for stem, report in pool.map(header, stems) if report]
    include_dirs = [out_dir, wine_c_headers(work, idl_dir, set(stems))] + include_dirs

    def compile_unit(files, prelude, language, forward):
        lines = probe_lines([NAMELESS, UCOM_GUID_MACRO], prelude, forward, files, interfaces)
        return compile_probe(work, 'ucom', files, lines, language, include_dirs, cc)

    def take(files, text):
        reader = dwarf_types(read_dwarf(text), names, iids)
        for _, vtable in reader.vtables_of(files, interfaces):
            reader.aggregates(vtable, records)

    # All headers in one unit; the headers the compiler names in its errors, and those that
    # include them, are taken out and tried alone (halving the unit instead, as for widl's,
    # costs a compilation of hundreds of headers per step).
    includers = {}
    for stem in stems:
        with open(os.path.join(out_dir, stem + '.h'), errors='replace') as f:
            for included in re.findall(r'^#include "(\w+)\.h"', f.read(), re.M):
                includers.setdefault(included, set()).add(stem)
    in_error = re.compile(re.escape(os.path.join(out_dir, '')) + r'(\w+)\.h:\d+:\d+: (?:fatal )?error')
    together, alone, broken = list(stems), [], {}
    for _ in range(4):
        text, error = compile_unit(together, PRELUDE, 'c', set())
        if text is not None:
            take(together, text)
            together = []
            break
        out, pending = set(), [s for s in in_error.findall(error) if s in together]
        if not pending:
            break
        while pending:
            stem = pending.pop()
            if stem not in out:
                out.add(stem)
                pending += includers.get(stem, ())
        alone += [s for s in together if s in out]
        together = [s for s in together if s not in out]
    if together:  # errors the compiler gives in no header of ucom-idl's

        def build(files):
            return (files,) + compile_unit(files, PRELUDE, 'c', set())
        broken.update(compile_split(together, build, take))
    with concurrent.futures.ThreadPoolExecutor(2) as pool:
        for files, text, error in pool.map(lambda stem: compile_alone(compile_unit, [stem], names, UCOM_ALONE, ''),
                                           alone):
            if text is not None:
                take(files, text)
            else:
                broken[files[0]] = [line for line in error.splitlines() if 'error' in line][:1]
    return records, broken, sanitized


# How a ucom-idl header that does not compile with the others is tried alone.
UCOM_ALONE = [(PRELUDE, 'c'), (PRELUDE + ['strmif.h'], 'c')]


# ---- ucom-idl's side -------------------------------------------------------------------

# A struct whose only member is an int: DECLARE_HANDLE's opaque handles (`struct HWND__ {
# int unused; } *`), which Wine's IDL declares as `void *` or as that struct, alike.
HANDLE = 'handle'

SIZES = {'u8': 1, 'i8': 1, 'char': 1, 'u16': 2, 'i16': 2, 'u32': 4, 'i32': 4, 'f32': 4,
         'u64': 8, 'i64': 8, 'f64': 8, 'iptr': 8, 'uptr': 8}
RENAMED = {'iptr': 'i64', 'uptr': 'u64'}


class layout_type:
    """One type of ucom-idl's canonical layout text, parsed: its canonical text for the
    comparison and its LP64 size and alignment."""

    def __init__(self, text, iid_names, stack=()):
        self.text, self.iid_names, self.stack = text, iid_names, stack

    def parse(self, at=0):
        """(canonical, size, align, next position) of the type starting at `at`."""
        s = self.text
        m = re.compile(r'ptr\(|struct\^\d+|union\^\d+|struct\{|union\{|itf [0-9A-F-]{36}|dispinterface \w+|'
                       r'fn\(|\w+').match(s, at)
        if m is None:
            raise ValueError('cannot read layout type at %r' % s[at:])
        word, at = m.group(0), m.end()
        pack = 0
        if re.fullmatch(r'pack\d+', word) and s.startswith(' ', at):  # `pack1 struct{…}`: C packs it
            pack = int(word[4:])
            m = re.compile(r'struct\{|union\{').match(s, at + 1)
            if m is None:
                raise ValueError('cannot read layout type at %r' % s[at:])
            word, at = m.group(0), m.end()
        if word == 'ptr(':
            inner, _, _, at = self.parse(at)
            at = self.expect(at, ')')
            out = ('ptr(%s)' % inner, 8, 8)
        elif word in ('struct{', 'union{'):
            frame = [None]  # filled when the aggregate is known, for struct^N inside it
            members, at = self.parse_list(at, '}', frame)
            size, align = aggregate_size(members, word == 'union{', pack)
            frame[0] = (size, align)
            if not members:  # a struct only declared (`struct X;`): its layout is unknown here
                out = ('agg[incomplete]', 0, 1)
            elif word == 'struct{' and [m[0] for m in members] == ['i32']:
                out = (HANDLE, size, align)
            else:
                out = ('agg[%d:%d]' % (size, align), size, align)
        elif word.startswith(('struct^', 'union^')):
            n = int(word.split('^')[1])
            known = self.stack[-n][0] if n <= len(self.stack) else None
            out = ('agg[%d:%d]' % known if known else 'agg[incomplete]', 0, 1)
        elif word.startswith('itf '):
            out = (word, 0, 1)  # by IID: two names may share one (IMFAsyncCallback, IRtwqAsyncCallback)
        elif word == 'itf':  # an interface ucom-idl saw only declared: its IID from widl's headers
            name = re.compile(r' (\w+)').match(s, at)
            at = name.end()
            out = ('itf ' + self.iid_names.get(name.group(1), name.group(1)), 0, 1)
        elif word.startswith('dispinterface '):
            out = ('itf ' + word.split(' ', 1)[1], 0, 1)
        elif word == 'fn(':
            params, at = self.parse_list(at, ')', None)
            at = self.expect(at, '->')
            result, _, _, at = self.parse(at)
            out = ('fn(%s)->%s' % (','.join(p[0] for p in params), result), 8, 8)
        elif word == 'void':
            out = ('void', 0, 1)
        elif word in SIZES:
            out = (RENAMED.get(word, word), SIZES[word], SIZES[word])
        else:
            raise ValueError('unknown layout word %r' % word)
        canonical, size, align = out
        while s.startswith('[', at):  # arrays, applied from the inside out
            end = s.index(']', at)
            count = s[at + 1:end]
            at = end + 1
            canonical += '[%s]' % count
            size = size * int(count or 1)  # a conformant member `T a[]` is `T a[1]` in C, as MIDL's
        return canonical, size, align, at

    def parse_list(self, at, close, frame):
        items = []
        inner = layout_type(self.text, self.iid_names, self.stack + ((frame or [None]),))
        while not self.text.startswith(close, at):
            canonical, size, align, at = inner.parse(at)
            bits = BIT_FIELD.match(self.text, at)  # a bit field's width: `u32:3`
            if bits:
                at = bits.end()
            items.append((canonical, size, align, int(bits.group(1)) if bits else None))
            if self.text.startswith(',', at):
                at += 1
        return items, at + len(close)

    def expect(self, at, word):
        if not self.text.startswith(word, at):
            raise ValueError('expected %r at %r' % (word, self.text[at:]))
        return at + len(word)


BIT_FIELD = re.compile(r':(\d+)')


def aggregate_size(members, is_union, pack=0):
    """LP64 size and alignment of a struct or union, bit fields laid out as the SysV ABI
    does: each in the next bits, unless it would cross a boundary of its type's size; with
    `#pragma pack(N)` (pack) no member aligned to more than N."""
    bits_used, align = 0, 1
    for _, member_size, member_align, width in members:
        if pack:
            member_align = min(member_align, pack)
        align = max(align, member_align)
        if width is None:
            first_free_byte = -(-bits_used // 8)
            start = 0 if is_union else -(-first_free_byte // member_align) * member_align
            end = (start + member_size) * 8
        else:
            unit = member_size * 8
            start = 0 if is_union else bits_used
            if start % unit + width > unit:
                start = -(-start // unit) * unit
            end = start + width
        bits_used = max(bits_used, end) if is_union else end
    size = -(-bits_used // 8)
    return (size + align - 1) // align * align, align


def decay(canonical):
    """A parameter declared as an array is a pointer in C."""
    m = re.fullmatch(r'(.*)\[\d*\]', canonical)
    return 'ptr(%s)' % m.group(1) if m else canonical


LAYOUT_SLOT = re.compile(r'slot (\d+) (\w+)\((.*)\) -> (.*)$')


def ucom_slots(layout, iids):
    """[(C name, canonical text)] of an interface's whole vtable, from its JSON layout."""
    slots = []
    for line in layout:
        m = LAYOUT_SLOT.match(line)
        if not m:
            continue
        _, name, params, result = m.groups()
        texts = []
        at = 0
        while at < len(params):
            direction_end = params.index(' ', at)
            canonical, _, _, at = layout_type(params, iids).parse(direction_end + 1)
            texts.append(decay(canonical))
            at = at + 2 if params.startswith(', ', at) else at
        result_text = layout_type(result, iids).parse()[0]
        slots.append((name, '(%s)->%s' % (','.join(texts), result_text)))
    return slots


SANITIZER = re.compile(r'^.*(?:ERROR: \w+Sanitizer|runtime error:).*$', re.M)


def sanitizer_report(output):
    """The first line of a sanitizer's report in a process's output (the asan build), or None."""
    m = SANITIZER.search(output)
    return m.group(0).strip() if m else None


def first_error(output):
    for line in output.splitlines():
        if ': error: ' in line:
            return line
    return output.strip().splitlines()[0] if output.strip() else '(no message)'


def error_cause(line):
    """The message of an error without its place, names and numbers: a cause to count."""
    message = line.split(': error: ', 1)[-1]
    message = re.sub(r"'[^']*'", "'…'", message)
    return re.sub(r'\b\d+\b', 'N', message)


# ---- the run ---------------------------------------------------------------------------

WIDL = '/usr/lib/wine/widl'
IDL_DIR = '/usr/include/wine/wine/windows'


def corpus_tools(args):
    """(widl, IDL folder): those given, else the unpacked ones under --root, else the
    installed ones; None when either is missing."""
    for root in ([args.root] if args.root else []) + ['/']:
        widl = args.widl or os.path.join(root, WIDL.lstrip('/'))
        include_dir = args.include_dir or os.path.join(root, IDL_DIR.lstrip('/'))
        if os.access(widl, os.X_OK) and os.path.isdir(include_dir):
            return widl, include_dir
    return None


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--root', help='where scripts/fetch-midl-corpus.sh unpacked the two packages; '
                        'its widl and IDL folder are used first, then the installed ones')
    parser.add_argument('--widl', help='widl (default: ROOT%s, then %s)' % (WIDL, WIDL))
    parser.add_argument('--ucom-idl', required=True)
    parser.add_argument('--include-dir', help='the IDL folder (default: ROOT%s, then %s)' % (IDL_DIR, IDL_DIR))
    parser.add_argument('--require', action='store_true', default=os.environ.get('UCOM_REQUIRE_MIDL_CORPUS') == '1',
                        help='fail instead of skipping when widl or the IDL folder is missing '
                        '(default: set by the environment variable UCOM_REQUIRE_MIDL_CORPUS=1, as CI does)')
    parser.add_argument('--work-dir', required=True)
    parser.add_argument('--cc', default='gcc')
    parser.add_argument('--jobs', type=int, default=os.cpu_count() or 2)
    parser.add_argument('--min-files', type=int, default=0, help='fail below this many files compiled')
    parser.add_argument('--min-identical', type=int, default=0, help='fail below this many identical interfaces')
    parser.add_argument('--ucom-include', action='append', default=[], metavar='DIR',
                        help="what ucom-idl's C headers include: runtime/include and the generated base headers")
    parser.add_argument('--min-aggregates', type=int, default=0,
                        help='fail below this many structs, unions and enums laid out identically')
    parser.add_argument('--show', type=int, default=15, help='how many differences and errors to print')
    parser.add_argument('--list', action='store_true', help='print every file with its outcome')
    args = parser.parse_args()

    found = corpus_tools(args)
    if found is None:
        print('%s: needs widl (Debian: wine64-tools) and the IDL folder (libwine-dev), neither installed '
              '(%s, %s) nor unpacked in %s; scripts/fetch-midl-corpus.sh downloads them without installing Wine'
              % ('FAILED' if args.require else 'SKIPPED', WIDL, IDL_DIR, args.root or '(no --root)'))
        return 1 if args.require else SKIP
    args.widl, args.include_dir = found
    print('widl: %s, IDL files: %s' % found)
    work = args.work_dir
    shutil.rmtree(work, ignore_errors=True)
    for sub in ('widl', 'ucom'):
        os.makedirs(os.path.join(work, sub))

    files, winrt = [], []
    for entry in sorted(os.listdir(args.include_dir)):
        if entry.endswith('.idl'):
            with open(os.path.join(args.include_dir, entry), errors='replace') as f:
                (winrt if WINRT_RULE.search(f.read()) else files).append(entry[:-4])

    def compile_both(stem):
        source = os.path.join(args.include_dir, stem + '.idl')
        started = time.monotonic()
        widl_status, _ = run([args.widl, '-h', '-o', os.path.join(work, 'widl', stem + '.h'),
                              '-I', args.include_dir, source])
        widl_time = time.monotonic() - started
        if widl_status != 0:
            return stem, False, None, widl_time, 0.0, None
        started = time.monotonic()
        status, output = run([args.ucom_idl, '--emit', 'json', '-o', os.path.join(work, 'ucom'),
                              '-I', args.include_dir, source])
        return (stem, True, (None if status == 0 else first_error(output)), widl_time, time.monotonic() - started,
                sanitizer_report(output))

    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        outcomes = list(pool.map(compile_both, files))
    corpus = [o for o in outcomes if o[1]]
    sanitized = [(o[0], o[5]) for o in outcomes if o[5]]
    widl_refused = [o[0] for o in outcomes if not o[1]]
    failed = {o[0]: o[2] for o in corpus if o[2] is not None}
    widl_seconds = sum(o[3] for o in corpus)
    ucom_seconds = sum(o[4] for o in corpus)

    interfaces, declared, iids = {}, set(), {}
    for stem, *_ in corpus:
        with open(os.path.join(work, 'widl', stem + '.h'), errors='replace') as f:
            text = f.read()
        interfaces[stem] = widl_interfaces(text)
        declared |= set(re.findall(r'#ifndef __(\w+)_FWD_DEFINED__', text))  # forward declarations too
        for name, *parts in WIDL_IID.findall(text):
            iids[name] = '%08X-%04X-%04X-%s-%s' % (int(parts[0], 16), int(parts[1], 16), int(parts[2], 16),
                                                  ''.join('%02X' % int(b, 16) for b in parts[3:5]),
                                                  ''.join('%02X' % int(b, 16) for b in parts[5:]))
    stems = [o[0] for o in corpus]
    types, broken, widl_records, reached = widl_types(work, stems, interfaces, args.include_dir, args.cc,
                                                      declared, iids)

    descriptions = {}
    for stem in stems:
        if stem in failed:
            continue
        with open(os.path.join(work, 'ucom', stem + '.json')) as f:
            descriptions[stem] = json.load(f)

    total = identical = 0
    differences, hidden, compared_aggregates = [], [], set()
    for stem in stems:
        mine = {}
        if stem in descriptions:
            for itf in descriptions[stem]['interfaces']:
                try:
                    mine[itf['name']] = ucom_slots(itf['layout'], iids)
                except ValueError as e:
                    mine[itf['name']] = 'unreadable layout: %s' % e
        for name, slots in interfaces[stem].items():
            if stem not in broken and all((name, i) not in types for i in range(len(slots))):
                hidden.append(name)  # inside an #if the C compiler did not take
                continue
            total += 1
            if stem in failed:
                continue
            compared_aggregates |= reached.get(name, set())
            theirs = [(s, types.get((name, i), '?')) for i, s in enumerate(slots)]
            ours = mine.get(name)
            difference = compare(theirs, ours, stem in broken)
            if difference is None:
                identical += 1
            else:
                differences.append('%s.idl: %s: %s' % (stem, name, difference))

    ucom_records, ucom_broken, sanitized_headers = ucom_aggregates(work, [st for st in stems if st not in failed], interfaces,
                                                args.include_dir, args.ucom_idl, args.ucom_include, args.cc,
                                                declared | {n for st in stems for n in interfaces[st]}, iids)
    aggregate_differences = []
    for key in sorted(compared_aggregates):
        difference = compare_aggregate(widl_records[key], ucom_records.get(key))
        if difference is not None:
            aggregate_differences.append((difference[0], '%s: %s' % (key, difference[1])))

    causes = {}
    for stem, line in failed.items():
        causes.setdefault(error_cause(line), []).append(stem)

    print('corpus: %d files widl compiles (%d WinRT files skipped by rule, %d files widl refuses)'
          % (len(corpus), len(winrt), len(widl_refused)))
    print('WinRT (skipped): %s' % ' '.join(winrt))
    if broken:
        print('widl headers that do not compile as C (not compared): %s' % ' '.join(sorted(broken)))
        for stem, error in sorted(broken.items()):
            print('  %s: %s' % (stem, error[0] if error else '?'))
    if hidden:
        print('vtables widl writes inside an #if C does not take (not compared): %s' % ' '.join(hidden))
    print('%d/%d files compiled' % (len(corpus) - len(failed), len(corpus)))
    print('%d/%d interfaces identical' % (identical, total))
    print('%d/%d aggregates identical' % (len(compared_aggregates) - len(aggregate_differences),
                                          len(compared_aggregates)))
    print('time: ucom-idl %.1f s, widl %.1f s (ratio %.2f)' % (ucom_seconds, widl_seconds,
                                                              ucom_seconds / widl_seconds if widl_seconds else 0))
    if causes:
        print('\nfiles that do not compile, by the cause of their first error:')
        for cause, stems_of in sorted(causes.items(), key=lambda c: (-len(c[1]), c[0]))[:args.show]:
            print('  %4d  %s  (e.g. %s: %s)' % (len(stems_of), cause, stems_of[0], failed[stems_of[0]]))
    if differences:
        print('\nfirst differences (%d interfaces differ):' % len(differences))
        for line in differences[:args.show]:
            print('  ' + line)
    if ucom_broken:
        print("\nucom-idl headers that do not compile as C (their aggregates not found): %s"
              % ' '.join(sorted(ucom_broken)))
        for stem, error in sorted(ucom_broken.items())[:args.show]:
            print('  %s: %s' % (stem, error[0] if error else '?'))
    if aggregate_differences:
        by_cause = {}
        for cause, _ in aggregate_differences:
            by_cause[cause] = by_cause.get(cause, 0) + 1
        print('\nfirst aggregate differences (%d differ: %s):' % (
            len(aggregate_differences), ', '.join('%d %s' % (n, c) for c, n in sorted(by_cause.items(),
                                                                                     key=lambda i: -i[1]))))
        for _, line in aggregate_differences[:args.show]:
            print('  ' + line)
    if args.list:
        for stem in stems:
            print('%s: %s' % (stem, failed.get(stem, 'compiled')))

    sanitized += sanitized_headers
    if sanitized:
        print('\nFAILED: a sanitizer reported an error in ucom-idl (%d runs):' % len(sanitized))
        for stem, report in sanitized[:args.show]:
            print('  %s.idl: %s' % (stem, report))
    ok = (len(corpus) - len(failed) >= args.min_files and identical >= args.min_identical
          and len(compared_aggregates) - len(aggregate_differences) >= args.min_aggregates and not sanitized)
    if not ok:
        print('\nFAILED: below the floor (--min-files %d, --min-identical %d, --min-aggregates %d)'
              % (args.min_files, args.min_identical, args.min_aggregates))
    return 0 if ok else 1


def compare_aggregate(theirs, ours):
    """None when two layouts (size, alignment, members) agree, else (cause, first difference)."""
    if ours is None:
        return 'missing', "not in ucom-idl's header"
    if theirs[0] != ours[0]:
        return 'size', 'size %d in widl, %d in ucom-idl' % (theirs[0], ours[0])
    if theirs[1] != ours[1]:
        return 'alignment', 'alignment %d in widl, %d in ucom-idl' % (theirs[1], ours[1])
    for a, b in zip(theirs[2], ours[2]):
        if a[0] != b[0]:
            return 'member name', 'member %s in widl, %s in ucom-idl' % (a[0], b[0])
        if a[1:3] != b[1:3]:
            return 'member offset', 'member %s at bit %d%s in widl, %d%s in ucom-idl' % (
                a[0], a[1], ':%s' % a[2] if a[2] else '', b[1], ':%s' % b[2] if b[2] else '')
        if not same_type(a[3], b[3]):
            return 'member type', 'member %s: widl %s, ucom-idl %s' % (a[0], a[3], b[3])
    if len(theirs[2]) != len(ours[2]):
        return 'members', '%d members in widl, %d in ucom-idl' % (len(theirs[2]), len(ours[2]))
    return None


def same_type(a, b):
    """Canonical texts that agree: a pointer to a handle is a pointer to void, and a struct
    one side only declares (`agg[incomplete]`) stands for any aggregate or interface."""
    a, b = (t.replace('ptr(%s)' % HANDLE, 'ptr(void)') for t in (a, b))
    if a == b:
        return True
    wildcard = r'(?:agg\[[^\]]*\]|itf \w+)'
    return any(re.fullmatch(re.escape(x).replace(re.escape('agg[incomplete]'), wildcard), y) for x, y in ((a, b), (b, a)))


def compare(theirs, ours, header_broken):
    """None when the slot lists agree, else the first difference."""
    if header_broken:
        return "widl's header does not compile as C"
    if ours is None:
        return 'not in ucom-idl\'s description'
    if isinstance(ours, str):
        return ours
    for i, (a, b) in enumerate(zip(theirs, ours)):
        if a[0] != b[0]:
            return 'slot %d is %s in widl, %s in ucom-idl' % (i, a[0], b[0])
        if not same_type(a[1], b[1]):
            return 'slot %d %s: widl %s, ucom-idl %s' % (i, a[0], a[1], b[1])
    if len(theirs) != len(ours):
        return '%d slots in widl, %d in ucom-idl' % (len(theirs), len(ours))
    return None


if __name__ == '__main__':
    sys.exit(main())
