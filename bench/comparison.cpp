// Registering the comparison's benchmarks with the run's settings (comparison.hpp).
#include "comparison.hpp"

#include <fmt/core.h>

namespace bench {

void comparison::add(const std::string &name, std::function<void(benchmark::State &)> body)
{
    benchmark::internal::Benchmark *added = benchmark::RegisterBenchmark(name.c_str(), std::move(body));
    if (iterations_) {
        added->Iterations(*iterations_)->Repetitions(1);
    }
}

void comparison::skip(const std::string &peer, const std::string &reason)
{
    fmt::print(stderr, "ucom_compare_bench: {} skipped: {}\n", peer, reason);
    skipped_.push_back(fmt::format("{}: {}", peer, reason));
}

} // namespace bench
