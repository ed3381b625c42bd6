#!/usr/bin/env python3
"""Times ucom-idl against Wine's widl over the MIDL corpus, one process per file, in one run.

The corpus is the one tests/codegen/midl_corpus/compare.py compares: every `*.idl` of Wine's
SDK folder less the WinRT files (skipped by rule), and of those the files that both compilers
compile (a compiler that stops at an error would be timed on less work). Each file is compiled
by each compiler in turn, interleaved, the order alternating between repetitions, so that a
noisy moment of this shared machine hits both; a file's time is the fastest of its runs, and
the totals are the sums of those. What is compared, like with like:

  header  ucom-idl --emit header   vs  widl -h   (one C header each: the target, <= 1.0x)
  all     ucom-idl, all 7 outputs  vs  widl -h   (what ucom-idl writes more, for the record)

Both read the same file with the same -I (Wine's folder), so the same imports.

usage: scripts/bench-midl-corpus.py --ucom-idl build/default/codegen/ucom-idl [--repetitions N]
Exit status: 0 after printing the table, 77 when widl or the corpus is missing.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

SKIP = 77
WINRT_RULE = re.compile(r'^\s*(namespace|runtimeclass|apicontract)\b|^\s*#\s*pragma\s+winrt\b', re.M)
ALL_KINDS = ['header', 'impl', 'client', 'json', 'descriptor', 'uses', 'api']


def timed(command):
    """(exit status, wall seconds) of one process."""
    started = time.perf_counter()
    status = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode
    return status, time.perf_counter() - started


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--ucom-idl', required=True)
    parser.add_argument('--widl', default='/usr/lib/wine/widl')
    parser.add_argument('--include-dir', default='/usr/include/wine/wine/windows')
    parser.add_argument('--repetitions', type=int, default=3)
    args = parser.parse_args()
    if not os.access(args.widl, os.X_OK) or not os.path.isdir(args.include_dir):
        print('SKIPPED: needs widl (%s, Debian: wine64-tools) and the IDL folder (%s, libwine-dev)'
              % (args.widl, args.include_dir))
        return SKIP

    stems = []
    for entry in sorted(os.listdir(args.include_dir)):
        if entry.endswith('.idl'):
            with open(os.path.join(args.include_dir, entry), errors='replace') as f:
                if not WINRT_RULE.search(f.read()):
                    stems.append(entry[:-4])

    work = tempfile.mkdtemp(prefix='ucom_midl_bench.')
    try:
        def commands(stem):
            source = os.path.join(args.include_dir, stem + '.idl')
            widl = [args.widl, '-h', '-o', os.path.join(work, stem + '.widl.h'), '-I', args.include_dir, source]
            ucom = [args.ucom_idl, '--emit', 'header', '-o', os.path.join(work, 'header'), '-I', args.include_dir,
                    source]
            every = [args.ucom_idl] + [a for k in ALL_KINDS for a in ('--emit', k)] + \
                    ['-o', os.path.join(work, 'all'), '-I', args.include_dir, source]
            return {'widl': widl, 'header': ucom, 'all': every}

        runs = {stem: commands(stem) for stem in stems}
        best = {stem: {} for stem in stems}
        compiled = set(stems)
        for repetition in range(args.repetitions):
            for stem in sorted(compiled):
                order = ['widl', 'header', 'all'] if repetition % 2 == 0 else ['all', 'header', 'widl']
                for name in order:
                    status, seconds = timed(runs[stem][name])
                    if status != 0:
                        compiled.discard(stem)
                        break
                    best[stem][name] = min(seconds, best[stem].get(name, seconds))
        totals = {name: sum(best[s][name] for s in compiled) for name in ('widl', 'header', 'all')}
    finally:
        shutil.rmtree(work, ignore_errors=True)

    print('MIDL corpus: %d files that both compile (of %d non-WinRT files in %s), one process per file,'
          % (len(compiled), len(stems), args.include_dir))
    print('fastest of %d interleaved runs per file, summed' % args.repetitions)
    print('%-34s %10s %10s' % ('compiler', 'total s', '/ widl'))
    print('%-34s %10.3f %10.2f' % ('widl -h', totals['widl'], 1.0))
    print('%-34s %10.3f %10.2f' % ('ucom-idl --emit header', totals['header'], totals['header'] / totals['widl']))
    print('%-34s %10.3f %10.2f' % ('ucom-idl, all %d outputs' % len(ALL_KINDS), totals['all'],
                                   totals['all'] / totals['widl']))
    return 0


if __name__ == '__main__':
    sys.exit(main())
