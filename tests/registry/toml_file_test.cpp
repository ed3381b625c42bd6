// Reading and writing the registry's TOML text: a full file parses into the model it
// describes, the writer's output reads back the same, and every malformed fixture in
// malformed/ is refused with its file, line and column.
#include <algorithm>
#include <filesystem>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <ucom/registry/toml_file.hpp>

#include "model_comparison.hpp"
#include "scratch_folder.hpp"

namespace {

using namespace ucom::registry;
using ucom::make_guid;

constexpr ucom::guid calculator_clsid = make_guid("{47E33DF5-BF12-4469-836C-2EAC6F517450}");
constexpr ucom::guid hello_clsid = make_guid("{8A1F0E43-3C0B-4F3E-9F0D-3C8B7D2E6A11}");
constexpr ucom::guid icalculator2 = make_guid("{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}");
constexpr ucom::guid idescribe = make_guid("{41D88BD5-3BBC-4430-B12C-15869419017E}");

// Every key of every entry, GUIDs in each accepted spelling, both ways of writing a
// module's interfaces.
constexpr const char *full_registry = R"(# A registry written by hand.
format = 1

[[module]]
path = "plugins/libcalc.so"
abi = "1.2"
interfaces = [
  { iid = "{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}", fingerprint = "0xAA5A0C1C8A6F18DC", contract = "0x1234567890ABCDEF" },
  { iid = "41d88bd5-3bbc-4430-b12c-15869419017e", fingerprint = "0xfa5df8ea1a1027e7" },
]

[[module]]
path = "/opt/vendor/libhello.so"
abi = "1.0"

    [[module.interfaces]]
    iid = "{41D88BD5-3BBC-4430-B12C-15869419017E}"
    fingerprint = "0xFA5DF8EA1A1027E7"

[[class]]
clsid = "{47E33DF5-BF12-4469-836C-2EAC6F517450}"
progid = "Example.Calculator.1"
vi_progid = "Example.Calculator"
name = "Calculator"
description = "Adds, subtracts and divides"
module = "plugins/libcalc.so"
threading = "both"
interfaces = ["{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}", "{41D88BD5-3BBC-4430-B12C-15869419017E}"]

[[class]]
clsid = "8a1f0e43-3c0b-4f3e-9f0d-3c8b7d2e6a11"
progid = "Ucom.Hello"
vi_progid = "Ucom.Hello"
module = "/opt/vendor/libhello.so"

[[interface]]
iid = "{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}"
name = "ICalculator2"
fingerprint = "0xAA5A0C1C8A6F18DC"
contract = "0x1234567890ABCDEF"
description = "build/calculator.json"

[[interface]]
iid = "{41D88BD5-3BBC-4430-B12C-15869419017E}"
name = "IDescribe"
fingerprint = "0xFA5DF8EA1A1027E7"
)";

registry_file parsed(const std::string &text)
{
    auto file = parse_registry(text, "test.toml");
    INFO(text);
    REQUIRE(file.has_value());
    return *file;
}

// A registry in the writer's canonical order, with strings TOML has to escape.
registry_file canonical_registry()
{
    registry_file file;
    file.modules.push_back({"/opt/with space/lib'quote\".so", 1, 0, {{icalculator2, 0x0123456789ABCDEFULL, 0}}});
    file.modules.push_back({"plugins/libcalc.so", 65535, 7,
                            {{idescribe, 0, 0}, {icalculator2, 0x0123456789ABCDEFULL, 0xFEDCBA9876543210ULL}}});
    class_record plain;
    plain.clsid = hello_clsid;
    plain.module = "plugins/libcalc.so";
    plain.threading = "unspecified";
    class_record full;
    full.clsid = calculator_clsid;
    full.progid = "Example.Calculator.1";
    full.vi_progid = "Example.Calculator";
    full.name = "Calculator";
    full.description = "line one\nline two\twith a tab, a \\ backslash, 'single' and \"double\" quotes, caf\xC3\xA9";
    full.module = "/opt/with space/lib'quote\".so";
    full.threading = "apartment";
    full.interfaces = {icalculator2, idescribe};
    file.classes = {plain, full}; // "" sorts before "Example…"
    file.interfaces.push_back(
        {icalculator2, "ICalculator2", 0x0123456789ABCDEFULL, "build/calc ulator.json", 0xFEDCBA9876543210ULL});
    file.interfaces.push_back({idescribe, "IDescribe", 0, {}, 0});
    return file;
}

} // namespace

TEST_CASE("A full registry parses into the modules classes and interfaces it describes")
{
    const registry_file file = parsed(full_registry);

    REQUIRE(file.modules.size() == 2);
    const module_record &calc = file.modules[0];
    CHECK(calc.path == "plugins/libcalc.so");
    CHECK(calc.abi_major == 1);
    CHECK(calc.abi_minor == 2);
    REQUIRE(calc.interfaces.size() == 2);
    CHECK(calc.interfaces[0].iid == icalculator2);
    CHECK(calc.interfaces[0].fingerprint == 0xAA5A0C1C8A6F18DCULL);
    CHECK(calc.interfaces[0].contract == 0x1234567890ABCDEFULL);
    CHECK(calc.interfaces[1].iid == idescribe);
    CHECK(calc.interfaces[1].fingerprint == 0xFA5DF8EA1A1027E7ULL);
    CHECK(calc.interfaces[1].contract == 0); // optional: a module built before contracts has none
    const module_record &hello = file.modules[1];
    CHECK(hello.path == "/opt/vendor/libhello.so");
    CHECK(hello.abi_major == 1);
    CHECK(hello.abi_minor == 0);
    REQUIRE(hello.interfaces.size() == 1);
    CHECK(hello.interfaces[0].iid == idescribe);

    REQUIRE(file.classes.size() == 2);
    const class_record &calculator = file.classes[0];
    CHECK(calculator.clsid == calculator_clsid);
    CHECK(calculator.progid == "Example.Calculator.1");
    CHECK(calculator.vi_progid == "Example.Calculator");
    CHECK(calculator.name == "Calculator");
    CHECK(calculator.description == "Adds, subtracts and divides");
    CHECK(calculator.module == "plugins/libcalc.so");
    CHECK(calculator.threading == "both");
    CHECK(calculator.interfaces == std::vector<ucom::guid>{icalculator2, idescribe});
    const class_record &plain = file.classes[1];
    CHECK(plain.clsid == hello_clsid);
    CHECK(plain.progid == "Ucom.Hello");
    CHECK(plain.vi_progid == "Ucom.Hello");
    CHECK(plain.name.empty());
    CHECK(plain.description.empty());
    CHECK(plain.module == "/opt/vendor/libhello.so");
    CHECK(plain.threading == "unspecified");
    CHECK(plain.interfaces.empty());

    REQUIRE(file.interfaces.size() == 2);
    CHECK(file.interfaces[0].iid == icalculator2);
    CHECK(file.interfaces[0].name == "ICalculator2");
    CHECK(file.interfaces[0].fingerprint == 0xAA5A0C1C8A6F18DCULL);
    CHECK(file.interfaces[0].contract == 0x1234567890ABCDEFULL);
    CHECK(file.interfaces[0].description == "build/calculator.json");
    CHECK(file.interfaces[1].contract == 0);
    CHECK(file.interfaces[1].name == "IDescribe");
    CHECK(file.interfaces[1].description.empty());

    CHECK(file.find_module("plugins/libcalc.so") == &file.modules[0]);
    CHECK(file.find_module("libcalc.so") == nullptr);
    CHECK(file.find_class(hello_clsid) == &file.classes[1]);
    CHECK(file.find_class(icalculator2) == nullptr);
    CHECK(file.find_interface(idescribe) == &file.interfaces[1]);
}

TEST_CASE("An empty text and a file with only the format are empty registries")
{
    for (const char *text : {"", "format = 1\n", "# nothing registered yet\n"}) {
        const registry_file file = parsed(text);
        CHECK(file.modules.empty());
        CHECK(file.classes.empty());
        CHECK(file.interfaces.empty());
    }
}

TEST_CASE("Every threading model the format names is accepted")
{
    for (const char *model : {"unspecified", "apartment", "free", "both", "neutral", "single"}) {
        const registry_file file = parsed(std::string("[[module]]\npath = 'a.so'\nabi = '1.0'\n[[class]]\n"
                                                      "clsid = '{47E33DF5-BF12-4469-836C-2EAC6F517450}'\n"
                                                      "module = 'a.so'\nthreading = '") +
                                          model + "'\n");
        CHECK(file.classes.at(0).threading == model);
    }
}

TEST_CASE("Serializing a registry and parsing the text gives the same registry back")
{
    const registry_file original = canonical_registry();
    const std::string text = serialize_registry(original);
    INFO(text);
    const registry_file again = parsed(text);
    CHECK(ucom::registry::test::equal(again, original));
    CHECK(serialize_registry(again) == text);
}

TEST_CASE("A serialized registry names its format and explains itself in a comment")
{
    const std::string text = serialize_registry(canonical_registry());
    CHECK(text.rfind("# The ucom registry (docs/registry.md).", 0) == 0);
    CHECK(text.find("\nformat = 1\n") != std::string::npos);
    CHECK(serialize_registry({}).find("[[") == std::string::npos);
    CHECK(parsed(serialize_registry({})).modules.empty());
}

TEST_CASE("The writer puts modules by path classes by ProgID then CLSID and interfaces by name")
{
    registry_file shuffled = canonical_registry();
    std::reverse(shuffled.modules.begin(), shuffled.modules.end());
    std::reverse(shuffled.classes.begin(), shuffled.classes.end());
    std::reverse(shuffled.interfaces.begin(), shuffled.interfaces.end());
    const std::string text = serialize_registry(shuffled);
    CHECK(text == serialize_registry(canonical_registry()));

    const registry_file reread = parsed(text);
    CHECK(reread.modules.at(0).path == "/opt/with space/lib'quote\".so");
    CHECK(reread.modules.at(1).path == "plugins/libcalc.so");
    CHECK(reread.classes.at(0).progid.empty());
    CHECK(reread.classes.at(1).progid == "Example.Calculator.1");
    CHECK(reread.interfaces.at(0).name == "ICalculator2");
    CHECK(reread.interfaces.at(1).name == "IDescribe");
}

namespace {

struct malformed_fixture {
    std::filesystem::path file;
    std::string text;
    std::string expected; // "LINE:COL: message", from the first line's "# expect: "
};

std::vector<malformed_fixture> malformed_fixtures()
{
    std::vector<malformed_fixture> fixtures;
    for (const auto &entry : std::filesystem::directory_iterator(UCOM_MALFORMED_REGISTRIES)) {
        if (entry.path().extension() != ".toml") {
            continue;
        }
        malformed_fixture fixture{entry.path(), ucom::registry::test::read_file(entry.path()), {}};
        constexpr std::string_view marker = "# expect: ";
        const std::string first_line = fixture.text.substr(0, fixture.text.find('\n'));
        if (first_line.rfind(marker, 0) == 0) {
            fixture.expected = first_line.substr(marker.size());
        }
        fixtures.push_back(std::move(fixture));
    }
    std::sort(fixtures.begin(), fixtures.end(),
              [](const malformed_fixture &a, const malformed_fixture &b) { return a.file < b.file; });
    return fixtures;
}

} // namespace

TEST_CASE("Every malformed registry is refused with its file line and column and what is wrong")
{
    const std::vector<malformed_fixture> fixtures = malformed_fixtures();
    REQUIRE(fixtures.size() >= 20);
    for (const malformed_fixture &fixture : fixtures) {
        const std::string source = fixture.file.string();
        INFO(source);
        REQUIRE_FALSE(fixture.expected.empty()); // each fixture says what it expects
        const auto result = parse_registry(fixture.text, source);
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code() == REGDB_E_INVALIDVALUE);
        CHECK_THAT(result.error().message(), Catch::Contains(source + ":" + fixture.expected));
        CHECK(result.error().origin() == source);
    }
}

TEST_CASE("Malformed values not covered by a fixture are refused too")
{
    const auto refused = [](const std::string &text, const std::string &expected) {
        const auto result = parse_registry(text, "inline.toml");
        INFO(text);
        REQUIRE_FALSE(result.has_value());
        CHECK_THAT(result.error().message(), Catch::Contains("inline.toml:" + expected));
    };
    const std::string module = "[[module]]\npath = 'a.so'\n";
    refused(module + "abi = '65536.0'\n", "3:7: module 'a.so': 'abi' must be \"MAJOR.MINOR\", not \"65536.0\"");
    refused(module + "abi = '1.0.0'\n", "3:7: module 'a.so': 'abi' must be \"MAJOR.MINOR\"");
    refused(module + "abi = '1.'\n", "3:7: module 'a.so': 'abi' must be \"MAJOR.MINOR\"");
    refused(module + "abi = '-1.0'\n", "3:7: module 'a.so': 'abi' must be \"MAJOR.MINOR\"");
    refused(
        "[[interface]]\niid = '{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}'\nname = 'I'\nfingerprint = 'AA5A0C1C8A6F18DC'\n",
        "4:15: interface I ({E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}): 'fingerprint' must be a string");
    refused("[[interface]]\niid = '{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}'\nname = 'I'\nfingerprint = 7\n",
            "4:15: interface I ({E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}): 'fingerprint' must be a string");
    refused("[[interface]]\niid = 7\nname = 'I'\nfingerprint = '0x0000000000000000'\n",
            "2:7: interface: 'iid' must be a GUID string");
    refused(module + "abi = '1.0'\n[[class]]\nclsid = '{47E33DF5-BF12-4469-836C-2EAC6F517450}'\nmodule = 'a.so'\n"
                     "name = ['Calculator']\n",
            "7:8: class {47E33DF5-BF12-4469-836C-2EAC6F517450}: 'name' must be a string");
    refused("format = 1\ninterface = [{ iid = 'x' }, 3]\n",
            "2:13: 'interface' must be an array of tables ([[interface]])");
}

TEST_CASE("Text nested deeper than max_nesting is refused before toml++ parses it, with its line and column")
{
    const auto refused = [](const std::string &text, const std::string &expected) {
        const auto result = parse_registry(text, "deep.toml");
        REQUIRE_FALSE(result.has_value());
        CHECK(result.error().code() == REGDB_E_INVALIDVALUE);
        CHECK(result.error().message() ==
              "deep.toml:" + expected + ": the keys, tables and arrays here nest 129 deep, more than the limit of 128 "
                                        "(max_nesting)");
    };
    std::string dotted = "a";
    for (int i = 0; i < 50'000; ++i) {
        dotted += ".a";
    }
    // Each of these overflowed toml++'s stack: a crash, not an error.
    refused("format = 1\n" + dotted + " = 1\n", "2:258"); // the 129th dot
    refused("[" + dotted + "]\n", "1:257");
    refused("x = " + std::string(50'000, '[') + std::string(50'000, ']') + "\n", "1:133");
    std::string tables = "x = ";
    for (int i = 0; i < 50'000; ++i) {
        tables += "{a = ";
    }
    refused(tables + "1" + std::string(50'000, '}') + "\n", "1:645");
    // A table header's parts count for the keys below it.
    refused("[" + dotted.substr(0, 2 * 100) + "]\n" + dotted.substr(0, 2 * 40) + " = 1\n", "2:56");
}

TEST_CASE("Brackets and dots inside strings and comments do not count towards max_nesting")
{
    const std::string many = std::string(1000, '[') + std::string(1000, '{') + std::string(1000, '.');
    const std::string text = "format = 1 # " + many + "\n[[interface]]\niid = '{E13D5C1B-3381-4A08-AEA8-DEB7606F49A5}'\n" +
                             "name = 'I'\nfingerprint = '0x0000000000000000'\ndescription = \"\\\"" + many + "\"\n" +
                             "# '''" + many + "\n";
    const auto result = parse_registry(text, "strings.toml");
    REQUIRE(result.has_value());
    CHECK(result->interfaces.at(0).description == "\"" + many);
    // 128 deep is still read (and then refused for what it says).
    std::string key = "a";
    for (int i = 0; i < 128; ++i) {
        key += ".a";
    }
    const auto at_limit = parse_registry(key + " = 1\n", "limit.toml");
    REQUIRE_FALSE(at_limit.has_value());
    CHECK_THAT(at_limit.error().message(), Catch::StartsWith("limit.toml:1:") && Catch::Contains("unknown key 'a'"));
}

TEST_CASE("A string without its closing quote is reported where it starts, not where toml++ stopped")
{
    struct unterminated {
        std::string text;
        std::string expected;
    };
    const std::vector<unterminated> cases = {
        {"format = 1\n[[class]]\nclsid = \"{5E2D7C1A-9B3F-4E6D-8A21-3C4B5D6E7F81}\nname = \"x\"\n",
         "open.toml:3:9: this string has no closing quote"},
        {"format = 1\nname = 'abc\n", "open.toml:2:8: this string has no closing quote"},
        {"format = 1\n# a \"quote\" in a comment\nname = \"a \\\" b\n", "open.toml:3:8: this string has no closing quote"},
        {"format = 1\nname = \"\"\"abc\n", "open.toml:2:8: this multi-line string has no closing quotes"},
        {"format = 1\nname = '''a\nb\n", "open.toml:2:8: this multi-line string has no closing quotes"},
    };
    for (const auto &c : cases) {
        INFO(c.text);
        const auto result = parse_registry(c.text, "open.toml");
        REQUIRE_FALSE(result.has_value());
        CHECK_THAT(result.error().message(), Catch::StartsWith(c.expected));
    }
    // A string error that is not a missing quote keeps toml++'s own words.
    const auto escape = parse_registry("format = 1\nname = \"a\\qb\"\n", "escape.toml");
    REQUIRE_FALSE(escape.has_value());
    CHECK_THAT(escape.error().message(), Catch::StartsWith("escape.toml:2:") && !Catch::Contains("closing quote"));
}
