// The load policy as another local user attacks it while the host runs as root: folders and
// symlinks that user owns, a `..` that walks through a folder others can write, a FIFO in
// the module's place, a library the module needs in a folder others can write, and a module
// swapped while it is being loaded. The tests run as root (as CI does); other users are
// played by uid 65534.
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <future>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <ucom/guid.hpp>
#include <ucom/runtime.hpp>

#include "calculator.h"
#include "test_registry.hpp"

using ucom::test::scratch_registry;

namespace {

constexpr uid_t other_user = ucom::registry::test::unprivileged_id;

void give_to_other_user(const std::filesystem::path &path)
{
    REQUIRE(::lchown(path.c_str(), other_user, other_user) == 0);
}

void set_mode(const std::filesystem::path &path, unsigned mode)
{
    std::filesystem::permissions(path, static_cast<std::filesystem::perms>(mode));
}

void place(const std::filesystem::path &from, const std::filesystem::path &to)
{
    std::filesystem::create_directories(to.parent_path());
    std::filesystem::copy_file(from, to, std::filesystem::copy_options::overwrite_existing);
    set_mode(to, 0755);
}

ucom::result<ucom::com_ptr<IUnknown>> activate(const scratch_registry &registry)
{
    return registry.open_runtime().create_instance<IUnknown>(ucom::guid(CLSID_Calculator));
}

// The registered module is refused before loading, by activation and by `ucom verify`,
// with `reason` in both messages, and no code of the marker plugin ran.
void check_refused(const scratch_registry &registry, const std::string &reason)
{
    auto made = activate(registry);
    REQUIRE_FALSE(made);
    CHECK(made.error().code() == E_ACCESSDENIED);
    CHECK_THAT(made.error().message(), Catch::Contains(reason) && Catch::EndsWith("; refused before loading"));
    CHECK_FALSE(std::filesystem::exists(registry.marker_file()));
    const auto verified = registry.ucom({"verify"});
    CHECK(verified.exit_code == 1);
    CHECK_THAT(verified.output, Catch::Contains(reason));
}

// The marker plugin at `file`, registered through `registered` (a path that leads to it).
void register_marker(const scratch_registry &registry, const std::filesystem::path &file,
                     const std::filesystem::path &registered)
{
    place(MARKER_PLUGIN, file);
    registry.register_plugin(registered);
}

} // namespace

TEST_CASE("a module in a folder another user owns is refused, though nobody else may write the folder")
{
    scratch_registry registry;
    const auto theirs = registry.folder() / "theirs";
    register_marker(registry, theirs / "libcalculator.so", theirs / "libcalculator.so");
    give_to_other_user(theirs); // mode 0755: only its owner can write it, and that is not us
    check_refused(registry, "the folder " + theirs.string() + " is owned by uid 65534, neither root nor you (uid 0)");
}

TEST_CASE("a sticky world-writable folder on the way is accepted only where root or the user owns the entry taken in it")
{
    scratch_registry registry;
    const auto sticky = registry.folder() / "sticky";
    const auto module = sticky / "sub" / "libcalculator.so";
    register_marker(registry, module, module);
    set_mode(sticky, 01777);
    SECTION("another user's folder in it is refused: they could rename it away and put theirs there")
    {
        give_to_other_user(sticky / "sub");
        check_refused(registry, "the folder " + sticky.string() +
                                    " is group- or world-writable and sticky (mode 1777), and " +
                                    (sticky / "sub").string() + " in it is owned by uid 65534");
    }
    SECTION("root's folder in it is accepted, as /tmp is")
    {
        CHECK_FALSE(activate(registry)); // the marker plugin serves no class, but it was loaded
        CHECK(std::filesystem::exists(registry.marker_file()));
    }
}

TEST_CASE("a symlink another user owns on the way to a module is refused")
{
    scratch_registry registry;
    const auto link = registry.folder() / "safe" / "libcalculator.so";
    std::filesystem::create_directories(link.parent_path());
    std::filesystem::create_symlink(registry.folder() / "real" / "libcalculator.so", link);
    register_marker(registry, registry.folder() / "real" / "libcalculator.so", link);
    give_to_other_user(link);
    check_refused(registry, "the symlink " + link.string() + " is owned by uid 65534");
}

TEST_CASE("a `..` in a symlink's target is taken against the real parent: a folder others can write on the way is refused")
{
    scratch_registry registry;
    const auto open = registry.folder() / "open";
    std::filesystem::create_directories(open / "sub");
    const auto link = registry.folder() / "libcalculator.so";
    std::filesystem::create_symlink("open/sub/../../safe/libcalculator.so", link);
    register_marker(registry, registry.folder() / "safe" / "libcalculator.so", link);
    // Whoever may write open/ could make sub a symlink elsewhere, and sub/../.. with it.
    set_mode(open, 0777);
    check_refused(registry, "the folder " + open.string() + " is group- or world-writable (mode 0777) without the "
                                                            "sticky bit");
}

TEST_CASE("a FIFO in a module's place is refused at once instead of blocking the host")
{
    scratch_registry registry;
    const auto module = registry.copy_in(CALCULATOR_PLUGIN, "libcalculator.so");
    registry.register_plugin(module);
    std::filesystem::remove(module);
    REQUIRE(::mkfifo(module.c_str(), 0644) == 0);
    auto activation = std::async(std::launch::async, [&] { return activate(registry); });
    if (activation.wait_for(std::chrono::seconds(20)) != std::future_status::ready) {
        // Opening the FIFO for writing releases a reader blocked on it, so the test ends.
        const int writer = ::open(module.c_str(), O_WRONLY | O_NONBLOCK);
        FAIL("activation blocked on the FIFO");
        ::close(writer);
    }
    auto made = activation.get();
    REQUIRE_FALSE(made);
    CHECK(made.error().code() == E_ACCESSDENIED);
    CHECK_THAT(made.error().message(), Catch::Contains("not a regular file (a FIFO)"));
    // The tool's readers, each bounded by timeout(1): 124 would mean it blocked.
    for (const std::vector<std::string> &args :
         {std::vector<std::string>{"show", "--file", module.string()}, std::vector<std::string>{"verify"},
          std::vector<std::string>{"register", module.string()}}) {
        std::vector<std::string> argv{"/usr/bin/timeout", "20", UCOM_TOOL};
        argv.insert(argv.end(), args.begin(), args.end());
        argv.insert(argv.end(), {"--registry", registry.file().string()});
        const auto done = ucom::test::run_command(argv);
        CHECK(done.exit_code == 1);
        CHECK_THAT(done.output, Catch::Contains("not a regular file"));
    }
}

TEST_CASE("a plugin whose DllGetClassObject is data is refused instead of called")
{
    scratch_registry registry;
    const auto module = registry.copy_in(CALCULATOR_PLUGIN, "libcalculator.so");
    registry.register_plugin(module);
    registry.copy_in(DATA_ENTRY_PLUGIN, "libcalculator.so"); // registration would refuse it
    auto made = activate(registry);
    REQUIRE_FALSE(made);
    CHECK(made.error().code() == CO_E_ERRORINDLL);
    CHECK_THAT(made.error().message(), Catch::EndsWith("the module's DllGetClassObject is not a function"));
}

TEST_CASE("a plugin built for another machine is refused by registration, verification and activation")
{
    scratch_registry registry;
    const auto module = registry.copy_in(CALCULATOR_PLUGIN, "libcalculator.so");
    const auto foreign = registry.copy_in(CALCULATOR_PLUGIN, "libforeign.so");
    {
        std::fstream patch(foreign, std::ios::in | std::ios::out | std::ios::binary);
        patch.seekp(18); // e_machine
        const char aarch64[2] = {static_cast<char>(183), 0};
        patch.write(aarch64, 2);
    }
    const auto registered = registry.ucom({"register", foreign.string()});
    CHECK(registered.exit_code == 1);
    CHECK_THAT(registered.output, Catch::Contains("an ELF file for another machine") && Catch::Contains("machine 183"));
    registry.register_plugin(module);
    std::filesystem::copy_file(foreign, module, std::filesystem::copy_options::overwrite_existing);
    auto made = activate(registry);
    REQUIRE_FALSE(made);
    CHECK_THAT(made.error().message(),
               Catch::Contains("an ELF file for another machine") && Catch::Contains("refused before loading"));
    const auto verified = registry.ucom({"verify"});
    CHECK(verified.exit_code == 1);
    CHECK_THAT(verified.output, Catch::Contains("an ELF file for another machine"));
}

namespace {

// `ucom query` of the calculator class: a process of its own, so that a library an earlier
// test loaded into this one does not count as loaded (ld.so would reuse it, and so does ucom).
ucom::test::command_result query(const scratch_registry &registry)
{
    return registry.ucom({"query", "{47E33DF5-BF12-4469-836C-2EAC6F517450}"});
}

// The dependent plugin as libcalculator.so with the library it needs in libs/, found
// through its RUNPATH ($ORIGIN/deps, then $ORIGIN/libs).
struct dependent_module {
    scratch_registry registry;
    std::filesystem::path module = registry.folder() / "libcalculator.so";
    std::filesystem::path libs = registry.folder() / "libs";
    std::filesystem::path library = libs / std::filesystem::path(DEPENDENCY_LIBRARY).filename();

    dependent_module()
    {
        place(DEPENDENT_PLUGIN, module);
        place(DEPENDENCY_LIBRARY, library);
        registry.register_plugin(module);
    }

    // Refused before loading, by activation, `ucom verify` and (as a warning) `ucom
    // register`, naming the library and `reason`; the library's code never ran. verify and
    // register check every library the module needs, loaded by the tool or not: in a
    // sanitizer build the first one looked for through the RUNPATH is the sanitizer's
    // runtime, so they may name that library instead.
    void check_refused(const std::string &reason) const
    {
        const std::string needs = "it needs " + library.filename().string() + " (";
        const auto queried = query(registry);
        CHECK(queried.exit_code == 1);
        CHECK_THAT(queried.output,
                   Catch::Contains(needs) && Catch::Contains(reason) && Catch::Contains("; refused before loading"));
        CHECK_FALSE(std::filesystem::exists(registry.marker_file()));
        const auto verified = registry.ucom({"verify"});
        CHECK(verified.exit_code == 1);
        CHECK_THAT(verified.output, Catch::Contains("it needs lib") && Catch::Contains(reason));
        const auto registered = registry.ucom({"register", module.string()});
        CHECK(registered.exit_code == 0);
        CHECK_THAT(registered.output,
                   Catch::Contains("warning") && Catch::Contains("it needs lib") && Catch::Contains(reason));
    }
};

} // namespace

TEST_CASE("a library a module needs, found through its RUNPATH in a safe folder, loads with it")
{
    dependent_module dependent;
    const auto queried = query(dependent.registry);
    CHECK(queried.exit_code == 1); // the plugin serves no class...
    CHECK_THAT(queried.output, Catch::Contains("does not provide this class"));
    CHECK(std::filesystem::exists(dependent.registry.marker_file())); // ...but it loaded, with its library
    CHECK(dependent.registry.ucom({"verify"}).exit_code == 0);
}

TEST_CASE("a library a module needs is refused before loading when others may write the folder it is found in")
{
    dependent_module dependent;
    set_mode(dependent.libs, 0775);
    dependent.check_refused("looked for in " + dependent.libs.string() + " (RUNPATH)): the folder " +
                            dependent.libs.string() + " is group- or world-writable (mode 0775)");
}

TEST_CASE("a library a module needs is refused when another user owns it")
{
    dependent_module dependent;
    give_to_other_user(dependent.library);
    dependent.check_refused("the file is owned by uid 65534");
}

TEST_CASE("a module is refused when others may write a folder the dynamic loader searches before the one its "
          "library is in")
{
    dependent_module dependent;
    const auto deps = dependent.registry.folder() / "deps"; // empty: others could put the library there
    std::filesystem::create_directory(deps);
    set_mode(deps, 0777);
    dependent.check_refused("looked for in " + deps.string() + " (RUNPATH)): the folder " + deps.string() +
                            " is group- or world-writable (mode 0777)");
}

TEST_CASE("another user swapping a module while hosts load it never gets their code run", "[race]")
{
    scratch_registry registry;
    set_mode(registry.folder(), 0711); // the other user may pass through, not write
    const auto theirs = registry.folder() / "theirs";
    const auto module = theirs / "libcalculator.so";
    const auto good = theirs / "good.so";
    const auto evil = theirs / "evil.so";
    place(CALCULATOR_PLUGIN, module);
    registry.register_plugin(module);
    std::filesystem::rename(module, good); // root's file, in a folder the other user owns
    place(MARKER_PLUGIN, evil);
    give_to_other_user(evil);
    give_to_other_user(theirs);
    set_mode(theirs, 0755);
    const pid_t swapper = ::fork();
    REQUIRE(swapper >= 0);
    if (swapper == 0) { // the other user puts each file in the module's place in turn
        if (::setgid(other_user) != 0 || ::setuid(other_user) != 0) {
            ::_exit(1);
        }
        for (;;) {
            (void)::rename(good.c_str(), module.c_str());
            (void)::rename(module.c_str(), good.c_str());
            (void)::rename(evil.c_str(), module.c_str());
            (void)::rename(module.c_str(), evil.c_str());
        }
    }
    int refusals = 0;
    for (int attempt = 0; attempt < 100 && !std::filesystem::exists(registry.marker_file()); ++attempt) {
        refusals += query(registry).exit_code != 0 ? 1 : 0;
    }
    ::kill(swapper, SIGKILL);
    ::waitpid(swapper, nullptr, 0);
    CHECK_FALSE(std::filesystem::exists(registry.marker_file()));
    CHECK(refusals == 100);
}
