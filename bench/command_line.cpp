// The suites' command line with their defaults (command_line.hpp).
#include "command_line.hpp"

#include <algorithm>
#include <charconv>

#include <benchmark/benchmark.h>

namespace bench {
namespace {

std::string_view flag_name(std::string_view argument)
{
    return argument.substr(0, argument.find('='));
}

} // namespace

command_line::command_line(int argc, char **argv, std::initializer_list<std::string_view> defaults)
{
    const std::vector<std::string_view> given(argv + std::min(argc, 1), argv + argc);
    if (argc > 0) {
        arguments_.emplace_back(argv[0]);
    }
    for (const std::string_view flag : defaults) {
        if (std::none_of(given.begin(), given.end(), [&](std::string_view arg) { return flag_name(arg) == flag_name(flag); })) {
            arguments_.emplace_back(flag);
        }
    }
    arguments_.insert(arguments_.end(), given.begin(), given.end());
    point();
}

void command_line::point()
{
    pointers_.clear();
    for (std::string &argument : arguments_) {
        pointers_.push_back(argument.data());
    }
    count_ = static_cast<int>(arguments_.size());
    pointers_.push_back(nullptr);
}

std::optional<std::string> command_line::take(std::string_view flag)
{
    const auto found = std::find_if(arguments_.begin() + std::min<std::ptrdiff_t>(1, std::ssize(arguments_)),
                                    arguments_.end(), [&](std::string_view arg) { return flag_name(arg) == flag; });
    if (found == arguments_.end()) {
        return std::nullopt;
    }
    std::string value = found->substr(std::min(found->size(), flag.size() + 1));
    arguments_.erase(found);
    point();
    return value;
}

std::optional<long> command_line::integer(std::string_view flag) const
{
    for (const std::string_view arg : arguments_) {
        long value = 0;
        const std::string_view text = arg.substr(std::min(arg.size(), flag.size() + 1));
        if (flag_name(arg) == flag && std::from_chars(text.data(), text.data() + text.size(), value).ec == std::errc{}) {
            return value;
        }
    }
    return std::nullopt;
}

bool command_line::initialize()
{
    benchmark::Initialize(&count_, pointers_.data());
    return !benchmark::ReportUnrecognizedArguments(count_, pointers_.data());
}

int repetitions_or(const command_line &args, int fallback)
{
    const std::optional<long> given = args.integer("--benchmark_repetitions");
    return given && *given > 0 ? static_cast<int>(*given) : fallback;
}

} // namespace bench
