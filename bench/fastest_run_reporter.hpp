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
            if (const auto rate = run.counters.find("items_per_second"); rate != run.counters.end()) {
                double &most = best_rate_[key(run)];
                most = std::max(most, rate->second.value);
            }
        }
    }

    // The highest items a second of any repetition (SetItemsProcessed), summed over the
    // benchmark's threads; 0 when it did not run. Keys name the threads: "name/threads:2".
    double best_rate(const std::string &name) const
    {
        const auto found = best_rate_.find(name);
        return found != best_rate_.end() ? found->second : 0.0;
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
        std::string name = run.run_name.function_name;
        for (const std::string *part : {&run.run_name.args, &run.run_name.time_type, &run.run_name.threads}) {
            if (!part->empty()) {
                name += "/" + *part;
            }
        }
        return name;
    }

    std::map<std::string, double> fastest_;
    std::map<std::string, double> best_rate_;
};

} // namespace bench
