// What `ucom register` and `ucom unregister` do to a registry: the module, its classes and
// the interfaces they implement are added (again: replaced), a name another module owns is
// refused, and every refusal changes nothing.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <ucom/module_descriptor.h>
#include <ucom/registry/registration.hpp>
#include <ucom/registry/store.hpp>
#include <ucom/registry/toml_file.hpp>

#include "scratch_folder.hpp"

namespace {

using namespace ucom::registry;
using ucom::make_guid;
namespace fs = std::filesystem;
namespace descriptor = ucom::descriptor;
namespace test = ucom::registry::test;

constexpr ucom::guid calculator_clsid = make_guid("{47E33DF5-BF12-4469-836C-2EAC6F517450}");
constexpr ucom::guid scientific_clsid = make_guid("{9D6A8B21-5C4E-4F7A-8E3B-1A2B3C4D5E6F}");
constexpr ucom::guid hello_clsid = make_guid("{8A1F0E43-3C0B-4F3E-9F0D-3C8B7D2E6A11}");
constexpr ucom::guid icalculator2 = make_guid("{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}");
constexpr ucom::guid idescribe = make_guid("{41D88BD5-3BBC-4430-B12C-15869419017E}");
constexpr ucom::guid ievents = make_guid("{5F3C2A10-0B1D-4E6F-9A8B-7C6D5E4F3A2B}");
constexpr ucom::guid dcalculator = make_guid("{6E4D3B21-1C2E-4F70-8B9C-8D7E6F5A4B3C}");
constexpr std::uint64_t icalculator2_fingerprint = 0xAA5A0C1C8A6F18DCULL;
constexpr std::uint64_t idescribe_fingerprint = 0xFA5DF8EA1A1027E7ULL;

const fs::path registry_path = "/srv/reg/registry.toml";
const fs::path calculator_file = "/srv/reg/plugins/libcalc.so";
const fs::path hello_file = "/opt/hello/libhello.so";

descriptor::class_entry calculator_class()
{
    descriptor::class_entry c;
    c.clsid = calculator_clsid;
    c.name = "Calculator";
    c.progid = "Example.Calculator.1";
    c.vi_progid = "Example.Calculator";
    c.description = "Adds and divides";
    c.threading = UCOM_THREADING_BOTH;
    c.interfaces = {{icalculator2, "ICalculator2", icalculator2_fingerprint, UCOM_INTERFACE_DEFAULT},
                    {idescribe, "IDescribe", idescribe_fingerprint, 0},
                    {ievents, "ICalculatorEvents", 0x1234, UCOM_INTERFACE_SOURCE},
                    {dcalculator, "DCalculator", 0, UCOM_INTERFACE_DISPATCH}};
    return c;
}

descriptor::class_entry hello_class()
{
    descriptor::class_entry c;
    c.clsid = hello_clsid;
    c.name = "Hello";
    c.progid = "Ucom.Hello.1";
    c.threading = UCOM_THREADING_FREE;
    c.interfaces = {{idescribe, "IDescribe", idescribe_fingerprint, UCOM_INTERFACE_DEFAULT}};
    return c;
}

descriptor::module_info module_of(std::vector<descriptor::class_entry> classes)
{
    descriptor::module_info info;
    info.abi_major = 1;
    info.abi_minor = 3;
    info.classes = std::move(classes);
    return info;
}

registry_file registered(const std::vector<std::pair<fs::path, descriptor::module_info>> &modules)
{
    registry_file file;
    for (const auto &[module_file, info] : modules) {
        const auto done = register_module(file, registry_path, module_file, info);
        INFO(module_file.string());
        REQUIRE(done.has_value());
    }
    return file;
}

// The file before and after a refused change: the same text.
void check_refused(registry_file &file, const ucom::result<void> &outcome, const std::string &before, HRESULT code,
                   const std::string &message)
{
    REQUIRE_FALSE(outcome.has_value());
    CHECK(ucom::hresult_name(outcome.error().code()) == ucom::hresult_name(code));
    CHECK(outcome.error().message() == message);
    CHECK(serialize_registry(file) == before);
}

std::vector<ucom::guid> sorted(std::vector<ucom::guid> ids)
{
    std::sort(ids.begin(), ids.end());
    return ids;
}

} // namespace

TEST_CASE("Registering a module adds it with its classes and the interfaces they implement")
{
    const registry_file file = registered({{calculator_file, module_of({calculator_class()})}});

    REQUIRE(file.modules.size() == 1);
    const module_record &module = file.modules[0];
    CHECK(module.path == "plugins/libcalc.so"); // below the registry's folder: relative
    CHECK(module.abi_major == 1);
    CHECK(module.abi_minor == 3);
    std::vector<ucom::guid> implemented;
    for (const module_interface &i : module.interfaces) {
        implemented.push_back(i.iid);
        CHECK(i.fingerprint == (i.iid == icalculator2 ? icalculator2_fingerprint : idescribe_fingerprint));
    }
    // Not the [source] interface it calls, nor the dispinterface, which has no vtable.
    CHECK(sorted(implemented) == sorted({icalculator2, idescribe}));

    REQUIRE(file.classes.size() == 1);
    const class_record &c = file.classes[0];
    CHECK(c.clsid == calculator_clsid);
    CHECK(c.name == "Calculator");
    CHECK(c.progid == "Example.Calculator.1");
    CHECK(c.vi_progid == "Example.Calculator");
    CHECK(c.description == "Adds and divides");
    CHECK(c.module == "plugins/libcalc.so");
    CHECK(c.threading == "both");
    CHECK(c.interfaces == std::vector<ucom::guid>{icalculator2, idescribe});

    REQUIRE(file.interfaces.size() == 2);
    const interface_record *calc = file.find_interface(icalculator2);
    REQUIRE(calc != nullptr);
    CHECK(calc->name == "ICalculator2");
    CHECK(calc->fingerprint == icalculator2_fingerprint);
    CHECK(file.find_interface(ievents) == nullptr);
    CHECK(file.find_interface(dcalculator) == nullptr);

    // And the result is a registry the reader accepts.
    CHECK(parse_registry(serialize_registry(file), "registered.toml").has_value());
}

TEST_CASE("A module outside the registry's folder is registered by its absolute path")
{
    const registry_file file = registered({{hello_file, module_of({hello_class()})}});
    CHECK(file.modules.at(0).path == "/opt/hello/libhello.so");
    CHECK(file.classes.at(0).module == "/opt/hello/libhello.so");
    CHECK(file.classes.at(0).threading == "free");
}

TEST_CASE("Registering the same module twice gives the same registry")
{
    registry_file file =
        registered({{calculator_file, module_of({calculator_class()})}, {hello_file, module_of({hello_class()})}});
    const std::string once = serialize_registry(file);
    REQUIRE(register_module(file, registry_path, calculator_file, module_of({calculator_class()})).has_value());
    REQUIRE(register_module(file, registry_path, "/srv/reg/./plugins/../plugins/libcalc.so",
                            module_of({calculator_class()}))
                .has_value());
    CHECK(serialize_registry(file) == once);
}

TEST_CASE("Registering a module again replaces what its earlier registration wrote")
{
    registry_file file = registered({{calculator_file, module_of({calculator_class(), hello_class()})}});
    REQUIRE(file.classes.size() == 2);
    // The rebuilt module: the hello class is gone, a new class came, IDescribe changed.
    descriptor::class_entry scientific = calculator_class();
    scientific.clsid = scientific_clsid;
    scientific.progid = "Example.Scientific.1";
    scientific.vi_progid.clear();
    scientific.interfaces = {{idescribe, "IDescribe", 0x5555, UCOM_INTERFACE_DEFAULT}};
    REQUIRE(register_module(file, registry_path, calculator_file, module_of({scientific})).has_value());
    REQUIRE(file.classes.size() == 1);
    CHECK(file.classes[0].clsid == scientific_clsid);
    CHECK(file.find_class(hello_clsid) == nullptr);
    REQUIRE(file.modules.size() == 1);
    REQUIRE(file.modules[0].interfaces.size() == 1);
    CHECK(file.modules[0].interfaces[0].fingerprint == 0x5555);
    REQUIRE(file.interfaces.size() == 1); // ICalculator2 went with its last module
    CHECK(file.interfaces[0].fingerprint == 0x5555);
}

TEST_CASE("A CLSID another module registers is refused naming that module and nothing changes")
{
    registry_file file = registered({{calculator_file, module_of({calculator_class()})}});
    const std::string before = serialize_registry(file);
    descriptor::class_entry thief = hello_class();
    thief.clsid = calculator_clsid;
    check_refused(file, register_module(file, registry_path, hello_file, module_of({hello_class(), thief})), before,
                  REGDB_E_INVALIDVALUE,
                  "class {47E33DF5-BF12-4469-836C-2EAC6F517450} (Example.Calculator.1) is already registered by module "
                  "'plugins/libcalc.so'; unregister it first");
}

TEST_CASE("A ProgID another class registers is refused naming it and nothing changes")
{
    registry_file file = registered({{calculator_file, module_of({calculator_class()})}});
    const std::string before = serialize_registry(file);

    descriptor::class_entry same_progid = hello_class();
    same_progid.progid = "Example.Calculator.1";
    check_refused(
        file, register_module(file, registry_path, hello_file, module_of({same_progid})), before, REGDB_E_INVALIDVALUE,
        "ProgID 'Example.Calculator.1' of class {8A1F0E43-3C0B-4F3E-9F0D-3C8B7D2E6A11} is already used by class "
        "{47E33DF5-BF12-4469-836C-2EAC6F517450} (Example.Calculator.1) of module 'plugins/libcalc.so'; "
        "unregister it first");

    // A version-independent ProgID counts as a name too, both ways round.
    descriptor::class_entry takes_vi = hello_class();
    takes_vi.progid = "Example.Calculator";
    CHECK_FALSE(register_module(file, registry_path, hello_file, module_of({takes_vi})).has_value());
    descriptor::class_entry vi_taken = hello_class();
    vi_taken.vi_progid = "Example.Calculator.1";
    CHECK_FALSE(register_module(file, registry_path, hello_file, module_of({vi_taken})).has_value());
    CHECK(serialize_registry(file) == before);
}

TEST_CASE("register refuses a taken ProgID in the words the reader uses for a file that has it twice")
{
    registry_file file = registered({{calculator_file, module_of({calculator_class()})}});
    descriptor::class_entry same_progid = hello_class();
    same_progid.progid = "Example.Calculator.1";
    const auto refused = register_module(file, registry_path, hello_file, module_of({same_progid}));
    REQUIRE_FALSE(refused.has_value());

    // The same two classes written by hand: the reader's message, after its location.
    registry_file by_hand = file;
    by_hand.modules.push_back({"/opt/hello/libhello.so", 1, 0, {}});
    class_record record;
    record.clsid = same_progid.clsid;
    record.progid = same_progid.progid;
    record.module = "/opt/hello/libhello.so";
    record.threading = "free";
    by_hand.classes.push_back(record);
    const auto read = parse_registry(serialize_registry(by_hand), "by_hand.toml");
    REQUIRE_FALSE(read.has_value());
    const std::string &reader_message = read.error().message();
    const std::string rule = reader_message.substr(reader_message.find(": ") + 2);
    CHECK(refused.error().message() == rule + "; unregister it first");
}

TEST_CASE("An IID another module registers with another fingerprint is refused and nothing changes")
{
    registry_file file = registered({{calculator_file, module_of({calculator_class()})}});
    const std::string before = serialize_registry(file);
    descriptor::class_entry changed = hello_class();
    changed.interfaces[0].fingerprint = 0x0BADF00D;
    check_refused(
        file, register_module(file, registry_path, hello_file, module_of({changed})), before, REGDB_E_INVALIDVALUE,
        "interface IDescribe {41D88BD5-3BBC-4430-B12C-15869419017E}: module '/opt/hello/libhello.so' declares "
        "fingerprint 0x000000000BADF00D, but module 'plugins/libcalc.so' registers it with 0xFA5DF8EA1A1027E7; "
        "an interface that changes needs a new IID");
}

TEST_CASE("An IID another module registers with another contract is refused and nothing changes")
{
    descriptor::class_entry calculator = calculator_class();
    calculator.interfaces[1].contract = 0xC0C0;
    registry_file file = registered({{calculator_file, module_of({calculator})}});
    CHECK(file.find_interface(idescribe)->contract == 0xC0C0);
    const std::string before = serialize_registry(file);
    descriptor::class_entry changed = hello_class();
    changed.interfaces[0].contract = 0xC1C1; // the same binary layout, another contract
    check_refused(
        file, register_module(file, registry_path, hello_file, module_of({changed})), before, REGDB_E_INVALIDVALUE,
        "interface IDescribe {41D88BD5-3BBC-4430-B12C-15869419017E}: module '/opt/hello/libhello.so' declares "
        "contract 0x000000000000C1C1, but module 'plugins/libcalc.so' registers it with 0x000000000000C0C0; "
        "an interface that changes needs a new IID");
}

TEST_CASE("A module built before contracts keeps the contract other modules give an interface, until they go")
{
    descriptor::class_entry calculator = calculator_class();
    calculator.interfaces[1].contract = 0xC0C0;
    registry_file file = registered({{calculator_file, module_of({calculator})}, {hello_file, module_of({hello_class()})}});
    REQUIRE(file.find_interface(idescribe) != nullptr);
    CHECK(file.find_interface(idescribe)->contract == 0xC0C0); // the older hello module gives none
    CHECK(file.find_module("/opt/hello/libhello.so")->interfaces.at(0).contract == 0);
    REQUIRE(unregister(file, registry_path, calculator_file.string()).has_value());
    REQUIRE(file.find_interface(idescribe) != nullptr);
    CHECK(file.find_interface(idescribe)->contract == 0); // no module left gives one
    CHECK(file.find_interface(idescribe)->fingerprint == idescribe_fingerprint);
}

TEST_CASE("Two modules may implement one interface and its record goes with the last of them")
{
    registry_file file =
        registered({{calculator_file, module_of({calculator_class()})}, {hello_file, module_of({hello_class()})}});
    CHECK(file.interfaces.size() == 2);
    REQUIRE(unregister(file, registry_path, calculator_file.string()).has_value());
    REQUIRE(file.interfaces.size() == 1);
    CHECK(file.interfaces[0].iid == idescribe);
    REQUIRE(unregister(file, registry_path, "Ucom.Hello.1").has_value());
    CHECK(file.interfaces.empty());
    CHECK(file.modules.empty());
    CHECK(file.classes.empty());
}

TEST_CASE("A module without classes or with an interface given two fingerprints is refused")
{
    registry_file file = registered({{hello_file, module_of({hello_class()})}});
    const std::string before = serialize_registry(file);
    check_refused(file, register_module(file, registry_path, calculator_file, module_of({})), before, CO_E_ERRORINDLL,
                  "/srv/reg/plugins/libcalc.so: the module declares no classes");

    descriptor::class_entry other = calculator_class();
    other.clsid = scientific_clsid;
    other.progid.clear();
    other.vi_progid.clear();
    other.interfaces[1].fingerprint = 0x77;
    check_refused(file, register_module(file, registry_path, calculator_file, module_of({calculator_class(), other})),
                  before, CO_E_ERRORINDLL,
                  "/srv/reg/plugins/libcalc.so: the descriptor gives interface IDescribe "
                  "{41D88BD5-3BBC-4430-B12C-15869419017E} two fingerprints");
}

TEST_CASE("A descriptor ProgID the registry format does not allow is refused so that the registry stays readable")
{
    registry_file file = registered({{hello_file, module_of({hello_class()})}});
    const std::string before = serialize_registry(file);
    for (const char *bad : {"a b", "1abc", "Example.Calculator!"}) {
        INFO(bad);
        descriptor::class_entry by_progid = calculator_class();
        by_progid.progid = bad;
        check_refused(file, register_module(file, registry_path, calculator_file, module_of({by_progid})), before,
                      CO_E_ERRORINDLL,
                      "/srv/reg/plugins/libcalc.so: class {47E33DF5-BF12-4469-836C-2EAC6F517450} (" +
                          std::string(bad) + "): '" + std::string(bad) +
                          "' is not a ProgID (a letter, then letters, digits, '.', '_' or '-')");
        descriptor::class_entry by_vi_progid = calculator_class();
        by_vi_progid.vi_progid = bad;
        CHECK_FALSE(register_module(file, registry_path, calculator_file, module_of({by_vi_progid})).has_value());
        CHECK(serialize_registry(file) == before);
    }
    // Had it been written, no reader, and so no `ucom unregister`, could open the file again.
    CHECK(parse_registry(before, "before.toml").has_value());
}

TEST_CASE("Unregistering a name that is not registered fails and changes nothing")
{
    registry_file file = registered({{calculator_file, module_of({calculator_class()})}});
    const std::string before = serialize_registry(file);
    for (const char *name : {"{9D6A8B21-5C4E-4F7A-8E3B-1A2B3C4D5E6F}", "9d6a8b21-5c4e-4f7a-8e3b-1a2b3c4d5e6f",
                             "Example.Nothing", "/srv/reg/plugins/libother.so", "libcalc.so"}) {
        INFO(name);
        check_refused(file, unregister(file, registry_path, name), before, REGDB_E_CLASSNOTREG,
                      "'" + std::string(name) + "' is not registered in /srv/reg/registry.toml");
    }
}

TEST_CASE("Unregistering a malformed CLSID is CO_E_CLASSSTRING and changes nothing")
{
    registry_file file = registered({{calculator_file, module_of({calculator_class()})}});
    const std::string before = serialize_registry(file);
    const auto outcome = unregister(file, registry_path, "{47E33DF5-BF12-4469-836C-2EAC6F51745Z}");
    REQUIRE_FALSE(outcome.has_value());
    CHECK(outcome.error().code() == CO_E_CLASSSTRING);
    CHECK_THAT(outcome.error().message(), Catch::Contains("is not a GUID"));
    CHECK(serialize_registry(file) == before);
}

TEST_CASE("Unregistering a plugin file removes its module its classes and their interfaces")
{
    registry_file file =
        registered({{calculator_file, module_of({calculator_class()})}, {hello_file, module_of({hello_class()})}});
    SECTION("by its absolute path")
    {
        REQUIRE(unregister(file, registry_path, "/srv/reg/plugins/libcalc.so").has_value());
    }
    SECTION("by a path that normalizes to it")
    {
        REQUIRE(unregister(file, registry_path, "/srv/reg/plugins/../plugins/./libcalc.so").has_value());
    }
    CHECK(file.modules.size() == 1);
    CHECK(file.find_module("plugins/libcalc.so") == nullptr);
    CHECK(file.find_class(calculator_clsid) == nullptr);
    CHECK(file.find_class(hello_clsid) != nullptr);
    CHECK(file.find_interface(icalculator2) == nullptr);
    CHECK(file.find_interface(idescribe) != nullptr); // hello still implements it
}

TEST_CASE("Unregistering one class by CLSID or ProgID keeps its module until its last class goes")
{
    descriptor::class_entry scientific = calculator_class();
    scientific.clsid = scientific_clsid;
    scientific.progid = "Example.Scientific.1";
    scientific.vi_progid = "Example.Scientific";
    registry_file file = registered({{calculator_file, module_of({calculator_class(), scientific})}});

    SECTION("by CLSID then by ProgID")
    {
        REQUIRE(unregister(file, registry_path, "{47e33df5-bf12-4469-836c-2eac6f517450}").has_value());
        CHECK(file.find_class(calculator_clsid) == nullptr);
        CHECK(file.modules.size() == 1);
        CHECK(file.interfaces.size() == 2);
        REQUIRE(unregister(file, registry_path, "Example.Scientific.1").has_value());
    }
    SECTION("by version-independent ProgID then by bare CLSID")
    {
        REQUIRE(unregister(file, registry_path, "Example.Calculator").has_value());
        CHECK(file.find_class(calculator_clsid) == nullptr);
        CHECK(file.modules.size() == 1);
        REQUIRE(unregister(file, registry_path, "9D6A8B21-5C4E-4F7A-8E3B-1A2B3C4D5E6F").has_value());
    }
    CHECK(file.classes.empty());
    CHECK(file.modules.empty());
    CHECK(file.interfaces.empty());
}

TEST_CASE("A class whose ProgID has 36 characters is unregistered by that ProgID")
{
    descriptor::class_entry long_name = hello_class();
    long_name.progid = "Vendor.Component.Subsystem.Thing.v12";
    REQUIRE(long_name.progid.size() == 36);
    registry_file file = registered({{hello_file, module_of({long_name})}});
    REQUIRE(unregister(file, registry_path, long_name.progid).has_value());
    CHECK(file.classes.empty());
}

TEST_CASE("Registering a real plugin twice on disk leaves the same bytes")
{
    const test::scratch_folder scratch;
    const fs::path path = scratch / "registry.toml";
    const auto info = descriptor::read_module_file(UCOM_MARKER_PLUGIN);
    REQUIRE(info.has_value());
    const registry_edit edit = [&](registry_file &file) {
        return register_module(file, path, UCOM_MARKER_PLUGIN, *info);
    };
    REQUIRE(update_registry(path, edit).has_value());
    const std::string once = test::read_file(path);
    REQUIRE(update_registry(path, edit).has_value());
    CHECK(test::read_file(path) == once);
    const auto file = load_registry(path);
    REQUIRE(file.has_value());
    REQUIRE(file->classes.size() == 1);
    CHECK(file->classes[0].clsid == calculator_clsid);
    CHECK(file->classes[0].name == "Calculator");
    CHECK(file->modules.at(0).path == fs::path(UCOM_MARKER_PLUGIN).lexically_normal().string());
    CHECK_FALSE(fs::exists(UCOM_MARKER_FILE));
}

TEST_CASE("Registration refuses text that is not UTF-8 rather than write a registry that reads back different")
{
    registry_file file;
    const std::string before = serialize_registry(file);
    const fs::path latin1 = "/opt/caf\xE9/libhello.so";
    check_refused(file, register_module(file, registry_path, latin1, module_of({hello_class()})), before, E_INVALIDARG,
                  latin1.string() + ": the path is not UTF-8, which a registry file cannot hold");
    descriptor::class_entry broken = hello_class();
    broken.description = "caf\xC3"; // a cut-off sequence
    check_refused(file, register_module(file, registry_path, hello_file, module_of({broken})), before, CO_E_ERRORINDLL,
                  "/opt/hello/libhello.so: class {8A1F0E43-3C0B-4F3E-9F0D-3C8B7D2E6A11}: its name or description in "
                  "the descriptor is not UTF-8");
    // Well-formed UTF-8 passes, and each malformed form is caught.
    CHECK(is_utf8("caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80"));
    CHECK_FALSE(is_utf8("\xC0\xAF"));         // overlong '/'
    CHECK_FALSE(is_utf8("\xED\xA0\x80"));     // a surrogate
    CHECK_FALSE(is_utf8("\xF4\x90\x80\x80")); // above U+10FFFF
    CHECK_FALSE(is_utf8("\x80"));             // a continuation byte first
}
