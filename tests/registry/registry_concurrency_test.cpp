// `ucom register` processes racing on one registry file (label "concurrency", also run under
// ThreadSanitizer by the tsan preset): writers serialize on the lock and lose nothing, and a
// writer killed at any moment leaves a registry that reads whole.
#include <algorithm>
#include <atomic>
#include <mutex>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <random>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <ucom/registry/catalog.hpp>
#include <ucom/registry/store.hpp>
#include <ucom/registry/toml_file.hpp>

#include "child_process.hpp"
#include "scratch_folder.hpp"

namespace {

using namespace ucom::registry;
namespace fs = std::filesystem;
namespace test = ucom::registry::test;

const std::string marker_clsid = "{47E33DF5-BF12-4469-836C-2EAC6F517450}";

// The n-th class of the tests: distinct in Data1 and in its last byte.
ucom::guid numbered_clsid(unsigned n)
{
    return ucom::guid(0xC1A55000U + n, 0x5EED, 0x4ACE,
                      {0x80, 0x00, 0x00, 0x00, static_cast<std::uint8_t>(n >> 16U), static_cast<std::uint8_t>(n >> 8U),
                       static_cast<std::uint8_t>(n), 0x42});
}

// Copies of the marker plugin, the n-th declaring numbered_clsid(n), made by the rewriter.
std::vector<fs::path> plugin_copies(const fs::path &folder, unsigned count)
{
    fs::create_directories(folder);
    std::vector<std::string> argv = {UCOM_CLSID_REWRITER, UCOM_MARKER_PLUGIN, marker_clsid};
    std::vector<fs::path> copies;
    for (unsigned n = 0; n < count; ++n) {
        copies.push_back(folder / fmt::format("libclass_{:03}.so", n));
        argv.push_back(numbered_clsid(n).to_string());
        argv.push_back(copies.back().string());
    }
    const test::command_result made = test::run_command(argv);
    INFO(made.output);
    REQUIRE(made.exit_code == 0);
    return copies;
}

test::command_result run_ucom(const std::vector<std::string> &args)
{
    std::vector<std::string> argv = {UCOM_TOOL};
    argv.insert(argv.end(), args.begin(), args.end());
    return test::run_command(argv);
}

// Holds the registry's write lock: no writer is between its read and its rename meanwhile,
// and a writer that was killed has let go of it (the kernel releases a dead process's flock).
class registry_lock {
public:
    explicit registry_lock(const fs::path &registry)
        : fd_(::open((registry.string() + ".lock").c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644))
    {
        REQUIRE(fd_ >= 0);
        REQUIRE(::flock(fd_, LOCK_EX) == 0);
    }
    ~registry_lock() { ::close(fd_); }
    registry_lock(const registry_lock &) = delete;
    registry_lock &operator=(const registry_lock &) = delete;

private:
    int fd_;
};

// `workers` processes at once, each a shell loop of `ucom register` over its share of
// `copies`, interleaved so that every worker's registrations land throughout the file; their
// logs go to `folder`.
std::vector<int> start_workers(const fs::path &folder, const fs::path &registry, const std::vector<fs::path> &copies,
                               unsigned workers)
{
    const std::string loop = R"(ucom=$1; registry=$2; shift 2
for plugin; do "$ucom" register "$plugin" --registry "$registry" >/dev/null || exit 1; done)";
    std::vector<int> pids;
    for (unsigned w = 0; w < workers; ++w) {
        std::vector<std::string> argv = {"/bin/sh", "-c", loop, "worker", UCOM_TOOL, registry.string()};
        for (std::size_t i = w; i < copies.size(); i += workers) {
            argv.push_back(copies[i].string());
        }
        pids.push_back(test::start_process(argv, (folder / fmt::format("worker_{}.log", w)).string()));
    }
    return pids;
}

void wait_for_workers(const std::vector<int> &pids, const fs::path &folder)
{
    for (std::size_t w = 0; w < pids.size(); ++w) {
        const int code = test::wait_process(pids[w]);
        INFO("worker " << w << ": " << test::read_file(folder / fmt::format("worker_{}.log", w)));
        CHECK(code == 0);
    }
}

} // namespace

TEST_CASE("Copies of a plugin made for the registry tests each declare their own CLSID")
{
    const test::scratch_folder scratch;
    const std::vector<fs::path> copies = plugin_copies(scratch / "plugins", 3);
    for (unsigned n = 0; n < copies.size(); ++n) {
        const test::command_result shown = run_ucom({"show", "--file", copies[n].string()});
        INFO(shown.output);
        CHECK(shown.exit_code == 0);
        CHECK_THAT(shown.output, Catch::Contains("class Calculator " + numbered_clsid(n).to_string() + "\n"));
        CHECK_THAT(shown.output, !Catch::Contains(marker_clsid));
        CHECK_THAT(shown.output, Catch::Contains("interface    ICalculator2 {E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}"));
    }
}

TEST_CASE("8 processes registering 50 classes each into one registry at once lose none of the 400")
{
    constexpr unsigned workers = 8;
    constexpr unsigned per_worker = 50;
    const test::scratch_folder scratch;
    const fs::path registry = scratch / "registry/registry.toml";
    const std::vector<fs::path> copies = plugin_copies(scratch / "registry/plugins", workers * per_worker);

    wait_for_workers(start_workers(scratch.path(), registry, copies, workers), scratch.path());

    const auto file = load_registry(registry);
    REQUIRE(file.has_value());
    CHECK(file->classes.size() == workers * per_worker);
    CHECK(file->modules.size() == workers * per_worker);
    CHECK(file->interfaces.size() == 2);
    unsigned missing = 0;
    for (unsigned n = 0; n < workers * per_worker; ++n) {
        const class_record *c = file->find_class(numbered_clsid(n));
        if (c == nullptr || c->module != fmt::format("plugins/libclass_{:03}.so", n) ||
            file->find_module(c->module) == nullptr) {
            ++missing;
        }
    }
    CHECK(missing == 0);
    // Nothing but the registry, its lock and the plugins: no temp file left behind.
    CHECK(test::folder_entries(registry.parent_path()) ==
          std::set<std::string>{"plugins", "registry.toml", "registry.toml.index", "registry.toml.lock"});
    CHECK_FALSE(fs::exists(UCOM_MARKER_FILE));
}

TEST_CASE("Hosts opening a registry while writers change it read it whole, through its index or its text")
{
    constexpr unsigned workers = 4;
    constexpr unsigned per_worker = 15;
    constexpr unsigned total = workers * per_worker;
    const test::scratch_folder scratch;
    const fs::path registry = scratch / "registry/registry.toml";
    const std::vector<fs::path> copies = plugin_copies(scratch / "registry/plugins", total);
    const std::vector<int> pids = start_workers(scratch.path(), registry, copies, workers);
    // Two host threads open the registry for lookups again and again while the writers run:
    // every open succeeds, and every class found is whole and points at its own module.
    std::atomic<bool> writing{true};
    std::atomic<unsigned> opens{0};
    std::atomic<unsigned> indexed_opens{0};
    std::atomic<unsigned> wrong{0};
    std::atomic<unsigned> failed_opens{0};
    std::mutex first_failure_lock;
    std::string first_failure;
    const auto host = [&] {
        do {
            auto opened = catalog::open(lookup_layers({registry}), catalog_use::lookups);
            if (!opened) {
                if (++failed_opens == 1) {
                    const std::lock_guard<std::mutex> hold(first_failure_lock);
                    first_failure = opened.error().message();
                }
                continue;
            }
            ++opens;
            indexed_opens += opened->indexed() ? 1U : 0U;
            for (unsigned n = 0; n < total; ++n) {
                const resolved_class *found = opened->find(numbered_clsid(n));
                if (found != nullptr && (found->module == nullptr ||
                                         found->module->path != fmt::format("plugins/libclass_{:03}.so", n))) {
                    ++wrong;
                }
            }
        } while (writing.load());
    };
    std::thread first(host);
    std::thread second(host);
    wait_for_workers(pids, scratch.path());
    writing.store(false);
    first.join();
    second.join();
    INFO("first failed open: " << first_failure);
    CHECK(failed_opens.load() == 0);
    CHECK(wrong.load() == 0);
    CHECK(opens.load() > 0);
    WARN(fmt::format("{} host opens while writing, {} through the index", opens.load(), indexed_opens.load()));

    // The last write left a current index; threads sharing one catalog find every class.
    auto shared = catalog::open(lookup_layers({registry}), catalog_use::lookups);
    REQUIRE(shared.has_value());
    REQUIRE(shared->indexed());
    std::atomic<unsigned> found{0};
    std::vector<std::thread> finders;
    for (unsigned t = 0; t < 4; ++t) {
        finders.emplace_back([&] {
            for (unsigned n = 0; n < total; ++n) {
                found += shared->find(numbered_clsid(n)) != nullptr ? 1U : 0U;
            }
        });
    }
    for (std::thread &finder : finders) {
        finder.join();
    }
    CHECK(found.load() == 4 * total);
}

TEST_CASE("A registry writer killed with SIGKILL at random moments leaves a registry that reads whole")
{
    const test::scratch_folder scratch;
    const fs::path registry = scratch / "registry/registry.toml";
    // A large registry, so that a write takes long enough to be killed in the middle.
    constexpr unsigned already = 500;
    REQUIRE(update_registry(registry, [](registry_file &file) -> ucom::result<void> {
                const ucom::guid iface = numbered_clsid(0xFFFFFF);
                file.interfaces.push_back({iface, "ISynthetic", 0x1234, "build/synthetic.json"});
                for (unsigned n = 0; n < already; ++n) {
                    const std::string path = fmt::format("/opt/synthetic/libsynthetic_{:04}.so", n);
                    file.modules.push_back({path, 1, 0, {{iface, 0x1234}}});
                    class_record c;
                    c.clsid = numbered_clsid(n);
                    c.progid = fmt::format("Synthetic.Class{:04}.1", n);
                    c.vi_progid = fmt::format("Synthetic.Class{:04}", n);
                    c.name = "Synthetic";
                    c.description = "A class that fills the registry";
                    c.module = path;
                    c.threading = "both";
                    c.interfaces = {iface};
                    file.classes.push_back(c);
                }
                return {};
            }).has_value());
    const fs::path plugin = scratch / "registry/libkilled.so";
    fs::copy_file(UCOM_MARKER_PLUGIN, plugin);

    // How long one register and unregister take here (sanitizers slow them a lot): the kills
    // land anywhere in the first few of them.
    const auto started = std::chrono::steady_clock::now();
    REQUIRE(run_ucom({"register", plugin.string(), "--registry", registry.string()}).exit_code == 0);
    REQUIRE(run_ucom({"unregister", plugin.string(), "--registry", registry.string()}).exit_code == 0);
    const auto cycle =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);

    // (It stops by itself should this test die before it kills it.)
    const std::string loop = R"(ucom=$1; registry=$2; plugin=$3
while kill -0 "$PPID" 2>/dev/null; do
  "$ucom" register "$plugin" --registry "$registry" >/dev/null
  "$ucom" unregister "$plugin" --registry "$registry" >/dev/null
done)";
    std::random_device seed_source;
    const unsigned seed = seed_source();
    INFO("seed " << seed << ", one cycle " << cycle.count() << " ms");
    std::mt19937 random(seed);
    std::uniform_int_distribution<long> delay_ms(1, std::max<long>(20, 3 * cycle.count()));
    constexpr int rounds = 12;
    unsigned with_plugin = 0;
    std::set<std::string> stray_temp_files;
    for (int round = 0; round < rounds; ++round) {
        const int writer =
            test::start_process({"/bin/sh", "-c", loop, "writer", UCOM_TOOL, registry.string(), plugin.string()},
                                (scratch / "writer.log").string(), true);
        std::this_thread::sleep_for(std::chrono::milliseconds(delay_ms(random)));
        REQUIRE(::kill(-writer, SIGKILL) == 0); // the loop and the ucom it runs
        CHECK(test::wait_process(writer) == 128 + SIGKILL);

        const registry_lock lock(registry);
        const auto file = load_registry(registry);
        INFO("round " << round);
        REQUIRE(file.has_value());
        const bool registered = file->classes.size() == already + 1;
        CHECK((registered || file->classes.size() == already));
        CHECK(file->modules.size() == file->classes.size());
        with_plugin += registered ? 1 : 0;
        for (const std::string &name : test::folder_entries(registry.parent_path())) {
            if (name != "registry.toml" && name != "registry.toml.index" && name != "registry.toml.lock" &&
                name != "libkilled.so") {
                // All a killed writer may leave: its temp file, never under the registry's name.
                CHECK_THAT(name, Catch::StartsWith(".registry.toml."));
                stray_temp_files.insert(name);
            }
        }
    }
    // The lock is free again and the registry takes the next registration.
    const test::command_result after = run_ucom({"register", plugin.string(), "--registry", registry.string()});
    INFO(after.output);
    CHECK(after.exit_code == 0);
    const auto file = load_registry(registry);
    REQUIRE(file.has_value());
    CHECK(file->classes.size() == already + 1);
    WARN(fmt::format("{} of {} kills left the plugin registered; {} stray temp files; one cycle {} ms", with_plugin,
                     rounds, stray_temp_files.size(), cycle.count()));
}

TEST_CASE("A registry writer killed at each step of its write leaves the old registry and a temp file no reader takes")
{
    if (std::string_view(UCOM_STRACE).empty()) {
        WARN("strace was not found: the writer cannot be stopped at an exact step");
        return;
    }
    const test::scratch_folder scratch;
    const fs::path registry = scratch / "registry.toml";
    const fs::path plugin = scratch / "libkilled.so";
    fs::copy_file(UCOM_MARKER_PLUGIN, plugin);
    REQUIRE(run_ucom({"register", UCOM_MARKER_PLUGIN, "--registry", registry.string()}).exit_code == 0);
    const std::string before = test::read_file(registry);

    // Killed as it syncs its temp file (the first fsync it makes), and as it renames it.
    for (const char *step : {"fsync", "rename,renameat,renameat2"}) {
        INFO(step);
        const test::command_result killed = test::run_command(
            {UCOM_STRACE, "-f", "-o", "/dev/null", "-e", fmt::format("inject={}:error=EIO:signal=SIGKILL", step),
             UCOM_TOOL, "unregister", UCOM_MARKER_PLUGIN, "--registry", registry.string()});
        INFO(killed.output);
        CHECK(killed.exit_code == 128 + SIGKILL);
        CHECK(test::read_file(registry) == before);
        const auto file = load_registry(registry);
        REQUIRE(file.has_value());
        CHECK(file->classes.size() == 1);
        std::set<std::string> strays = test::folder_entries(scratch.path());
        strays.erase("registry.toml");
        strays.erase("registry.toml.lock");
        strays.erase("registry.toml.index");
        strays.erase("libkilled.so");
        REQUIRE(strays.size() == 1); // the killed writer's temp file
        CHECK_THAT(*strays.begin(), Catch::StartsWith(".registry.toml."));
        fs::remove(scratch / *strays.begin());
    }
    // The next writer takes the lock the killed one held.
    CHECK(run_ucom({"unregister", UCOM_MARKER_PLUGIN, "--registry", registry.string()}).exit_code == 0);
    CHECK(load_registry(registry).value().classes.empty());
}
