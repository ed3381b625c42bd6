// What a process running as root agrees to read and write as a registry file: only one no
// other user can change. Each rule is broken once, through the library and through the
// real `ucom`, and each refusal names the file and the fix. (Root only: the tests run as
// root, and an unprivileged process has no such rule.)
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <fmt/format.h>

#include <ucom/format.hpp>
#include <ucom/registry/catalog.hpp>
#include <ucom/registry/store.hpp>

#include "child_process.hpp"
#include "scratch_folder.hpp"

namespace {

using namespace ucom::registry;
namespace fs = std::filesystem;
namespace test = ucom::registry::test;

const std::string refused_prefix = ": refused: root reads and writes only registry files no other user can change: ";

registry_edit add_nothing()
{
    return [](registry_file &) -> ucom::result<void> { return {}; };
}

// `ucom verify` and `ucom list` run by root on `file`: the same refusal as load_registry's,
// which `verify` reports as a refused registry file among its results.
void check_commands_refuse(const fs::path &file, const std::string &message)
{
    const test::command_result listed = test::run_command({UCOM_TOOL, "list", "--registry", file.string()});
    CHECK(listed.exit_code == 1);
    CHECK(listed.output == fmt::format("ucom list: error: {}\n", message));
    const test::command_result verified = test::run_command({UCOM_TOOL, "verify", "--registry", file.string()});
    CHECK(verified.exit_code == 1);
    CHECK(verified.output == fmt::format("FAIL registry {}\n     {}\n0 modules checked, 0 with problems; 1 registry "
                                         "file refused\n",
                                         file.string(), message));
}

// Gives `entry` (the registry file `path` itself or a folder above it) to another user:
// reading `path` is refused with `reason`, naming the fix.
void check_refused_for_owner(const fs::path &path, const fs::path &entry, const std::string &reason)
{
    REQUIRE(::chown(entry.c_str(), test::unprivileged_id, 0) == 0);
    const std::string foreign = path.string() + refused_prefix + reason;
    CHECK(load_registry(path).error().message() == foreign);
    check_commands_refuse(path, foreign);
}

bool skipped_unless_root()
{
    if (!test::running_as_root()) {
        WARN("not running as root: the rules for root were not checked");
        return true;
    }
    return false;
}

} // namespace

TEST_CASE("Root refuses a registry file that another user owns or that group or others may write")
{
    if (skipped_unless_root()) {
        return;
    }
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    test::write_file(path, "format = 1\n");
    REQUIRE(load_registry(path).has_value());

    ::chmod(path.c_str(), 0664);
    const std::string writable = path.string() + refused_prefix +
                                 "the file is group- or world-writable (mode 0664), so others could change what it "
                                 "says (fix: chmod go-w)";
    auto loaded = load_registry(path);
    REQUIRE_FALSE(loaded.has_value());
    CHECK(loaded.error().code() == E_ACCESSDENIED);
    CHECK(loaded.error().message() == writable);
    check_commands_refuse(path, writable);
    // As the system layer: the catalog does not open, so neither does a runtime.
    const auto catalog = catalog::open({{path, layer_kind::system}});
    REQUIRE_FALSE(catalog.has_value());
    CHECK(catalog.error().message() == writable);
    CHECK(update_registry(path, add_nothing()).error().message() == writable);

    ::chmod(path.c_str(), 0644);
    check_refused_for_owner(path, path, "the file is owned by uid 65534, not root (fix: chown root)");
    CHECK(test::read_file(path) == "format = 1\n");
}

TEST_CASE("Root refuses a registry file in a folder another user owns or may write without the sticky bit")
{
    if (skipped_unless_root()) {
        return;
    }
    const test::scratch_folder scratch;
    const fs::path folder = scratch / "open";
    const fs::path path = folder / "registry.toml";
    fs::create_directory(folder);
    test::write_file(path, "format = 1\n");

    ::chmod(folder.c_str(), 0777);
    const std::string open_folder = "the folder " + folder.string() +
                                    " is group- or world-writable (mode 0777) without the sticky bit, so others could "
                                    "put another file in the registry file's place (fix: chmod go-w)";
    const std::string writable = path.string() + refused_prefix + open_folder;
    CHECK(load_registry(path).error().message() == writable);
    check_commands_refuse(path, writable);
    CHECK(update_registry(path, add_nothing()).error().message() == writable);
    // Nor is a new registry made there.
    const fs::path fresh = folder / "fresh.toml";
    const auto made = update_registry(fresh, add_nothing());
    REQUIRE_FALSE(made.has_value());
    CHECK(made.error().message() == folder.string() + refused_prefix + open_folder);
    CHECK_FALSE(fs::exists(fresh));
    CHECK_FALSE(fs::exists(fresh.string() + ".lock"));

    // Sticky, like /tmp: no one else may rename or remove root's file, so it is read.
    ::chmod(folder.c_str(), 01777);
    CHECK(load_registry(path).has_value());
    CHECK(update_registry(path, add_nothing()).has_value());

    ::chmod(folder.c_str(), 0755);
    check_refused_for_owner(path, folder,
                            "the folder " + folder.string() +
                                " is owned by uid 65534, not root, so its owner could put another file in the way "
                                "(fix: chown root " +
                                folder.string() + ", or move the registry file)");
}

TEST_CASE("Root neither reads nor writes a registry through a symlink another user owns")
{
    if (skipped_unless_root()) {
        return;
    }
    const test::scratch_folder scratch;
    fs::create_directory(scratch / "real");
    const fs::path target = scratch / "real/registry.toml";
    test::write_file(target, "format = 1\n");
    const fs::path link = scratch / "registry.toml";
    const fs::path folder_link = scratch / "linked";
    fs::create_symlink(target, link);
    fs::create_directory_symlink(scratch / "real", folder_link);
    // Root's own symlinks are followed.
    CHECK(load_registry(link).has_value());
    CHECK(load_registry(folder_link / "registry.toml").has_value());

    REQUIRE(::lchown(link.c_str(), test::unprivileged_id, test::unprivileged_id) == 0);
    REQUIRE(::lchown(folder_link.c_str(), test::unprivileged_id, test::unprivileged_id) == 0);
    const auto fix = [](const fs::path &symlink) {
        return "the symlink " + symlink.string() + " is owned by uid 65534, not root (fix: chown -h root " +
               symlink.string() + ", or name the file it points to)";
    };
    CHECK(load_registry(link).error().message() == link.string() + refused_prefix + fix(link));
    CHECK(update_registry(link, add_nothing()).error().message() == link.string() + refused_prefix + fix(link));
    const fs::path through_folder = folder_link / "registry.toml";
    CHECK(update_registry(through_folder, add_nothing()).error().message() ==
          through_folder.string() + refused_prefix + fix(folder_link));
    // A registry that does not exist yet, in a folder reached through the symlink.
    const fs::path fresh = folder_link / "fresh.toml";
    CHECK(update_registry(fresh, add_nothing()).error().message() ==
          folder_link.string() + refused_prefix + fix(folder_link));
    CHECK_FALSE(fs::exists(scratch / "real/fresh.toml"));
    // ucom register says the same and writes nothing.
    const test::command_result registered =
        test::run_command({UCOM_TOOL, "register", UCOM_MARKER_PLUGIN, "--registry", link.string()});
    CHECK(registered.exit_code == 1);
    CHECK_THAT(registered.output, Catch::Contains("ucom register: error: " + link.string() + refused_prefix + fix(link) + "\n"));
    CHECK(test::read_file(target) == "format = 1\n");
    CHECK(test::folder_entries(scratch / "real") == std::set<std::string>{"registry.toml"});
}
