// The benchmarks' command line: Google Benchmark's flags, with a suite's defaults added for
// the flags the user did not give (the user's --benchmark_repetitions and
// --benchmark_min_time win over the suite's).
#pragma once

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace bench {

class command_line {
public:
    // `defaults` are whole flags, "--benchmark_repetitions=7"; each is added unless argv has
    // the same flag.
    command_line(int argc, char **argv, std::initializer_list<std::string_view> defaults);
    command_line(const command_line &) = delete;
    command_line &operator=(const command_line &) = delete;

    // The integer value of `--flag=N` as the run sees it, if it is there (before or after
    // Initialize).
    std::optional<long> integer(std::string_view flag) const;

    // Removes `--flag=value` and returns the value: a suite's own flags, which Google
    // Benchmark would refuse. Before Initialize.
    std::optional<std::string> take(std::string_view flag);

    // benchmark::Initialize with these arguments; false, after saying so, when one of them
    // is not a flag Google Benchmark knows.
    bool initialize();

private:
    void point();

    std::vector<std::string> arguments_; // the program's name, the defaults added, the user's
    std::vector<char *> pointers_;       // into arguments_, as Initialize leaves them
    int count_ = 0;
};

// The repetitions the user asked for with --benchmark_repetitions, else `fallback`: for
// benchmarks that set their own count, which would override the flag.
int repetitions_or(const command_line &args, int fallback);

} // namespace bench
