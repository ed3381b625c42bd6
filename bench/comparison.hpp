// What the comparison benchmark (compare_bench.cpp) and each peer's file share: the run's
// settings for registering a benchmark, and the list of peers left out, with the reason.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace bench {

class comparison {
public:
    // With `iterations`, every benchmark runs exactly that many iterations, once (what the
    // instruction counts need); without, Google Benchmark chooses and the repetitions come
    // from --benchmark_repetitions.
    explicit comparison(std::optional<long> iterations) : iterations_(iterations) {}

    void add(const std::string &name, std::function<void(benchmark::State &)> body);

    // A peer that will not be measured, and why; printed under the table.
    void skip(const std::string &peer, const std::string &reason);
    const std::vector<std::string> &skipped() const { return skipped_; }

private:
    std::optional<long> iterations_;
    std::vector<std::string> skipped_;
};

// Each peer's benchmarks, in a file of its own that is built only when CMake finds the
// peer's Debian package; each skips itself (with the reason) when its module does not load.
void add_qt_benchmarks(comparison &run);
void add_boost_benchmarks(comparison &run);
void add_uno_benchmarks(comparison &run);

} // namespace bench
