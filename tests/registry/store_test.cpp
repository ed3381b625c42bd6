// Loading and changing a registry file: a missing file is empty, the first write creates
// the file and its folder, and a write that cannot happen (a refused edit, a malformed file,
// a file the user may not write) leaves the file exactly as it was.
#include <filesystem>
#include <set>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include <ucom/registry/store.hpp>
#include <ucom/registry/toml_file.hpp>

#include "child_process.hpp"
#include "scratch_folder.hpp"

namespace {

using namespace ucom::registry;
using ucom::make_guid;
namespace fs = std::filesystem;
namespace test = ucom::registry::test;

constexpr ucom::guid calculator_clsid = make_guid("{47E33DF5-BF12-4469-836C-2EAC6F517450}");
constexpr ucom::guid hello_clsid = make_guid("{8A1F0E43-3C0B-4F3E-9F0D-3C8B7D2E6A11}");

// An edit that adds a module with one class.
registry_edit add_class(ucom::guid clsid, std::string module)
{
    return [clsid, module](registry_file &file) -> ucom::result<void> {
        file.modules.push_back({module, 1, 0, {}});
        class_record record;
        record.clsid = clsid;
        record.module = module;
        record.threading = "free";
        file.classes.push_back(record);
        return {};
    };
}

// A write leaves the registry, its lock file and its binary index; an update that writes
// nothing leaves only the lock file beside a registry written by hand.
const std::set<std::string> registry_and_lock = {"registry.toml", "registry.toml.index", "registry.toml.lock"};
const std::set<std::string> unwritten = {"registry.toml", "registry.toml.lock"};

} // namespace

TEST_CASE("Loading a registry file that does not exist gives an empty registry")
{
    const test::scratch_folder scratch;
    const auto file = load_registry(scratch / "no/such/registry.toml");
    REQUIRE(file.has_value());
    CHECK(file->modules.empty());
    CHECK(file->classes.empty());
    CHECK(file->interfaces.empty());
    CHECK(test::folder_entries(scratch.path()).empty());
}

TEST_CASE("Loading a registry path that cannot be read is REGDB_E_READREGDB naming it")
{
    const test::scratch_folder scratch;
    const auto folder = load_registry(scratch.path());
    REQUIRE_FALSE(folder.has_value());
    CHECK(folder.error().code() == REGDB_E_READREGDB);
    CHECK(folder.error().message() == scratch.path().string() + ": the file is a folder; a registry must be a regular file");
    const fs::path unreadable = scratch / "registry.toml" / "below-a-file.toml";
    test::write_file(scratch / "registry.toml", "format = 1\n");
    const auto file = load_registry(unreadable);
    REQUIRE_FALSE(file.has_value());
    CHECK(file.error().code() == REGDB_E_READREGDB);
    CHECK(file.error().message() == unreadable.string() + ": cannot read: Not a directory");
}

TEST_CASE("Loading a malformed registry file gives its location")
{
    const test::scratch_folder scratch;
    test::write_file(scratch / "registry.toml", "format = 1\nbogus = true\n");
    const auto file = load_registry(scratch / "registry.toml");
    REQUIRE_FALSE(file.has_value());
    CHECK(file.error().code() == REGDB_E_INVALIDVALUE);
    CHECK_THAT(file.error().message(),
               Catch::StartsWith((scratch / "registry.toml").string() + ":2:1: unknown key 'bogus'"));
}

TEST_CASE("The first update creates the registry file and its folders")
{
    const test::scratch_folder scratch;
    const fs::path path = scratch / "a/b/c/registry.toml";
    const auto updated = update_registry(path, add_class(calculator_clsid, "libcalc.so"));
    REQUIRE(updated.has_value());
    REQUIRE(fs::is_regular_file(path));
    CHECK(test::folder_entries(path.parent_path()) == registry_and_lock);
    CHECK((fs::status(path).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read | fs::perms::others_read));
    const auto file = load_registry(path);
    REQUIRE(file.has_value());
    REQUIRE(file->classes.size() == 1);
    CHECK(file->classes[0].clsid == calculator_clsid);
    CHECK(file->modules.at(0).path == "libcalc.so");
}

TEST_CASE("An update reads the current file and writes the edited whole")
{
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    REQUIRE(update_registry(path, add_class(calculator_clsid, "libcalc.so")).has_value());
    REQUIRE(update_registry(path, add_class(hello_clsid, "libhello.so")).has_value());
    const auto file = load_registry(path);
    REQUIRE(file.has_value());
    CHECK(file->classes.size() == 2);
    CHECK(file->modules.size() == 2);
    CHECK(test::read_file(path) == serialize_registry(*file));
    CHECK(test::folder_entries(scratch.path()) == registry_and_lock);
}

TEST_CASE("An edit that fails leaves the registry file byte for byte as it was")
{
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    // Not the writer's spelling, so that any rewrite would show.
    const std::string before = "# hand-written\n[[module]]\npath = \"libcalc.so\"\nabi = \"1.0\"\n";
    test::write_file(path, before);
    bool edited = false;
    const auto updated = update_registry(path, [&](registry_file &file) -> ucom::result<void> {
        edited = true;
        file.modules.clear(); // changed, then refused: the change must not be written
        return tl::make_unexpected(ucom::error(E_INVALIDARG, "refused by the test"));
    });
    REQUIRE_FALSE(updated.has_value());
    CHECK(edited);
    CHECK(updated.error().code() == E_INVALIDARG);
    CHECK(updated.error().message() == "refused by the test");
    CHECK(test::read_file(path) == before);
    CHECK(test::folder_entries(scratch.path()) == unwritten);
}

TEST_CASE("An edit that fails on a registry that does not exist yet creates no registry file")
{
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    const auto updated = update_registry(
        path, [](registry_file &) -> ucom::result<void> { return tl::make_unexpected(ucom::error(E_FAIL, "no")); });
    REQUIRE_FALSE(updated.has_value());
    CHECK_FALSE(fs::exists(path));
    CHECK(test::folder_entries(scratch.path()) == std::set<std::string>{"registry.toml.lock"});
}

TEST_CASE("A malformed registry file makes an update fail before the edit and stays byte for byte as it was")
{
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    const std::string before = "format = 1\n\n[[class]]\nclsid = \"{47E33DF5-BF12-4469-836C-2EAC6F517450}\"\n";
    test::write_file(path, before);
    bool edited = false;
    const auto updated = update_registry(path, [&](registry_file &) -> ucom::result<void> {
        edited = true;
        return {};
    });
    REQUIRE_FALSE(updated.has_value());
    CHECK_FALSE(edited);
    CHECK(updated.error().code() == REGDB_E_INVALIDVALUE);
    CHECK_THAT(
        updated.error().message(),
        Catch::StartsWith(path.string() + ":3:1: class {47E33DF5-BF12-4469-836C-2EAC6F517450}: missing key 'module'"));
    CHECK(test::read_file(path) == before);
    CHECK(test::folder_entries(scratch.path()) == unwritten);
}

TEST_CASE("An update keeps the registry file's permissions")
{
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    REQUIRE(update_registry(path, add_class(calculator_clsid, "libcalc.so")).has_value());
    fs::permissions(path, fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read);
    REQUIRE(update_registry(path, add_class(hello_clsid, "libhello.so")).has_value());
    CHECK((fs::status(path).permissions() & fs::perms::all) ==
          (fs::perms::owner_read | fs::perms::owner_write | fs::perms::group_read));
}

TEST_CASE("A registry that is a symbolic link is written through to its target")
{
    const test::scratch_folder scratch;
    const fs::path target = scratch / "real/registry.toml";
    const fs::path link = scratch / "registry.toml";
    fs::create_directories(target.parent_path());
    test::write_file(target, "format = 1\n");
    fs::create_symlink("real/registry.toml", link);
    REQUIRE(update_registry(link, add_class(calculator_clsid, "libcalc.so")).has_value());
    CHECK(fs::is_symlink(link));
    const auto file = load_registry(target);
    REQUIRE(file.has_value());
    CHECK(file->classes.size() == 1);
    CHECK(test::folder_entries(target.parent_path()) == registry_and_lock);
}

TEST_CASE("A stray temp file from a killed writer is never read as the registry")
{
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    REQUIRE(update_registry(path, add_class(calculator_clsid, "libcalc.so")).has_value());
    const std::string written = test::read_file(path);
    // What a writer killed between its write and its rename leaves: half a file.
    test::write_file(scratch / ".registry.toml.Ab12Cd", written.substr(0, written.size() / 2));
    const auto file = load_registry(path);
    REQUIRE(file.has_value());
    CHECK(file->classes.size() == 1);
    REQUIRE(update_registry(path, add_class(hello_clsid, "libhello.so")).has_value());
    CHECK(load_registry(path).value().classes.size() == 2);
}

TEST_CASE("An unprivileged user's read-only registry file is refused and left as it was")
{
    const test::scratch_folder scratch(true); // writable by the unprivileged child
    const fs::path path = scratch / "registry.toml";
    const std::string before = "format = 1\n";
    test::write_file(path, before);
    fs::permissions(path, fs::perms::owner_read | fs::perms::group_read | fs::perms::others_read);
    const std::string outcome = test::in_unprivileged_child([&] {
        // (Root may write a file whatever its mode: this is why the child is unprivileged.)
        const std::string access = ::access(path.c_str(), W_OK) == 0 ? "writable; " : "";
        const auto updated = update_registry(path, add_class(calculator_clsid, "libcalc.so"));
        if (updated) {
            return access + "written";
        }
        return access + ucom::hresult_name(updated.error().code()) + " " + updated.error().message();
    });
    CHECK(outcome == "E_ACCESSDENIED " + path.string() + ": cannot write (it is left as it is): Permission denied");
    CHECK(test::read_file(path) == before);
    CHECK(test::folder_entries(scratch.path()) == std::set<std::string>{"registry.toml"});
}

TEST_CASE("A registry file larger than max_registry_bytes is refused before it is read")
{
    static_assert(max_registry_bytes >= 10 * 22'000'000, "at least 10 times a registry of 100,000 classes");
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    test::write_file(path, "format = 1\n");
    fs::resize_file(path, max_registry_bytes + 1); // sparse: no disk space used
    const auto loaded = load_registry(path);
    REQUIRE_FALSE(loaded.has_value());
    CHECK(loaded.error().code() == REGDB_E_READREGDB);
    CHECK(loaded.error().message() == path.string() + ": the file is larger than the registry limit of 256 MiB "
                                                      "(max_registry_bytes); a registry of 100,000 classes is 22 MB");
    const auto updated = update_registry(path, add_class(calculator_clsid, "libcalc.so"));
    REQUIRE_FALSE(updated.has_value());
    CHECK(updated.error().message() == loaded.error().message());
    CHECK(fs::file_size(path) == max_registry_bytes + 1);
}

TEST_CASE("The lock file is created readable and writable by its owner only")
{
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    REQUIRE(update_registry(path, add_class(calculator_clsid, "libcalc.so")).has_value());
    struct stat lock {};
    REQUIRE(::stat((path.string() + ".lock").c_str(), &lock) == 0);
    CHECK((lock.st_mode & 07777) == 0600);
    CHECK(lock.st_uid == ::geteuid());
}

TEST_CASE("A lock file that is not a regular file is refused naming it and the fix and nothing is written")
{
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    const std::string lock = path.string() + ".lock";
    REQUIRE(::mkfifo(lock.c_str(), 0600) == 0);
    const auto updated = update_registry(path, add_class(calculator_clsid, "libcalc.so"));
    REQUIRE_FALSE(updated.has_value());
    CHECK(updated.error().code() == E_ACCESSDENIED);
    CHECK(updated.error().message() == lock + ": the lock file is a FIFO, not a regular file (fix: rm " + lock + ")");
    CHECK_FALSE(fs::exists(path));
}

TEST_CASE("A lock file another user owns is refused naming it and the fix, since its owner could block every write")
{
    if (!test::running_as_root()) {
        WARN("not running as root: a lock file owned by another user cannot be made");
        return;
    }
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    REQUIRE(update_registry(path, add_class(calculator_clsid, "libcalc.so")).has_value());
    const std::string before = test::read_file(path);
    const std::string lock = path.string() + ".lock";
    // What another user does in a folder they may write: make the lock file first, and hold it.
    REQUIRE(::chown(lock.c_str(), test::unprivileged_id, test::unprivileged_id) == 0);
    const auto updated = update_registry(path, add_class(hello_clsid, "libhello.so"));
    REQUIRE_FALSE(updated.has_value());
    CHECK(updated.error().code() == E_ACCESSDENIED);
    CHECK(updated.error().message() == lock + ": the lock file is owned by uid 65534, not by you (uid 0), so its "
                                              "owner could hold the lock and block every write forever (fix: rm " +
                                          lock + ")");
    CHECK(test::read_file(path) == before);
    // Removed, it is made again, the user's own.
    fs::remove(lock);
    CHECK(update_registry(path, add_class(hello_clsid, "libhello.so")).has_value());
}
