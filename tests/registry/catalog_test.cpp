// The layered catalog: the first layer that registers a CLSID or a ProgID wins, names
// resolve by CLSID (any spelling), ProgID or version-independent ProgID, and the layers
// come from --registry, UCOM_REGISTRY, the user's file and the system file, with root
// ignoring the two a user controls.
#include <cstdlib>
#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include <ucom/registry/catalog.hpp>
#include <ucom/registry/toml_file.hpp>

#include "child_process.hpp"
#include "scratch_folder.hpp"

namespace {

using namespace ucom::registry;
using ucom::make_guid;
namespace fs = std::filesystem;
namespace test = ucom::registry::test;

constexpr ucom::guid calculator_clsid = make_guid("{47E33DF5-BF12-4469-836C-2EAC6F517450}");
constexpr ucom::guid first_only_clsid = make_guid("{11111111-2222-3333-4444-555555555555}");
constexpr ucom::guid second_clsid = make_guid("{66666666-7777-8888-9999-AAAAAAAAAAAA}");
constexpr ucom::guid second_only_clsid = make_guid("{BBBBBBBB-CCCC-DDDD-EEEE-FFFFFFFFFFFF}");
constexpr ucom::guid idescribe = make_guid("{41D88BD5-3BBC-4430-B12C-15869419017E}");
constexpr ucom::guid icalculator2 = make_guid("{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}");

constexpr const char *first_layer = R"(
[[module]]
path = "libone.so"
abi = "1.0"

[[class]]
clsid = "{47E33DF5-BF12-4469-836C-2EAC6F517450}"
progid = "Example.Calculator.1"
vi_progid = "Example.Calculator"
module = "libone.so"

[[class]]
clsid = "{11111111-2222-3333-4444-555555555555}"
progid = "Shared.Name"
module = "libone.so"

[[class]]
clsid = "{22222222-2222-3333-4444-555555555555}"
progid = "Vendor.Component.Subsystem.Thing.v12"
module = "libone.so"

[[interface]]
iid = "{41D88BD5-3BBC-4430-B12C-15869419017E}"
name = "IDescribe"
fingerprint = "0x1111111111111111"
)";

constexpr const char *second_layer = R"(
[[module]]
path = "/opt/two/libtwo.so"
abi = "1.0"

[[class]]
clsid = "{47E33DF5-BF12-4469-836C-2EAC6F517450}"
progid = "Second.Calculator"
module = "/opt/two/libtwo.so"

[[class]]
clsid = "{66666666-7777-8888-9999-AAAAAAAAAAAA}"
progid = "Shared.Name"
module = "/opt/two/libtwo.so"

[[class]]
clsid = "{BBBBBBBB-CCCC-DDDD-EEEE-FFFFFFFFFFFF}"
progid = "Only.Second.1"
vi_progid = "Only.Second"
module = "/opt/two/libtwo.so"

[[interface]]
iid = "{41D88BD5-3BBC-4430-B12C-15869419017E}"
name = "IDescribe"
fingerprint = "0x2222222222222222"

[[interface]]
iid = "{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}"
name = "ICalculator2"
fingerprint = "0x3333333333333333"
)";

// Two layers on disk, in the folders first/ and second/ of a scratch folder.
struct two_layers {
    test::scratch_folder scratch;
    fs::path first = scratch / "first/registry.toml";
    fs::path second = scratch / "second/registry.toml";

    two_layers()
    {
        fs::create_directories(first.parent_path());
        fs::create_directories(second.parent_path());
        test::write_file(first, first_layer);
        test::write_file(second, second_layer);
    }

    catalog open() const
    {
        auto opened = catalog::open(lookup_layers({first, second}));
        REQUIRE(opened.has_value());
        return std::move(*opened);
    }
};

std::string describe(const std::vector<layer> &layers)
{
    std::string text;
    for (const layer &l : layers) {
        text += l.path.string() + " (" + std::string(layer_kind_name(l.kind)) + ")\n";
    }
    return text;
}

const std::string system_layer = std::string(UCOM_SYSTEM_REGISTRY) + " (system)\n";

// Sets and removes environment variables for the life of the object.
class scoped_environment {
public:
    explicit scoped_environment(const test::environment_changes &changes)
    {
        for (const auto &[name, value] : changes) {
            const char *old = std::getenv(name.c_str());
            saved_.emplace_back(name, old != nullptr ? std::optional<std::string>(old) : std::nullopt);
            apply(name, value);
        }
    }
    ~scoped_environment()
    {
        for (auto it = saved_.rbegin(); it != saved_.rend(); ++it) {
            apply(it->first, it->second);
        }
    }
    scoped_environment(const scoped_environment &) = delete;
    scoped_environment &operator=(const scoped_environment &) = delete;

private:
    static void apply(const std::string &name, const std::optional<std::string> &value)
    {
        if (value) {
            ::setenv(name.c_str(), value->c_str(), 1);
        } else {
            ::unsetenv(name.c_str());
        }
    }
    test::environment_changes saved_;
};

// lookup_layers() as an unprivileged process with this environment sees it.
std::string unprivileged_layers(const test::environment_changes &changes)
{
    return test::in_unprivileged_child([&] {
        scoped_environment environment(changes);
        return describe(lookup_layers()) + "writes " + writable_layer().path.string();
    });
}

} // namespace

TEST_CASE("The first layer that registers a CLSID wins and the later one is left out")
{
    const two_layers files;
    const catalog catalog = files.open();
    const resolved_class *found = catalog.find(calculator_clsid);
    REQUIRE(found != nullptr);
    CHECK(found->record->progid == "Example.Calculator.1");
    CHECK(found->from == &catalog.layers()[0]);
    CHECK(found->from->path == files.first);
    CHECK(found->from->kind == layer_kind::command_line);
    REQUIRE(found->module != nullptr);
    CHECK(found->module->path == "libone.so");
    CHECK(found->module_file == files.first.parent_path() / "libone.so");

    // Every class once, in lookup order, the shadowed one left out.
    std::vector<ucom::guid> listed;
    for (const resolved_class &c : catalog.classes()) {
        listed.push_back(c.record->clsid);
    }
    CHECK(listed == std::vector<ucom::guid>{calculator_clsid, first_only_clsid,
                                            make_guid("{22222222-2222-3333-4444-555555555555}"), second_clsid,
                                            second_only_clsid});
}

TEST_CASE("The first layer that registers a ProgID wins even for another CLSID")
{
    const two_layers files;
    const catalog catalog = files.open();
    const resolved_class *shared = catalog.find(std::string_view("Shared.Name"));
    REQUIRE(shared != nullptr);
    CHECK(shared->record->clsid == first_only_clsid);
    CHECK(shared->from->path == files.first);
    // The second layer's class is still there by its CLSID.
    const resolved_class *second = catalog.find(second_clsid);
    REQUIRE(second != nullptr);
    CHECK(second->from->path == files.second);
    CHECK(second->module_file == "/opt/two/libtwo.so");
}

TEST_CASE("A class only a later layer registers is found there with its module")
{
    const two_layers files;
    const catalog catalog = files.open();
    const resolved_class *only = catalog.find(std::string_view("Only.Second"));
    REQUIRE(only != nullptr);
    CHECK(only->record->clsid == second_only_clsid);
    CHECK(only->from == &catalog.layers()[1]);
    CHECK(only->module_file == "/opt/two/libtwo.so");
    CHECK(catalog.find(std::string_view("Only.Second.1")) == only);
}

TEST_CASE("Interfaces are found by IID and by name and the first layer's record wins")
{
    const two_layers files;
    const catalog catalog = files.open();
    const interface_record *describe_by_iid = catalog.find_interface(idescribe);
    REQUIRE(describe_by_iid != nullptr);
    CHECK(describe_by_iid->fingerprint == 0x1111111111111111ULL);
    CHECK(catalog.find_interface(std::string_view("IDescribe")) == describe_by_iid);
    const interface_record *calculator = catalog.find_interface(std::string_view("ICalculator2"));
    REQUIRE(calculator != nullptr);
    CHECK(calculator->iid == icalculator2);
    CHECK(catalog.find_interface(make_guid("{00000000-0000-0000-C000-000000000046}")) == nullptr);
    CHECK(catalog.find_interface(std::string_view("IUnknownThing")) == nullptr);
}

TEST_CASE("resolve finds a class by braced or bare CLSID in any case and by ProgID or version-independent ProgID")
{
    const two_layers files;
    const catalog catalog = files.open();
    const resolved_class *calculator = catalog.find(calculator_clsid);
    REQUIRE(calculator != nullptr);
    for (const char *name : {"{47E33DF5-BF12-4469-836C-2EAC6F517450}", "{47e33df5-bf12-4469-836c-2eac6f517450}",
                             "47E33DF5-BF12-4469-836C-2EAC6F517450", "47e33df5-bf12-4469-836c-2eac6f517450",
                             "Example.Calculator.1", "Example.Calculator"}) {
        INFO(name);
        const auto found = catalog.resolve(name);
        REQUIRE(found.has_value());
        CHECK(*found == calculator);
    }
    const auto second = catalog.resolve("bbbbbbbb-cccc-dddd-eeee-ffffffffffff");
    REQUIRE(second.has_value());
    CHECK((*second)->record->progid == "Only.Second.1");
}

TEST_CASE("A ProgID of 36 characters resolves as a ProgID and not as a malformed CLSID")
{
    const two_layers files;
    const catalog catalog = files.open();
    const std::string progid = "Vendor.Component.Subsystem.Thing.v12";
    REQUIRE(progid.size() == 36);
    const auto found = catalog.resolve(progid);
    REQUIRE(found.has_value());
    CHECK((*found)->record->clsid == make_guid("{22222222-2222-3333-4444-555555555555}"));
}

TEST_CASE("resolve of a name no layer registers is REGDB_E_CLASSNOTREG naming every file searched")
{
    const two_layers files;
    const catalog catalog = files.open();
    for (const char *name : {"Example.Nothing", "{00000000-1111-2222-3333-444444444444}", "Second.Calculator"}) {
        INFO(name);
        const auto found = catalog.resolve(name);
        REQUIRE_FALSE(found.has_value());
        CHECK(found.error().code() == REGDB_E_CLASSNOTREG);
        CHECK(found.error().message() == "'" + std::string(name) + "' is not registered (searched " +
                                             files.first.string() + " (--registry), " + files.second.string() +
                                             " (--registry))");
    }
}

TEST_CASE("resolve of a malformed CLSID is CO_E_CLASSSTRING saying what is wrong")
{
    const two_layers files;
    const catalog catalog = files.open();
    for (const char *name : {"{47E33DF5-BF12-4469-836C-2EAC6F51745Z}", "{47E33DF5-BF12-4469-836C-2EAC6F517450",
                             "47E33DF5-BF12-4469-836C-2EAC6F51745Z", "{47E33DF5}"}) {
        INFO(name);
        const auto found = catalog.resolve(name);
        REQUIRE_FALSE(found.has_value());
        CHECK(found.error().code() == CO_E_CLASSSTRING);
        CHECK_THAT(found.error().message(), Catch::Contains("is not a GUID"));
    }
}

TEST_CASE("A registry file that does not exist is an empty layer")
{
    const two_layers files;
    const fs::path missing = files.scratch / "missing/registry.toml";
    auto opened = catalog::open(lookup_layers({missing, files.second}));
    REQUIRE(opened.has_value());
    CHECK(opened->files().at(0).classes.empty());
    CHECK(opened->classes().size() == 3);
    CHECK(opened->find(calculator_clsid)->record->progid == "Second.Calculator");
    CHECK_FALSE(fs::exists(missing.parent_path())); // reading creates nothing
}

TEST_CASE("A malformed layer fails the whole catalog with its location")
{
    const two_layers files;
    test::write_file(files.second, std::string(second_layer) + "\n[[class]]\nclsid = 'nope'\n");
    const auto opened = catalog::open(lookup_layers({files.first, files.second}));
    REQUIRE_FALSE(opened.has_value());
    CHECK(opened.error().code() == REGDB_E_INVALIDVALUE);
    CHECK_THAT(opened.error().message(),
               Catch::StartsWith(files.second.string() + ":33:9: class: 'nope' is not a GUID"));
}

TEST_CASE("A catalog over files in memory resolves like one over files on disk")
{
    auto first = parse_registry(first_layer, "first.toml");
    auto second = parse_registry(second_layer, "second.toml");
    REQUIRE((first && second));
    const catalog catalog = catalog::from_files(
        {{"/a/first.toml", layer_kind::user}, {"/b/second.toml", layer_kind::system}}, {*first, *second});
    const auto found = catalog.resolve("Only.Second");
    REQUIRE(found.has_value());
    CHECK((*found)->from->kind == layer_kind::system);
    CHECK(catalog.resolve("Example.Calculator").value()->module_file == "/a/libone.so");
    const auto missing = catalog.resolve("Nothing.Here");
    REQUIRE_FALSE(missing.has_value());
    CHECK_THAT(missing.error().message(), Catch::EndsWith("(searched /a/first.toml (user), /b/second.toml (system))"));
}

TEST_CASE("Layer kinds have the names the tool prints")
{
    CHECK(layer_kind_name(layer_kind::command_line) == "--registry");
    CHECK(layer_kind_name(layer_kind::environment) == "UCOM_REGISTRY");
    CHECK(layer_kind_name(layer_kind::user) == "user");
    CHECK(layer_kind_name(layer_kind::system) == "system");
}

TEST_CASE("Files given with --registry replace every other layer and the first is the one written")
{
    const scoped_environment environment({{"UCOM_REGISTRY", "/env/a.toml"}, {"XDG_CONFIG_HOME", "/cfg"}});
    CHECK(describe(lookup_layers({"/x/one.toml", "two.toml"})) == "/x/one.toml (--registry)\ntwo.toml (--registry)\n");
    CHECK(writable_layer({"/x/one.toml", "two.toml"}).path == "/x/one.toml");
    CHECK(writable_layer({"/x/one.toml"}).kind == layer_kind::command_line);
    // Also for an unprivileged process.
    const std::string seen = test::in_unprivileged_child([] { return describe(lookup_layers({"/x/one.toml"})); });
    CHECK(seen == "/x/one.toml (--registry)\n");
}

TEST_CASE("For a process that is not root UCOM_REGISTRY replaces the user and system layers")
{
    CHECK(unprivileged_layers({{"UCOM_REGISTRY", "/env/a.toml::relative/b.toml:"}, {"XDG_CONFIG_HOME", "/cfg"}}) ==
          "/env/a.toml (UCOM_REGISTRY)\nrelative/b.toml (UCOM_REGISTRY)\nwrites /env/a.toml");
}

TEST_CASE("For a process that is not root the user's file comes before the system file")
{
    CHECK(unprivileged_layers({{"UCOM_REGISTRY", std::nullopt}, {"XDG_CONFIG_HOME", "/cfg"}, {"HOME", "/home/u"}}) ==
          "/cfg/ucom/registry.toml (user)\n" + system_layer + "writes /cfg/ucom/registry.toml");
    // An empty UCOM_REGISTRY, or one of separators only, is no list.
    CHECK(unprivileged_layers({{"UCOM_REGISTRY", ":"}, {"XDG_CONFIG_HOME", "/cfg"}}) ==
          "/cfg/ucom/registry.toml (user)\n" + system_layer + "writes /cfg/ucom/registry.toml");
    CHECK(unprivileged_layers({{"UCOM_REGISTRY", ""}, {"XDG_CONFIG_HOME", "/cfg"}}) ==
          "/cfg/ucom/registry.toml (user)\n" + system_layer + "writes /cfg/ucom/registry.toml");
}

TEST_CASE("Without an absolute XDG_CONFIG_HOME the user's file is under HOME/.config")
{
    CHECK(unprivileged_layers(
              {{"UCOM_REGISTRY", std::nullopt}, {"XDG_CONFIG_HOME", std::nullopt}, {"HOME", "/home/u"}}) ==
          "/home/u/.config/ucom/registry.toml (user)\n" + system_layer + "writes /home/u/.config/ucom/registry.toml");
    CHECK(unprivileged_layers({{"UCOM_REGISTRY", std::nullopt}, {"XDG_CONFIG_HOME", "cfg"}, {"HOME", "/home/u"}}) ==
          "/home/u/.config/ucom/registry.toml (user)\n" + system_layer + "writes /home/u/.config/ucom/registry.toml");
    // Neither: the system file alone.
    CHECK(unprivileged_layers(
              {{"UCOM_REGISTRY", std::nullopt}, {"XDG_CONFIG_HOME", std::nullopt}, {"HOME", std::nullopt}}) ==
          system_layer + "writes " + UCOM_SYSTEM_REGISTRY);
}

TEST_CASE("A root process ignores UCOM_REGISTRY and the user's file")
{
    const test::environment_changes changes = {
        {"UCOM_REGISTRY", "/env/a.toml"}, {"XDG_CONFIG_HOME", "/cfg"}, {"HOME", "/home/u"}};
    // The same environment decides an unprivileged process's layers...
    CHECK(unprivileged_layers(changes) == "/env/a.toml (UCOM_REGISTRY)\nwrites /env/a.toml");
    // ...and not root's.
    const scoped_environment environment(changes);
    if (test::running_as_root()) {
        CHECK(describe(lookup_layers()) == system_layer);
        CHECK(writable_layer().kind == layer_kind::system);
    } else {
        WARN("not running as root: only the unprivileged side of this rule was checked");
        CHECK(describe(lookup_layers()) == "/env/a.toml (UCOM_REGISTRY)\n");
    }
}
