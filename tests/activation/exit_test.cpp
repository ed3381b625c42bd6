// Activation while the process exits: from a module's ELF destructor, which runs after every
// static object of libucom would have been destroyed, and from a thread still activating
// while exit() runs. The runtime's tables must outlive every plugin.
#include <filesystem>
#include <string>

#include <catch2/catch.hpp>

#include "test_registry.hpp"

using ucom::test::scratch_registry;

namespace {

// Runs the exit host in `mode` (with the activating thread when `thread`) and returns its
// exit code; `report` gets what the module's activations at exit returned.
ucom::test::command_result run_exit_host(const scratch_registry &registry, const std::string &mode, bool thread,
                                         const std::filesystem::path &report)
{
    ucom::registry::test::environment_changes environment{{"UCOM_TEST_EXIT_REPORT", report.string()}};
    environment.emplace_back("UCOM_TEST_EXIT_THREAD", thread ? std::optional<std::string>("1") : std::nullopt);
    return ucom::test::run_command({EXIT_HOST, registry.file().string(), mode}, environment);
}

} // namespace

TEST_CASE("a module's destructor at process exit can still activate through the context it kept")
{
    scratch_registry registry;
    registry.register_plugin(EXIT_TIME_PLUGIN);
    const auto report = registry.folder() / "report.txt";
    const std::string mode = GENERATE("return", "exit");
    INFO("the host ends by " << mode);
    const auto done = run_exit_host(registry, mode, false, report);
    CHECK(done.exit_code == 0);
    CHECK(done.output.empty());
    // The destructor's activation was the module's first of ExitTarget: it went through
    // the module table, which must still be there.
    CHECK(ucom::registry::test::read_file(report) == "destructor 0x00000000\n");
}

TEST_CASE("a thread that activates while the process exits does not crash it")
{
    scratch_registry registry;
    registry.register_plugin(EXIT_TIME_PLUGIN);
    const auto report = registry.folder() / "report.txt";
    for (int run = 0; run < 20; ++run) {
        const std::string mode = run % 2 == 0 ? "return" : "exit";
        INFO("run " << run << ", the host ends by " << mode);
        const auto done = run_exit_host(registry, mode, true, report);
        REQUIRE(done.exit_code == 0);
        CHECK(done.output.empty());
    }
    CHECK_THAT(ucom::registry::test::read_file(report), Catch::Contains("destructor 0x00000000"));
}
