// A measuring child spawns the program, waits for it and writes its cost to a pipe; the
// measuring child's own RUSAGE_CHILDREN then holds exactly the program's process tree.
#include "measured_process.hpp"

#include <array>
#include <chrono>
#include <cstdio>
#include <cstring>

#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace bench {
namespace {

struct report {
    process_cost cost;
    bool succeeded = false;
};

// In the measuring child: only the spawn and the wait are timed.
report spawn_and_wait(const std::vector<std::string> &argv)
{
    std::vector<char *> args;
    args.reserve(argv.size() + 1);
    for (const std::string &arg : argv) {
        args.push_back(const_cast<char *>(arg.c_str())); // posix_spawn's signature; it does not write
    }
    args.push_back(nullptr);

    report result;
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = 0;
    if (posix_spawnp(&pid, args[0], nullptr, nullptr, args.data(), environ) != 0) {
        return result;
    }
    int status = 0;
    if (waitpid(pid, &status, 0) != pid) {
        return result;
    }
    const auto stop = std::chrono::steady_clock::now();
    rusage usage{};
    getrusage(RUSAGE_CHILDREN, &usage);
    result.cost.seconds = std::chrono::duration<double>(stop - start).count();
    result.cost.peak_rss_kib = usage.ru_maxrss;
    result.succeeded = WIFEXITED(status) && WEXITSTATUS(status) == 0;
    return result;
}

// The report is trivially copyable and comes from a fork of this very program.
bool read_report(int fd, report &into)
{
    std::array<char, sizeof(report)> bytes{};
    std::size_t have = 0;
    while (have < bytes.size()) {
        const ssize_t got = read(fd, bytes.data() + have, bytes.size() - have);
        if (got <= 0) {
            return false;
        }
        have += static_cast<std::size_t>(got);
    }
    std::memcpy(&into, bytes.data(), bytes.size());
    return true;
}

} // namespace

std::optional<process_cost> run_measured(const std::vector<std::string> &argv)
{
    std::fflush(nullptr); // so that what the program prints comes after what we printed
    int fds[2];
    if (argv.empty() || pipe(fds) != 0) {
        return std::nullopt;
    }
    const pid_t measurer = fork();
    if (measurer < 0) {
        close(fds[0]);
        close(fds[1]);
        return std::nullopt;
    }
    if (measurer == 0) {
        close(fds[0]);
        const report result = spawn_and_wait(argv);
        const bool sent = write(fds[1], &result, sizeof result) == static_cast<ssize_t>(sizeof result);
        _exit(sent ? 0 : 1);
    }
    close(fds[1]);
    report result;
    const bool received = read_report(fds[0], result);
    close(fds[0]);
    int status = 0;
    waitpid(measurer, &status, 0);
    if (!received || !result.succeeded) {
        return std::nullopt;
    }
    return result.cost;
}

} // namespace bench
