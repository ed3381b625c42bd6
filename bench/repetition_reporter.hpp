// A Google Benchmark reporter that prints as the console reporter does and keeps every
// repetition of each benchmark (name and arguments, e.g. "catalog_open/1000"), in
// nanoseconds whatever unit the benchmark reports in, so that the ratio tables printed after
// the run can show the fastest repetition and the median one. It keeps CPU time, not wall
// time: on a shared machine a repetition's wall time also counts the time other processes
// ran while it was preempted. So it suits benchmarks that run on the calling thread and
// never wait (files read here are in the page cache).
#pragma once

#include <map>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

namespace bench {

class repetition_reporter : public benchmark::ConsoleReporter {
public:
    void ReportRuns(const std::vector<Run> &runs) override;

    // 0 when the benchmark did not run (filtered out, or it failed).
    double fastest_ns(const std::string &name) const;
    double median_ns(const std::string &name) const;

    // The highest items a second of any repetition (SetItemsProcessed), summed over the
    // benchmark's threads; 0 when it did not run. Keys name the threads: "name/threads:2".
    double best_rate(const std::string &name) const;

private:
    struct repetitions {
        std::vector<double> cpu_ns;
        std::vector<double> rates;
    };
    const repetitions *find(const std::string &name) const;

    std::map<std::string, repetitions> runs_;
};

} // namespace bench
