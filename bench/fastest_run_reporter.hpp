// A Google Benchmark reporter that prints as the console reporter does and keeps the fastest
// repetition of each benchmark (name and arguments, e.g. "catalog_open/1000"), in
// nanoseconds whatever unit the benchmark reports in, for the ratio tables printed after
// the run. It keeps CPU time, not wall time: on a shared machine a repetition's wall time
// also counts the time other processes ran while it was preempted. So it suits benchmarks
// that run on the calling thread and never wait (files read here are in the page cache).
#pragma once

#include <algorithm>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace bench {

class fastest_run_reporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run> &runs) override
    {
        ConsoleReporter::ReportRuns(runs);
        for (const Run &run : runs) {
            if (run.run_type != Run::RT_Iteration || run.error_occurred) {
                continue;
            }
            const double nanoseconds = run.GetAdjustedCPUTime() * 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit);
            double &best = fastest_.try_emplace(key(run), std::numeric_limits<double>::max()).first->second;
            best = std::min(best, nanoseconds);
        }
    }

    // 0 when the benchmark did not run (filtered out, or it failed).
    double fastest_ns(const std::string &name) const
    {
        const auto found = fastest_.find(name);
        return found != fastest_.end() ? found->second : 0.0;
    }

private:
    static std::string key(const Run &run)
    {
        return run.run_name.args.empty() ? run.run_name.function_name
                                         : run.run_name.function_name + "/" + run.run_name.args;
    }

    std::map<std::string, double> fastest_;
};

} // namespace bench
