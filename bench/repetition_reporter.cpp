// The reporter's bookkeeping: every repetition kept, the fastest and the median read from them.
#include "repetition_reporter.hpp"

#include <algorithm>

namespace bench {
namespace {

std::string key(const benchmark::BenchmarkReporter::Run &run)
{
    std::string name = run.run_name.function_name;
    for (const std::string *part : {&run.run_name.args, &run.run_name.time_type, &run.run_name.threads}) {
        if (!part->empty()) {
            name += "/" + *part;
        }
    }
    return name;
}

// The middle value; with an even count, the mean of the two middle ones.
double median(std::vector<double> values)
{
    if (values.empty()) {
        return 0.0;
    }
    const auto middle = values.begin() + static_cast<std::ptrdiff_t>(values.size() / 2);
    std::nth_element(values.begin(), middle, values.end());
    if (values.size() % 2 == 1) {
        return *middle;
    }
    return (*middle + *std::max_element(values.begin(), middle)) / 2.0;
}

} // namespace

void repetition_reporter::ReportRuns(const std::vector<Run> &runs)
{
    ConsoleReporter::ReportRuns(runs);
    for (const Run &run : runs) {
        if (run.run_type != Run::RT_Iteration || run.error_occurred) {
            continue;
        }
        repetitions &kept = runs_[key(run)];
        kept.cpu_ns.push_back(run.GetAdjustedCPUTime() * 1e9 / benchmark::GetTimeUnitMultiplier(run.time_unit));
        if (const auto rate = run.counters.find("items_per_second"); rate != run.counters.end()) {
            kept.rates.push_back(rate->second.value);
        }
    }
}

const repetition_reporter::repetitions *repetition_reporter::find(const std::string &name) const
{
    const auto found = runs_.find(name);
    return found != runs_.end() ? &found->second : nullptr;
}

double repetition_reporter::fastest_ns(const std::string &name) const
{
    const repetitions *found = find(name);
    return found != nullptr && !found->cpu_ns.empty() ? *std::min_element(found->cpu_ns.begin(), found->cpu_ns.end())
                                                      : 0.0;
}

double repetition_reporter::median_ns(const std::string &name) const
{
    const repetitions *found = find(name);
    return found != nullptr ? median(found->cpu_ns) : 0.0;
}

double repetition_reporter::best_rate(const std::string &name) const
{
    const repetitions *found = find(name);
    return found != nullptr && !found->rates.empty() ? *std::max_element(found->rates.begin(), found->rates.end())
                                                     : 0.0;
}

} // namespace bench
