// Plugins written by hand in C++ that let an exception escape into the runtime, one call
// each (plugins/throwing_plugin.cpp): the activation fails with an error naming the class,
// the module and the exception; nothing the activation set stays set, so unload_unused and
// close return; and the module's well-behaved class still activates. Each scenario runs in
// a child process with a time limit, so a hang or an ended process fails its test instead
// of stopping the suite.
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <functional>
#include <string>

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <ucom/runtime.hpp>

#include "test_registry.hpp"
#include "throwing.h"

using ucom::test::scratch_registry;

namespace {

struct child_outcome {
    std::string ended; // "exited with 0", "killed by signal 6", "timed out"
    std::string report;
};

// Runs `scenario` in a forked child and collects the text it returns, waiting at most
// `limit`; a child still running then is killed.
child_outcome run_in_child(const std::function<std::string()> &scenario,
                           std::chrono::seconds limit = std::chrono::seconds(30))
{
    int pipe_ends[2];
    REQUIRE(::pipe(pipe_ends) == 0);
    std::fflush(nullptr);
    const pid_t child = ::fork();
    REQUIRE(child >= 0);
    if (child == 0) {
        ::close(pipe_ends[0]);
        for (const int fatal : {SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGFPE}) {
            std::signal(fatal, SIG_DFL); // not the test framework's handlers: the parent reports
        }
        std::string report;
        try {
            report = scenario();
        } catch (const std::exception &e) {
            report = fmt::format("the scenario threw: {}\n", e.what());
        }
        for (std::size_t written = 0; written < report.size();) {
            const ssize_t n = ::write(pipe_ends[1], report.data() + written, report.size() - written);
            if (n <= 0) {
                break;
            }
            written += static_cast<std::size_t>(n);
        }
        ::_exit(0); // no atexit handlers of the parent's test run
    }
    ::close(pipe_ends[1]);
    child_outcome outcome;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    for (;;) {
        const auto left =
            std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
        pollfd readable{pipe_ends[0], POLLIN, 0};
        if (left.count() <= 0 || ::poll(&readable, 1, static_cast<int>(left.count())) == 0) {
            outcome.ended = "timed out";
            ::kill(child, SIGKILL);
            break;
        }
        char buffer[4096];
        const ssize_t n = ::read(pipe_ends[0], buffer, sizeof buffer);
        if (n <= 0) {
            break; // the child is done (or gone)
        }
        outcome.report.append(buffer, static_cast<std::size_t>(n));
    }
    ::close(pipe_ends[0]);
    int status = 0;
    while (::waitpid(child, &status, 0) < 0 && errno == EINTR) {
    }
    if (outcome.ended.empty()) {
        outcome.ended = WIFEXITED(status) ? fmt::format("exited with {}", WEXITSTATUS(status))
                                          : fmt::format("killed by signal {}", WTERMSIG(status));
    }
    return outcome;
}

std::string outcome_of(const ucom::result<ucom::com_ptr<IProbe>> &activated)
{
    if (!activated) {
        return fmt::format("{} ({})", activated.error().message(), ucom::hresult_name(activated.error().code()));
    }
    int32_t value = 0;
    const HRESULT code = (*activated)->lpVtbl->Value(activated->get(), &value);
    return fmt::format("created, Value() {} returned {}", ucom::hresult_name(code), value);
}

// Activates Test.Throwing twice (the second time through the factory the first one cached,
// when it got that far), sweeps with unload_unused, activates Test.Steady, and closes the
// runtime: a line for each.
std::string activate_sweep_and_close(const scratch_registry &registry)
{
    std::string report;
    {
        auto rt = registry.open_runtime();
        rt.set_unload_delay(std::chrono::milliseconds(0)); // hand-written modules wait out the delay
        report += fmt::format("throwing: {}\n", outcome_of(rt.create_instance<IProbe>("Test.Throwing")));
        report += fmt::format("throwing again: {}\n", outcome_of(rt.create_instance<IProbe>("Test.Throwing")));
        report += fmt::format("unloaded: {}\n", rt.unload_unused());
        report += fmt::format("steady: {}\n", outcome_of(rt.create_instance<IProbe>("Test.Steady")));
    }
    return report + "closed\n";
}

// Registers `plugin` in a scratch registry, runs the scenario in a child, and returns its
// report once it has checked that the child finished in time and on its own.
std::string report_of_throwing_plugin(const char *plugin)
{
    scratch_registry registry;
    registry.register_plugin(plugin);
    const child_outcome outcome = run_in_child([&] { return activate_sweep_and_close(registry); });
    INFO(outcome.report);
    REQUIRE(outcome.ended == "exited with 0");
    return outcome.report;
}

// What the scenario reports when both activations of Test.Throwing end in `outcome` (a
// line of outcome_of): the sweep unloads the module, Test.Steady activates, close returns.
std::string expected_report(const std::string &outcome)
{
    return fmt::format("throwing: {0}\nthrowing again: {0}\nunloaded: 1\nsteady: created, Value() S_OK returned 42\n"
                       "closed\n",
                       outcome);
}

// Checks the report of a plugin whose `call` threw `exception` in both activations of
// Test.Throwing.
void check_threw(const char *plugin, const char *call, const std::string &exception)
{
    const std::string thrown =
        fmt::format("class Test.Throwing: module {}: {} threw a C++ exception: {}", plugin, call, exception);
    CHECK(report_of_throwing_plugin(plugin) == expected_report(thrown));
}

} // namespace

TEST_CASE("a factory whose CreateInstance throws fails the activation, and unload_unused and close still return")
{
    check_threw(THROWING_CREATE_INSTANCE_PLUGIN, "its class factory's CreateInstance",
                "the factory's CreateInstance failed on purpose (E_FAIL)");
}

TEST_CASE("a factory whose QueryInterface throws fails the activation instead of ending the host")
{
    check_threw(THROWING_QUERY_INTERFACE_PLUGIN, "its class factory's QueryInterface",
                "the factory's QueryInterface failed on purpose (E_FAIL)");
}

TEST_CASE("a factory whose SetContext throws fails the activation, naming the class, the module and the exception")
{
    check_threw(THROWING_SET_CONTEXT_PLUGIN, "its class factory's SetContext",
                "the factory's SetContext failed on purpose (E_FAIL)");
}

TEST_CASE("a DllGetClassObject that throws what is not a std::exception fails the activation with E_UNEXPECTED")
{
    check_threw(THROWING_GET_CLASS_OBJECT_PLUGIN, "DllGetClassObject",
                "an exception of type (anonymous namespace)::plugin_fault, not a std::exception (E_UNEXPECTED)");
}

TEST_CASE("a factory whose Release throws when it is retired counts as released: its module unloads and close returns")
{
    CHECK(report_of_throwing_plugin(THROWING_RELEASE_PLUGIN) == expected_report("created, Value() S_OK returned 42"));
}
