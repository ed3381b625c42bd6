// The JSON description (`ucom-idl --emit json`), driven through the real pipeline: IDL text
// in a temporary folder, compile_file, then the written <stem>.json read back.
#include <atomic>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "driver.hpp"

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// A folder of its own per call, removed afterwards.
class temp_folder {
public:
    temp_folder()
    {
        static std::atomic<int> counter{0};
        path_ = fs::temp_directory_path() /
                ("ucom_json_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::create_directories(path_);
    }
    ~temp_folder()
    {
        std::error_code ec;
        fs::remove_all(path_, ec);
    }
    temp_folder(const temp_folder &) = delete;
    temp_folder &operator=(const temp_folder &) = delete;

    [[nodiscard]] const fs::path &path() const { return path_; }

private:
    fs::path path_;
};

std::string read_text(const fs::path &path)
{
    std::ifstream in(path, std::ios::binary);
    std::ostringstream contents;
    contents << in.rdbuf();
    return std::move(contents).str();
}

// Compiles `idl` as <folder>/<name> with only the JSON output and returns its text.
std::string compile_to_text(const temp_folder &folder, std::string_view idl, const std::string &name = "test.idl")
{
    auto input = folder.path() / name;
    std::ofstream(input, std::ios::binary) << idl;
    ucom::idl::driver_options options;
    options.preprocessing.include_dirs.emplace_back(UCOM_TEST_IDL_DIR);
    options.output_dir = folder.path() / "out";
    options.emit.json = true;
    REQUIRE(ucom::idl::compile_file(input, options, stderr) == 0);
    return read_text(options.output_dir / (fs::path(name).stem().string() + ".json"));
}

json compile_to_json(std::string_view idl)
{
    temp_folder folder;
    return json::parse(compile_to_text(folder, idl));
}

const json &named(const json &list, std::string_view name)
{
    for (const auto &item : list) {
        if (item.at("name") == name) {
            return item;
        }
    }
    FAIL("no entry named " << name << " in " << list.dump());
    return list; // not reached
}

constexpr std::string_view calculator_idl = R"(
import "unknwn.idl";

[object, uuid(F82A9146-DFC2-46E0-806A-38605A81A719), pointer_default(unique)]
interface ICalculator : IUnknown {
    HRESULT Add([in] long a, [in] long b, [out, retval] long *sum);
    HRESULT Divide([in] long dividend, [in] long divisor, [out, retval] long *quotient);
};

[object, uuid(E13D5C1B-3381-4A08-AEA8-DEB7606F49A5), pointer_default(unique)]
interface ICalculator2 : ICalculator {
    HRESULT Multiply([in] long a, [in] long b, [out, retval] long *product);
};

[uuid(47E33DF5-BF12-4469-836C-2EAC6F517450)]
coclass Calculator {
    [default] interface ICalculator2;
    interface ICalculator;
};
)";

// One interface whose single method's parameter is `parameter` (the fingerprint tests).
std::string one_method_idl(std::string_view parameter)
{
    return std::string(R"(
import "unknwn.idl";
[object, uuid(5B0E8E8C-54B6-4E0B-9E54-2C1F0C7E6A11)]
interface IShape : IUnknown {
    HRESULT Resize()") +
           std::string(parameter) + R"();
};
)";
}

std::string fingerprint_of(std::string_view parameter)
{
    return compile_to_json(one_method_idl(parameter)).at("interfaces").at(0).at("fingerprint").get<std::string>();
}

// Both fingerprints of IShape with one method `Resize(parameters)`, after `types` (types the
// parameters use), and its contract text's last line (the method's slot).
struct layouts {
    std::string fingerprint;
    std::string contract;
    std::string slot;
};

layouts layouts_of(std::string_view types, std::string_view parameters)
{
    const auto j = compile_to_json(std::string(R"(
import "unknwn.idl";
)") + std::string(types) + R"(
[object, uuid(5B0E8E8C-54B6-4E0B-9E54-2C1F0C7E6A11)]
interface IShape : IUnknown {
    HRESULT Resize()" + std::string(parameters) + R"();
};
)");
    const auto &itf = j.at("interfaces").at(0);
    return {itf.at("fingerprint").get<std::string>(), itf.at("contract_fingerprint").get<std::string>(),
            itf.at("contract").back().get<std::string>()};
}

} // namespace

TEST_CASE("The JSON description names its schema version, source file and imports")
{
    temp_folder folder;
    auto j = json::parse(compile_to_text(folder, calculator_idl, "calculator.idl"));
    CHECK(j.at("ucom_idl_json") == 1);
    CHECK(j.at("source") == "calculator.idl");
    CHECK(j.at("imports") == json::array({"unknwn.idl"}));
}

TEST_CASE("The JSON description lists only the main file's interfaces, not imported ones")
{
    auto j = compile_to_json(calculator_idl);
    REQUIRE(j.at("interfaces").size() == 2);
    CHECK(j.at("interfaces").at(0).at("name") == "ICalculator");
    CHECK(j.at("interfaces").at(1).at("name") == "ICalculator2");
}

TEST_CASE("Interface methods are numbered after the slots they inherit")
{
    auto j = compile_to_json(calculator_idl);
    const auto &calc = named(j.at("interfaces"), "ICalculator");
    CHECK(calc.at("iid") == "F82A9146-DFC2-46E0-806A-38605A81A719");
    CHECK(calc.at("base") == "IUnknown");
    CHECK(calc.at("base_iid") == "00000000-0000-0000-C000-000000000046");
    CHECK(calc.at("slot_count") == 5);
    CHECK(calc.at("methods").at(0).at("slot") == 3);
    CHECK(calc.at("methods").at(1).at("slot") == 4);

    const auto &calc2 = named(j.at("interfaces"), "ICalculator2");
    CHECK(calc2.at("base") == "ICalculator");
    CHECK(calc2.at("base_iid") == "F82A9146-DFC2-46E0-806A-38605A81A719");
    CHECK(calc2.at("slot_count") == 6);
    REQUIRE(calc2.at("methods").size() == 1); // own methods only
    CHECK(calc2.at("methods").at(0).at("name") == "Multiply");
    CHECK(calc2.at("methods").at(0).at("slot") == 5);
}

TEST_CASE("A method is described with its C name, return type and IDL signature")
{
    auto j = compile_to_json(calculator_idl);
    const auto &add = named(named(j.at("interfaces"), "ICalculator").at("methods"), "Add");
    CHECK(add.at("c_name") == "Add");
    CHECK(add.at("property").is_null());
    CHECK(add.at("call_as").is_null());
    CHECK(add.at("id").is_null());
    CHECK(add.at("return_type") == json{{"idl", "HRESULT"}, {"c", "HRESULT"}});
    CHECK(add.at("idl") == "HRESULT Add([in] long a, [in] long b, [out, retval] long *sum);");
    const auto &sum = add.at("parameters").at(2);
    CHECK(sum.at("name") == "sum");
    CHECK(sum.at("type") == json{{"idl", "long *"}, {"c", "int32_t *"}});
}

TEST_CASE("Property methods carry their kind, C name and dispatch id")
{
    auto j = compile_to_json(R"(
import "unknwn.idl";
[object, uuid(0C7D1C8E-2F0A-4B51-9E3D-6A0F1B2C3D41)]
interface IWidget : IUnknown {
    [propget, id(1)] HRESULT Size([out, retval] long *value);
    [propput, id(1)] HRESULT Size([in] long value);
    [propputref, id(-4)] HRESULT Owner([in] IUnknown *owner);
    HRESULT Reset();
};
)");
    const auto &methods = j.at("interfaces").at(0).at("methods");
    REQUIRE(methods.size() == 4);
    CHECK(methods.at(0).at("property") == "propget");
    CHECK(methods.at(0).at("c_name") == "get_Size");
    CHECK(methods.at(0).at("id") == 1);
    CHECK(methods.at(1).at("property") == "propput");
    CHECK(methods.at(1).at("c_name") == "put_Size");
    CHECK(methods.at(2).at("property") == "propputref");
    CHECK(methods.at(2).at("c_name") == "putref_Owner");
    CHECK(methods.at(2).at("id") == -4);
    CHECK(methods.at(3).at("property").is_null());
    CHECK(methods.at(3).at("slot") == 6);
}

TEST_CASE("Parameters carry their direction, retval flag and size_is arguments")
{
    auto j = compile_to_json(R"(
import "unknwn.idl";
[object, uuid(7E4F2A10-1B3C-4D5E-8F60-718293A4B5C6)]
interface IBuffer : IUnknown {
    HRESULT Exchange([in] long count, [in, size_is(count)] const byte *data, [in, out] long *cursor,
                     [out] long *written, long plain, [out, retval] long *result);
    HRESULT Query([in] REFIID riid, [out, iid_is(riid)] void **object);
};
)");
    const auto &params = named(j.at("interfaces").at(0).at("methods"), "Exchange").at("parameters");
    REQUIRE(params.size() == 6);
    CHECK(params.at(0).at("direction") == "in");
    CHECK(params.at(0).at("size_is").is_null());
    CHECK(params.at(1).at("size_is") == json::array({"count"}));
    CHECK(params.at(1).at("length_is").is_null());
    CHECK(params.at(1).at("attributes") ==
          json::parse(R"([{"name": "in", "args": []}, {"name": "size_is", "args": ["count"]}])"));
    CHECK(params.at(2).at("direction") == "in,out");
    CHECK(params.at(3).at("direction") == "out");
    CHECK(params.at(3).at("retval") == false);
    CHECK(params.at(4).at("direction") == "in"); // MIDL's default
    CHECK(params.at(5).at("direction") == "out");
    CHECK(params.at(5).at("retval") == true);

    const auto &query = named(j.at("interfaces").at(0).at("methods"), "Query").at("parameters");
    CHECK(query.at(1).at("iid_is") == json::array({"riid"}));
}

TEST_CASE("A call_as method has no slot and names the local method it stands for")
{
    auto j = compile_to_json(R"(
import "unknwn.idl";
[object, uuid(3A9C0B7E-6D21-4F88-A1B2-C3D4E5F60718)]
interface IStream2 : IUnknown {
    [local] HRESULT Read([out, size_is(n)] byte *buffer, [in] long n);
    [call_as(Read)] HRESULT RemoteRead([out, size_is(n)] byte *buffer, [in] long n);
    HRESULT Close();
};
)");
    const auto &itf = j.at("interfaces").at(0);
    CHECK(itf.at("slot_count") == 5);
    const auto &methods = itf.at("methods");
    CHECK(methods.at(0).at("slot") == 3);
    CHECK(methods.at(0).at("call_as").is_null());
    CHECK(methods.at(1).at("name") == "RemoteRead");
    CHECK(methods.at(1).at("slot").is_null());
    CHECK(methods.at(1).at("call_as") == "Read");
    CHECK(methods.at(2).at("slot") == 4);
}

TEST_CASE("Coclass entries mark the default and the source interfaces")
{
    auto j = compile_to_json(R"(
import "unknwn.idl";
[object, uuid(11111111-2222-3333-4444-555555555501)]
interface IEngine : IUnknown { HRESULT Start(); };
[object, uuid(11111111-2222-3333-4444-555555555502)]
interface IEngineEvents : IUnknown { HRESULT Started(); };
[uuid(11111111-2222-3333-4444-555555555503), progid("Demo.Engine.1"), vi_progid("Demo.Engine"),
 threading(both), helpstring("An engine")]
coclass Engine {
    [default] interface IEngine;
    [default, source] interface IEngineEvents;
};
)");
    const auto &engine = named(j.at("coclasses"), "Engine");
    CHECK(engine.at("clsid") == "11111111-2222-3333-4444-555555555503");
    CHECK(engine.at("progid") == "Demo.Engine.1");
    CHECK(engine.at("vi_progid") == "Demo.Engine");
    CHECK(engine.at("threading") == "both");
    CHECK(engine.at("helpstring") == "An engine");
    CHECK(engine.at("version").is_null());
    const auto &entries = engine.at("interfaces");
    REQUIRE(entries.size() == 2);
    CHECK(entries.at(0).at("name") == "IEngine");
    CHECK(entries.at(0).at("iid") == "11111111-2222-3333-4444-555555555501");
    CHECK(entries.at(0).at("default") == true);
    CHECK(entries.at(0).at("source") == false);
    CHECK(entries.at(1).at("default") == true);
    CHECK(entries.at(1).at("source") == true);
}

TEST_CASE("Enumerators carry their resolved values")
{
    auto j = compile_to_json(R"(
typedef enum color { red, green = 5, blue, mask = 1 << 4, back = -1 } color;
)");
    const auto &types = j.at("types");
    const auto &color = types.at(0);
    CHECK(color.at("kind") == "enum");
    CHECK(color.at("name") == "color");
    CHECK(color.at("enumerators") == json::parse(R"([
        {"name": "red", "value": 0, "attributes": []},
        {"name": "green", "value": 5, "attributes": []},
        {"name": "blue", "value": 6, "attributes": []},
        {"name": "mask", "value": 16, "attributes": []},
        {"name": "back", "value": -1, "attributes": []}])"));
    CHECK(types.at(1).at("kind") == "typedef");
    CHECK(types.at(1).at("type").at("idl") == "enum color");
}

TEST_CASE("Structs, unions and constants are described with their fields and values")
{
    auto j = compile_to_json(R"(
const long max_points = 4 * 16;
const char *greeting = "hi";
typedef struct point { long x; [string] char *label; } point;
typedef union value switch (long kind) u { case 1: long number; case 2: case 3: double real; default: ; } value;
)");
    const auto &constants = j.at("constants");
    CHECK(named(constants, "max_points").at("value") == 64);
    CHECK(named(constants, "max_points").at("expression") == "4 * 16");
    CHECK(named(constants, "greeting").at("value") == "hi");

    const auto &point = named(j.at("types"), "point");
    REQUIRE(point.at("kind") == "struct");
    CHECK(point.at("fields").at(0).at("name") == "x");
    CHECK(point.at("fields").at(0).at("type") == json{{"idl", "long"}, {"c", "int32_t"}});
    CHECK(point.at("fields").at(1).at("attributes").at(0).at("name") == "string");

    const json *value = nullptr;
    for (const auto &t : j.at("types")) {
        value = t.at("kind") == "union" ? &t : value;
    }
    REQUIRE(value != nullptr);
    CHECK(value->at("encapsulated") == true);
    CHECK(value->at("switch_type").at("idl") == "long");
    CHECK(value->at("switch_name") == "kind");
    const auto &arms = value->at("arms");
    REQUIRE(arms.size() == 3);
    CHECK(arms.at(0).at("cases") == json::array({1}));
    CHECK(arms.at(1).at("cases") == json::array({2, 3}));
    CHECK(arms.at(1).at("name") == "real");
    CHECK(arms.at(2).at("default") == true);
    CHECK(arms.at(2).at("type").is_null());
}

TEST_CASE("Types and interfaces inside a library and an interface body are described")
{
    auto j = compile_to_json(R"(
import "unknwn.idl";
[uuid(9D8C7B6A-5F4E-4D3C-2B1A-0F9E8D7C6B5A), version(1.0), helpstring("Demo library")]
library DemoLib {
    importlib("stdole2.tlb");
    [object, uuid(9D8C7B6A-5F4E-4D3C-2B1A-0F9E8D7C6B5B)]
    interface ILibItf : IUnknown {
        typedef long handle_id;
        HRESULT Open([out, retval] handle_id *id);
    };
    [uuid(9D8C7B6A-5F4E-4D3C-2B1A-0F9E8D7C6B5C)]
    dispinterface DEvents {
        properties:
            [id(1)] long count;
        methods:
            [id(2)] void Fired([in] long code);
    };
    [uuid(9D8C7B6A-5F4E-4D3C-2B1A-0F9E8D7C6B5D)]
    coclass LibThing {
        [default] interface ILibItf;
        [default, source] dispinterface DEvents;
    };
};
)");
    const auto &lib = named(j.at("libraries"), "DemoLib");
    CHECK(lib.at("libid") == "9D8C7B6A-5F4E-4D3C-2B1A-0F9E8D7C6B5A");
    CHECK(lib.at("helpstring") == "Demo library");
    CHECK(lib.at("version") == "1.0");
    CHECK(lib.at("importlibs") == json::array({"stdole2.tlb"}));
    CHECK(lib.at("members") == json::parse(R"([
        {"kind": "interface", "name": "ILibItf"},
        {"kind": "dispinterface", "name": "DEvents"},
        {"kind": "coclass", "name": "LibThing"}])"));

    CHECK(named(j.at("interfaces"), "ILibItf").at("methods").at(0).at("slot") == 3);
    CHECK(named(j.at("types"), "handle_id").at("type").at("c") == "int32_t");

    const auto &events = named(j.at("dispinterfaces"), "DEvents");
    CHECK(events.at("uuid") == "9D8C7B6A-5F4E-4D3C-2B1A-0F9E8D7C6B5C");
    CHECK(events.at("properties").at(0).at("name") == "count");
    CHECK(events.at("properties").at(0).at("id") == 1);
    const auto &fired = events.at("methods").at(0);
    CHECK(fired.at("name") == "Fired");
    CHECK(fired.at("id") == 2);
    CHECK_FALSE(fired.contains("slot"));

    const auto &thing = named(j.at("coclasses"), "LibThing");
    CHECK(thing.at("interfaces").at(1).at("kind") == "dispinterface");
    CHECK(thing.at("interfaces").at(1).at("iid") == "9D8C7B6A-5F4E-4D3C-2B1A-0F9E8D7C6B5C");
}

TEST_CASE("The layout lines are the text the fingerprint hashes")
{
    auto j = compile_to_json(calculator_idl);
    const auto &layout = named(j.at("interfaces"), "ICalculator2").at("layout");
    REQUIRE(layout.size() >= 3);
    CHECK(layout.at(0) == "ucom layout 1");
    CHECK(layout.at(1) == "iid E13D5C1B-3381-4A08-AEA8-DEB7606F49A5");
    CHECK(layout.back() == "slot 5 Multiply(in i32, in i32, out ptr(i32)) -> i32");
    CHECK(named(j.at("interfaces"), "ICalculator2").at("fingerprint").get<std::string>().size() == 16);
}

TEST_CASE("The fingerprint is stable across runs and follows parameter types, not names")
{
    auto first = fingerprint_of("[in] long width");
    CHECK(first.find_first_not_of("0123456789ABCDEF") == std::string::npos);
    CHECK(fingerprint_of("[in] long width") == first);
    CHECK(fingerprint_of("[in] long w") == first);
    CHECK(fingerprint_of("[in] hyper width") != first);
    CHECK(fingerprint_of("[in] unsigned long width") != first);
}

TEST_CASE("The contract is layout 2: the layout with the attributes that bound what crosses")
{
    auto j = compile_to_json(calculator_idl);
    const auto &itf = named(j.at("interfaces"), "ICalculator2");
    const auto &contract = itf.at("contract");
    CHECK(contract.at(0) == "ucom layout 2");
    CHECK(contract.at(4) == "slot 0 QueryInterface(in ptr(struct{u32,u16,u16,u8[8]}), out ptr(ptr(void)) [iid_is($1)]) -> i32");
    CHECK(contract.back() == "slot 5 Multiply(in i32, in i32, out ptr(i32)) -> i32");
    CHECK(itf.at("contract_fingerprint") != itf.at("fingerprint"));

    const auto sized = layouts_of("", "[in] long n, [in, size_is(n)] const long *values");
    CHECK(sized.slot == "slot 3 Resize(in i32, in ptr(i32) [size_is($1)]) -> i32");
    SECTION("a changed bound changes the contract, not the layout")
    {
        const auto doubled = layouts_of("", "[in] long n, [in, size_is(2 * n)] const long *values");
        CHECK(doubled.slot == "slot 3 Resize(in i32, in ptr(i32) [size_is(2*$1)]) -> i32");
        CHECK(doubled.fingerprint == sized.fingerprint);
        CHECK(doubled.contract != sized.contract);
        const auto other = layouts_of("", "[in] long m, [in] long n, [in, size_is(n)] const long *values");
        CHECK(other.slot == "slot 3 Resize(in i32, in i32, in ptr(i32) [size_is($2)]) -> i32");
    }
    SECTION("renaming a parameter or a constant changes neither; a constant's value does")
    {
        const auto renamed = layouts_of("", "[in] long count, [in, size_is(count)] const long *items");
        CHECK(renamed.fingerprint == sized.fingerprint);
        CHECK(renamed.contract == sized.contract);
        const auto by_constant = layouts_of("const long LIMIT = 8;", "[in, size_is(LIMIT)] const long *values");
        const auto renamed_constant = layouts_of("const long MAX = 8;", "[in, size_is(MAX)] const long *values");
        const auto other_value = layouts_of("const long LIMIT = 9;", "[in, size_is(LIMIT)] const long *values");
        CHECK(by_constant.slot == "slot 3 Resize(in ptr(i32) [size_is(8)]) -> i32");
        CHECK(renamed_constant.contract == by_constant.contract);
        CHECK(other_value.contract != by_constant.contract);
        CHECK(other_value.fingerprint == by_constant.fingerprint);
    }
    SECTION("length_is, string, iid_is, switch_is and pointer kinds are each part of the contract")
    {
        const std::vector<std::pair<std::string, std::string>> pairs{
            {"[in] long n, [in, size_is(n)] const long *v", "[in] long n, [in, size_is(n), length_is(n)] const long *v"},
            {"[in] const char *name", "[in, string] const char *name"},
            {"[in] REFIID riid, [out] void **ppv", "[in] REFIID riid, [out, iid_is(riid)] void **ppv"},
            {"[in] long *p", "[in, unique] long *p"},
            {"[in, ref] long *p", "[in, unique] long *p"},
        };
        for (const auto &[before, after] : pairs) {
            INFO(before << " -> " << after);
            const auto a = layouts_of("", before);
            const auto b = layouts_of("", after);
            CHECK(a.fingerprint == b.fingerprint);
            CHECK(a.contract != b.contract);
        }
    }
    SECTION("[string] on a typedef counts like [string] on the parameter")
    {
        const auto on_typedef = layouts_of("typedef [string] char *TEXT;", "[in] TEXT name");
        const auto on_parameter = layouts_of("", "[in, string] char *name");
        CHECK(on_typedef.slot == "slot 3 Resize(in ptr(char) [string]) -> i32");
        CHECK(on_typedef.contract == on_parameter.contract);
    }
    SECTION("the attributes of struct fields and the cases of union arms are part of the contract")
    {
        const auto list = layouts_of("typedef struct List { long n; [size_is(n)] long *items; } List;", "[in] List *l");
        const auto list2 = layouts_of("typedef struct List { long n; [size_is(n + 1)] long *items; } List;", "[in] List *l");
        CHECK(list.slot == "slot 3 Resize(in ptr(struct{i32,ptr(i32) [size_is($1)]})) -> i32");
        CHECK(list.fingerprint == list2.fingerprint);
        CHECK(list.contract != list2.contract);
        const char *value = "typedef [switch_type(long)] union Value { [case(1)] long i; [case(2)] double d; } Value;";
        const char *swapped = "typedef [switch_type(long)] union Value { [case(2)] long i; [case(1)] double d; } Value;";
        const auto a = layouts_of(value, "[in] long kind, [in, switch_is(kind)] Value *v");
        const auto b = layouts_of(swapped, "[in] long kind, [in, switch_is(kind)] Value *v");
        CHECK(a.slot == "slot 3 Resize(in i32, in ptr(union{case(1) i32,case(2) f64}) [switch_is($1)]) -> i32");
        CHECK(a.fingerprint == b.fingerprint);
        CHECK(a.contract != b.contract);
    }
    SECTION("attributes that change nothing that crosses leave the contract as it is")
    {
        const auto plain = layouts_of("", "[in] long n, [out] long *r");
        const auto with_retval = layouts_of("", "[in] long n, [out, retval] long *r");
        CHECK(plain.contract == with_retval.contract);
    }
}

TEST_CASE("Identical input gives byte-identical JSON ending in a newline")
{
    temp_folder first;
    temp_folder second;
    auto a = compile_to_text(first, calculator_idl);
    auto b = compile_to_text(second, calculator_idl);
    CHECK(a == b);
    REQUIRE_FALSE(a.empty());
    CHECK(a.back() == '\n');
    CHECK(a.rfind("{\n  \"ucom_idl_json\": 1,\n", 0) == 0); // ordered keys, indent 2
}
