// Runs a program as a child process and measures it: wall time and peak resident memory.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace bench {

struct process_cost {
    double seconds = 0.0;
    long peak_rss_kib = 0; // the largest resident set of the program or any process it waited for
};

// Runs `argv` (argv[0] looked up on PATH unless it has a slash) to completion, with the
// caller's stdin, stdout and stderr. Returns nothing when it could not be started or did not
// exit with 0. Peak memory includes the program's own children (gcc's cc1, not only the
// driver): a measuring process in between spawns it and reads its RUSAGE_CHILDREN.
std::optional<process_cost> run_measured(const std::vector<std::string> &argv);

} // namespace bench
