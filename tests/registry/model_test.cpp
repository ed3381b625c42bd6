// Module paths as a registry file writes them and as the runtime resolves them, and the
// spelling of fingerprints.
#include <filesystem>

#include <catch2/catch.hpp>

#include <ucom/registry/model.hpp>

#include "scratch_folder.hpp"

using ucom::registry::fingerprint_text;
using ucom::registry::physical_path;
using ucom::registry::module_path_for;
using ucom::registry::resolve_module_path;

TEST_CASE("A relative module path resolves against the folder of its registry file")
{
    CHECK(resolve_module_path("/etc/ucom/registry.toml", "plugins/libcalc.so") == "/etc/ucom/plugins/libcalc.so");
    CHECK(resolve_module_path("/etc/ucom/registry.toml", "libcalc.so") == "/etc/ucom/libcalc.so");
    CHECK(resolve_module_path("/etc/ucom/registry.toml", "../lib/./ucom/libcalc.so") == "/etc/lib/ucom/libcalc.so");
}

TEST_CASE("An absolute module path is used as written")
{
    CHECK(resolve_module_path("/etc/ucom/registry.toml", "/usr/lib/ucom/libcalc.so") == "/usr/lib/ucom/libcalc.so");
    CHECK(resolve_module_path("/etc/ucom/registry.toml", "/usr/lib//ucom/../ucom/libcalc.so") ==
          "/usr/lib/ucom/libcalc.so");
}

TEST_CASE("A registry file given by a relative path resolves its modules against the current folder")
{
    const std::filesystem::path cwd = std::filesystem::current_path();
    CHECK(resolve_module_path("conf/registry.toml", "libcalc.so") == (cwd / "conf" / "libcalc.so").lexically_normal());
    CHECK(resolve_module_path("registry.toml", "sub/libcalc.so") == (cwd / "sub" / "libcalc.so").lexically_normal());
}

TEST_CASE("A module in the registry's folder or below it is written relative to that folder")
{
    CHECK(module_path_for("/srv/build/registry.toml", "/srv/build/libcalc.so") == "libcalc.so");
    CHECK(module_path_for("/srv/build/registry.toml", "/srv/build/plugins/calc/libcalc.so") ==
          "plugins/calc/libcalc.so");
    CHECK(module_path_for("/srv/build/registry.toml", "/srv/other/../build/./plugins/libcalc.so") ==
          "plugins/libcalc.so");
    CHECK(module_path_for("/srv/build/registry.toml", "/srv/build/..libcalc.so") == "..libcalc.so");
}

TEST_CASE("A module outside the registry's folder is written as an absolute path")
{
    CHECK(module_path_for("/srv/build/registry.toml", "/srv/libcalc.so") == "/srv/libcalc.so");
    CHECK(module_path_for("/srv/build/registry.toml", "/srv/build-2/libcalc.so") == "/srv/build-2/libcalc.so");
    CHECK(module_path_for("/srv/build/registry.toml", "/usr/lib/../lib/libcalc.so") == "/usr/lib/libcalc.so");
}

TEST_CASE("A module path written for a registry resolves back to the module")
{
    for (const char *module : {"/srv/build/libcalc.so", "/srv/build/a/b/libcalc.so", "/srv/libcalc.so", "/opt/x.so"}) {
        CHECK(resolve_module_path("/srv/build/registry.toml", module_path_for("/srv/build/registry.toml", module)) ==
              module);
    }
}

TEST_CASE("A fingerprint is written as 0x and 16 upper-case hex digits")
{
    CHECK(fingerprint_text(0) == "0x0000000000000000");
    CHECK(fingerprint_text(0xAA5A0C1C8A6F18DCULL) == "0xAA5A0C1C8A6F18DC");
    CHECK(fingerprint_text(0xFFFFFFFFFFFFFFFFULL) == "0xFFFFFFFFFFFFFFFF");
    CHECK(fingerprint_text(0xabcULL) == "0x0000000000000ABC");
}

TEST_CASE("A path with .. names the file the kernel opens, with the symlink at its end kept as written")
{
    const ucom::registry::test::scratch_folder scratch;
    const auto &folder = scratch.path();
    std::filesystem::create_directories(folder / "real/sub");
    std::filesystem::create_directory_symlink(folder / "real/sub", folder / "link");
    ucom::registry::test::write_file(folder / "real/libfoo.so.1", "");
    std::filesystem::create_symlink("libfoo.so.1", folder / "real/libfoo.so");
    // The kernel follows link, then goes up from real/sub: to real, not to the folder.
    CHECK(physical_path(folder / "link/../libfoo.so") == folder / "real/libfoo.so");
    CHECK(physical_path(folder / "link/./../sub/../libfoo.so") == folder / "real/libfoo.so");
    // Without .., the path made absolute and lexically normal.
    CHECK(physical_path(folder / "real/./libfoo.so") == folder / "real/libfoo.so");
    CHECK(physical_path("/no/such/folder/../libfoo.so") == "/no/such/libfoo.so");
}
