// ucom-wordstats: a host program for the pipeline. It opens a ucom runtime, creates
// Ucom.Pipeline.WordStatistics (which activates the tokenizer and the text source itself)
// and prints its report on a text file.
//   ucom-wordstats [--registry FILE]... [--top N] TEXTFILE
#include <cstdint>
#include <cstdlib>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include <ucom/error.hpp>
#include <ucom/runtime.hpp>

#include "word_stats_client.hpp"

namespace {

constexpr int exit_failure = 1;
constexpr int exit_usage = 2;

int fail(const ucom::error &error)
{
    fmt::print(stderr, "ucom-wordstats: error: {}\n", error.to_string());
    return exit_failure;
}

int run(const std::vector<std::string> &registries, int32_t top, const std::string &text_file)
{
    auto rt = registries.empty() ? ucom::runtime::open() : ucom::runtime::open(registries);
    if (!rt) {
        return fail(rt.error());
    }
    auto stats = rt->create_instance<IWordStatistics>("Ucom.Pipeline.WordStatistics");
    if (!stats) {
        return fail(stats.error());
    }
    // The non-throwing form: a failed call is a ucom::result holding the callee's error.
    const auto report = ucom::client<IWordStatistics>(std::move(*stats)).try_Analyze<ucom::task_string>(text_file, top);
    if (!report) {
        return fail(report.error());
    }
    fmt::print("{}", report->view());
    return EXIT_SUCCESS;
}

} // namespace

int main(int argc, char **argv)
{
    CLI::App app{"Counts the lines and words of a text file with the Ucom.Pipeline.WordStatistics component",
                 "ucom-wordstats"};
    std::vector<std::string> registries;
    int32_t top = 10;
    std::string text_file;
    app.add_option("--registry", registries,
                   "Registry file to look classes up in (repeatable, in lookup order; default: the standard layers)")
        ->type_name("FILE")
        ->allow_extra_args(false); // one file per --registry: the text file is not a registry
    app.add_option("--top", top, "How many of the most frequent words to list")
        ->check(CLI::Range(0, std::numeric_limits<int32_t>::max()))
        ->capture_default_str();
    app.add_option("textfile", text_file, "The text file to analyze")->required()->type_name("TEXTFILE");
    app.footer("Exit codes: 0 success, 1 the analysis failed, 2 usage error.");
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError &e) {
        const int code = app.exit(e);
        return code == EXIT_SUCCESS ? EXIT_SUCCESS : exit_usage;
    }
    try {
        return run(registries, top, text_file);
    } catch (const std::exception &e) {
        fmt::print(stderr, "ucom-wordstats: internal error: {}\n", e.what());
        return exit_failure;
    }
}
