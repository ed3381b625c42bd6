// Broken plugins, each refused with its own message that names the class, the module file
// and the reason, before any of the module's code runs where the policy says so.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include <catch2/catch.hpp>

#include <ucom/guid.hpp>
#include <ucom/runtime.hpp>

#include "calculator.h"
#include "test_registry.hpp"

using ucom::test::scratch_registry;

namespace {

// Registers `registered` under the name libcalculator.so, then (when given) replaces the
// file with `replacement`, and activates the calculator class.
ucom::error activation_failure(const scratch_registry &registry, const std::filesystem::path &registered,
                               const std::filesystem::path &replacement = {})
{
    const std::filesystem::path copy = registry.copy_in(registered, "libcalculator.so");
    registry.register_plugin(copy);
    if (!replacement.empty()) {
        registry.copy_in(replacement, "libcalculator.so");
    }
    auto rt = registry.open_runtime();
    auto made = rt.create_instance<IUnknown>(ucom::guid(CLSID_Calculator));
    REQUIRE_FALSE(made);
    CHECK_THAT(made.error().message(), Catch::Contains("class {47E33DF5-BF12-4469-836C-2EAC6F517450}") &&
                                           Catch::Contains((registry.folder() / "libcalculator.so").string()));
    return made.error();
}

// Copies the marker plugin to `file` (its folders must exist), mode 0755.
void place_marker_plugin(const std::filesystem::path &file)
{
    std::filesystem::copy_file(MARKER_PLUGIN, file);
    std::filesystem::permissions(file, static_cast<std::filesystem::perms>(0755));
}

// Registers `registered` (a path that leads to the marker plugin), then makes `unsafe`
// group-writable: activation and `ucom verify` must refuse the module for that folder, and
// none of its code may run. Returns the activation's error.
ucom::error refused_for_folder(const scratch_registry &registry, const std::filesystem::path &registered,
                               const std::filesystem::path &unsafe)
{
    registry.register_plugin(registered);
    std::filesystem::permissions(unsafe, static_cast<std::filesystem::perms>(0775));
    auto rt = registry.open_runtime();
    auto made = rt.create_instance<IUnknown>(ucom::guid(CLSID_Calculator));
    REQUIRE_FALSE(made);
    CHECK(made.error().code() == E_ACCESSDENIED);
    CHECK_THAT(made.error().message(),
               Catch::Contains("the folder " + unsafe.string() + " is group- or world-writable"));
    CHECK_FALSE(std::filesystem::exists(registry.marker_file()));
    const auto verified = registry.ucom({"verify"});
    CHECK(verified.exit_code == 1);
    CHECK_THAT(verified.output, Catch::Contains("the folder " + unsafe.string() + " is group- or world-writable"));
    return made.error();
}

} // namespace

TEST_CASE("a plugin without DllGetClassObject is refused")
{
    scratch_registry registry;
    // `ucom register` refuses it (next test), so it replaces a registered module file.
    const ucom::error e = activation_failure(registry, CALCULATOR_PLUGIN, NO_ENTRY_PLUGIN);
    CHECK(e.code() == CO_E_ERRORINDLL);
    CHECK_THAT(e.message(), Catch::EndsWith("the module does not export DllGetClassObject"));
}

TEST_CASE("a plugin whose DllGetClassObject comes from a library it links is refused")
{
    scratch_registry registry;
    // The dependency is found through the plugin's RUNPATH (the build folder).
    const ucom::error e = activation_failure(registry, CALCULATOR_PLUGIN, BORROWED_ENTRY_PLUGIN);
    CHECK(e.code() == CO_E_ERRORINDLL);
    CHECK_THAT(e.message(), Catch::Contains("does not export DllGetClassObject itself") &&
                                Catch::Contains("libucom_test_entry_dependency.so, a library it links"));
}

TEST_CASE("a module file replaced by one of another descriptor ABI major is refused before loading")
{
    scratch_registry registry;
    const ucom::error e = activation_failure(registry, CALCULATOR_PLUGIN, ABI2_PLUGIN);
    CHECK(e.code() == CO_E_ERRORINDLL);
    CHECK_THAT(e.message(), Catch::Contains("refused before loading") && Catch::Contains("ABI 2.0"));
}

TEST_CASE("a module file replaced by one whose descriptor records are too small is refused before loading")
{
    scratch_registry registry;
    const ucom::error e = activation_failure(registry, CALCULATOR_PLUGIN, SMALL_DESCRIPTOR_PLUGIN);
    CHECK(e.code() == CO_E_ERRORINDLL);
    CHECK_THAT(e.message(), Catch::Contains("refused before loading") && Catch::Contains("too small"));
}

TEST_CASE("a module rebuilt with a changed interface under the same IID is refused: fingerprint mismatch")
{
    scratch_registry registry;
    const ucom::error e = activation_failure(registry, CALCULATOR_PLUGIN, CHANGED_CALCULATOR_PLUGIN);
    CHECK(e.code() == CO_E_ERRORINDLL);
    CHECK_THAT(e.message(), Catch::Contains("fingerprint mismatch for interface ICalculator2 "
                                            "{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}: the registry has 0x") &&
                                Catch::Contains(", the module declares 0x") &&
                                Catch::EndsWith("; refused before loading"));
    CHECK(ucom::test::loaded_objects_of(registry.folder() / "libcalculator.so") == 0);
    // ucom verify sees the same, without loading anything.
    const auto verified = registry.ucom({"verify"});
    CHECK(verified.exit_code == 1);
    CHECK_THAT(verified.output,
               Catch::Contains("FAIL") && Catch::Contains("fingerprint mismatch for interface ICalculator2"));
}

TEST_CASE("a module already loaded is refused to a runtime whose registry lists other fingerprints for it")
{
    scratch_registry first;
    first.register_plugin(CALCULATOR_PLUGIN);
    auto loaded_by_first = first.open_runtime();
    auto calculator = loaded_by_first.create_instance<IUnknown>(ucom::guid(CLSID_Calculator));
    REQUIRE(calculator); // the module is loaded, and stays loaded while the object lives
    scratch_registry second;
    second.register_plugin(CALCULATOR_PLUGIN);
    std::string text;
    {
        std::ifstream in(second.file());
        text.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    }
    const std::string registered = "0xAA5A0C1C8A6F18DC"; // ICalculator2's fingerprint (calculator_descriptor.c)
    const std::string other = "0x0123456789ABCDEF";
    REQUIRE(text.find(registered) != std::string::npos);
    for (auto at = text.find(registered); at != std::string::npos; at = text.find(registered, at)) {
        text.replace(at, registered.size(), other);
    }
    std::ofstream(second.file(), std::ios::trunc) << text;
    auto made = second.open_runtime().create_instance<IUnknown>(ucom::guid(CLSID_Calculator));
    REQUIRE_FALSE(made);
    CHECK(made.error().code() == CO_E_ERRORINDLL);
    CHECK_THAT(made.error().message(), Catch::Contains("fingerprint mismatch for interface ICalculator2") &&
                                           Catch::Contains("the registry has " + other) &&
                                           Catch::Contains("the module declares " + registered));
}

TEST_CASE("a class whose factory fails reports the plugin's own message with the class and file")
{
    scratch_registry registry;
    const ucom::error e = activation_failure(registry, FAILING_FACTORY_PLUGIN);
    CHECK(e.code() == E_ACCESSDENIED);
    CHECK_THAT(e.message(),
               Catch::Contains("its class factory failed to create it: the calculator's licence file is missing"));
}

TEST_CASE("a group-writable module file is refused and none of its code runs")
{
    scratch_registry registry;
    const std::filesystem::path copy = registry.copy_in(MARKER_PLUGIN, "libcalculator.so");
    registry.register_plugin(copy);
    std::filesystem::permissions(copy, static_cast<std::filesystem::perms>(0775));
    auto rt = registry.open_runtime();
    auto made = rt.create_instance<IUnknown>(ucom::guid(CLSID_Calculator));
    REQUIRE_FALSE(made);
    CHECK(made.error().code() == E_ACCESSDENIED);
    CHECK_THAT(made.error().message(), Catch::Contains(copy.string()) &&
                                           Catch::Contains("group- or world-writable (mode 0775)") &&
                                           Catch::Contains("refused before loading"));
    CHECK_FALSE(std::filesystem::exists(registry.marker_file()));
    CHECK(ucom::test::loaded_objects_of(copy) == 0);
    // The same file, once fixed, loads (and its constructor runs): the test can fail.
    std::filesystem::permissions(copy, static_cast<std::filesystem::perms>(0755));
    auto again = rt.create_instance<IUnknown>(ucom::guid(CLSID_Calculator));
    CHECK_FALSE(again); // it has no DllGetClassObject, but it was loaded
    CHECK(std::filesystem::exists(registry.marker_file()));
}

TEST_CASE("a module reached through a symlink is refused before loading when the folder it lies in is group-writable")
{
    scratch_registry registry;
    const std::filesystem::path shared = registry.folder() / "shared";
    const std::filesystem::path safe = registry.folder() / "safe";
    std::filesystem::create_directory(shared);
    std::filesystem::create_directory(safe);
    place_marker_plugin(shared / "libcalculator.so");
    const std::filesystem::path link = safe / "libcalculator.so";
    std::filesystem::create_symlink(shared / "libcalculator.so", link);
    CHECK_THAT(refused_for_folder(registry, link, shared).message(), Catch::Contains(link.string()));
}

TEST_CASE("a module reached through a chain of symlinks is refused when a folder holding one of them is group-writable")
{
    scratch_registry registry;
    const std::filesystem::path real = registry.folder() / "real";
    const std::filesystem::path shared = registry.folder() / "shared";
    const std::filesystem::path safe = registry.folder() / "safe";
    for (const auto &folder : {real, shared, safe}) {
        std::filesystem::create_directory(folder);
    }
    place_marker_plugin(real / "libcalculator.so");
    std::filesystem::path registered;
    SECTION("the file's symlink points at a symlink in the unsafe folder")
    {
        std::filesystem::create_symlink("../real/libcalculator.so", shared / "hop");
        registered = safe / "libcalculator.so";
        std::filesystem::create_symlink(shared / "hop", registered);
    }
    SECTION("a folder's symlink points at a symlink in the unsafe folder")
    {
        std::filesystem::create_symlink("../real", shared / "folder_hop");
        std::filesystem::create_symlink(shared / "folder_hop", safe / "plugins");
        registered = safe / "plugins" / "libcalculator.so";
    }
    CHECK_THAT(refused_for_folder(registry, registered, shared).message(),
               Catch::Contains("it holds the symlink " + shared.string() + "/"));
}

TEST_CASE("a missing module file is CO_E_DLLNOTFOUND")
{
    scratch_registry registry;
    const std::filesystem::path copy = registry.copy_in(CALCULATOR_PLUGIN, "libcalculator.so");
    registry.register_plugin(copy);
    std::filesystem::remove(copy);
    auto rt = registry.open_runtime();
    auto made = rt.create_instance<IUnknown>(ucom::guid(CLSID_Calculator));
    REQUIRE_FALSE(made);
    CHECK(made.error().code() == CO_E_DLLNOTFOUND);
    CHECK_THAT(made.error().message(), Catch::Contains(copy.string()));
}

TEST_CASE("registration refuses descriptors of another ABI major or with records too small")
{
    scratch_registry registry;
    const auto abi2 = registry.ucom({"register", ABI2_PLUGIN});
    CHECK(abi2.exit_code == 1);
    CHECK_THAT(abi2.output, Catch::Contains("ABI 2.0"));
    const auto small = registry.ucom({"register", SMALL_DESCRIPTOR_PLUGIN});
    CHECK(small.exit_code == 1);
    CHECK_THAT(small.output, Catch::Contains("too small"));
    CHECK_FALSE(std::filesystem::exists(registry.file()));
}

TEST_CASE("registration refuses a plugin that does not export DllGetClassObject itself")
{
    scratch_registry registry;
    for (const char *plugin : {NO_ENTRY_PLUGIN, BORROWED_ENTRY_PLUGIN}) {
        const auto refused = registry.ucom({"register", plugin});
        CHECK(refused.exit_code == 1);
        CHECK_THAT(refused.output, Catch::Contains("the module does not export DllGetClassObject"));
    }
    CHECK_FALSE(std::filesystem::exists(registry.file()));
}

TEST_CASE("a module file replaced while an older copy stays loaded is refused rather than served by the old code")
{
    scratch_registry registry;
    const std::filesystem::path copy = registry.copy_in(CALCULATOR_PLUGIN, "libcalculator.so");
    registry.register_plugin(copy);
    auto first = registry.open_runtime();
    auto old_object = first.create_instance<IUnknown>(ucom::guid(CLSID_Calculator));
    REQUIRE(old_object); // the first copy is loaded and stays loaded
    std::filesystem::remove(copy);
    registry.copy_in(CALCULATOR_PLUGIN, "libcalculator.so"); // a new file (inode) under the same path
    auto second = registry.open_runtime();
    auto made = second.create_instance<IUnknown>(ucom::guid(CLSID_Calculator));
    REQUIRE_FALSE(made);
    CHECK(made.error().code() == E_ACCESSDENIED);
    CHECK_THAT(made.error().message(), Catch::Contains("the file loaded is not the file checked"));
}

TEST_CASE("a module in a group-writable folder is refused before loading")
{
    scratch_registry registry;
    const std::filesystem::path folder = registry.folder() / "shared";
    std::filesystem::create_directory(folder);
    place_marker_plugin(folder / "libcalculator.so");
    refused_for_folder(registry, folder / "libcalculator.so", folder);
}
