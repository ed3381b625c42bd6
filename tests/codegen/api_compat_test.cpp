// `ucom-idl --check-compat`: the API snapshot of a base IDL file against the snapshot after
// one change, for every kind of change the rules in docs/idl.md name ("Interface
// evolution"), with the verdict each must get.
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include "api_snapshot_support.hpp"

namespace {

using namespace ucom::idl;

const std::string base_idl = R"(import "unknwn.idl";
typedef long COUNT;
const long MAX_ITEMS = 16;
typedef struct Point { long x; long y; } Point;
typedef enum Color { Red = 0, Green = 1, Blue = 2 } Color;
typedef union Value switch (long kind) u { case 1: long number; case 2: double real; } Value;
[object, uuid(6B1D3A50-2C4E-4F60-8A71-9B0C1D2E3F01)]
interface IShapes : IUnknown {
    HRESULT Count([out, retval] long *count);
    HRESULT Get([in] long index, [out, retval] Point *point);
    HRESULT Fill([in] long n, [out, size_is(n), length_is(*written)] Point *points, [out] long *written);
    HRESULT Name([in] long index, [out, retval, string] char **name);
    HRESULT Paint([in] Color color, [in, unique] Point *at, [in] Value *value);
    [propget] HRESULT Size([out, retval] long *size);
}
[object, uuid(6B1D3A50-2C4E-4F60-8A71-9B0C1D2E3F02)]
interface IShapes2 : IShapes {
    HRESULT Clear(void);
}
)";

// The base with `from` replaced by `to` (which must occur exactly once).
std::string changed(std::string_view from, std::string_view to)
{
    std::string text = base_idl;
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    REQUIRE(text.find(from, at + 1) == std::string::npos);
    text.replace(at, from.size(), to);
    return text;
}

struct change_kind {
    const char *what;
    std::string idl;
    const char *violation; // a part of the first line expected; null: compatible
};

} // namespace

TEST_CASE("Every kind of change gets its verdict from the compatibility check")
{
    const std::string interfaces_end = "    HRESULT Clear(void);\n}\n";
    const std::vector<change_kind> kinds = {
        // Incompatible: a frozen interface's vtable.
        {"a method removed", changed("    HRESULT Count([out, retval] long *count);\n", ""), "moved from slot"},
        {"two methods swapped",
         changed("    HRESULT Count([out, retval] long *count);\n    HRESULT Get([in] long index, [out, retval] Point "
                 "*point);\n",
                 "    HRESULT Get([in] long index, [out, retval] Point *point);\n    HRESULT Count([out, retval] long "
                 "*count);\n"),
         "method Count moved from slot 3 to slot 4"},
        {"a method renamed in place", changed("HRESULT Count(", "HRESULT Total("), "method Count in slot 3 renamed to Total"},
        {"the last method removed", changed("    HRESULT Clear(void);\n", ""), "method Clear (slot 9) removed"},
        {"a method appended", changed(interfaces_end, "    HRESULT Clear(void);\n    HRESULT Reset(void);\n}\n"),
         "method Reset added in slot 10"},
        {"a parameter retyped", changed("HRESULT Get([in] long index", "HRESULT Get([in] hyper index"),
         "parameter 1 'index': type changed from 'i32' to 'i64'"},
        {"a parameter made [in, out]", changed("HRESULT Get([in] long index", "HRESULT Get([in, out] long *index"),
         "parameter 1 'index': direction changed"},
        {"a parameter removed", changed("HRESULT Name([in] long index, ", "HRESULT Name("), "2 parameters became 1"},
        {"a parameter added", changed("HRESULT Count([out, retval] long *count)", "HRESULT Count([in] long from, [out, retval] long *count)"),
         "1 parameters became 2"},
        {"the return type changed", changed("HRESULT Clear(void)", "double Clear(void)"),
         "method Clear: return type changed from 'i32' to 'f64'"},
        {"size_is changed", changed("size_is(n)", "size_is(2 * n)"), "contract changed from 'size_is($1) length_is(*$3)' to 'size_is(2 * $1) length_is(*$3)'"},
        {"length_is removed", changed(", length_is(*written)", ""), "parameter 2 'points': contract changed"},
        {"[string] removed", changed("[out, retval, string] char **name", "[out, retval] char **name"), "contract changed from 'retval string'"},
        {"[unique] made [ref]", changed("[in, unique] Point *at", "[in, ref] Point *at"), "contract changed from 'unique' to 'ref'"},
        {"[retval] removed", changed("HRESULT Count([out, retval] long *count)", "HRESULT Count([out] long *count)"), "contract changed from 'retval' to ''"},
        {"a property getter made a method", changed("[propget] HRESULT Size(", "HRESULT Size("), "method get_Size in slot 8 renamed to Size"},
        {"the IID changed", changed("6B1D3A50-2C4E-4F60-8A71-9B0C1D2E3F01", "6B1D3A50-2C4E-4F60-8A71-9B0C1D2E3F09"), "interface IShapes: IID changed"},
        {"the base changed", changed("interface IShapes2 : IShapes {", "interface IShapes2 : IUnknown {"), "interface IShapes2: base changed from IShapes to IUnknown"},
        {"an interface removed",
         changed("[object, uuid(6B1D3A50-2C4E-4F60-8A71-9B0C1D2E3F02)]\ninterface IShapes2 : IShapes {\n    HRESULT Clear(void);\n}\n", ""),
         "interface IShapes2: removed"},
        {"an interface renamed, its IID kept", changed("interface IShapes2 : IShapes", "interface IShapesNext : IShapes"), "interface IShapes2: removed"},
        // Incompatible: types and values callers compiled in.
        {"struct fields reordered", changed("{ long x; long y; }", "{ long y; long x; }"), "struct Point: fields reordered"},
        {"a struct field retyped", changed("{ long x; long y; }", "{ long x; hyper y; }"), "type changed from 'ptr(struct{i32,i32})' to 'ptr(struct{i32,i64})'"},
        {"a struct field removed", changed("{ long x; long y; }", "{ long x; }"), "2 fields became 1"},
        {"a struct field added", changed("{ long x; long y; }", "{ long x; long y; long z; }"), "2 fields became 3"},
        {"an enumerator renumbered", changed("Blue = 2", "Blue = 3"), "enum Color: enumerator Blue renumbered from 2 to 3"},
        {"an enumerator removed", changed(", Blue = 2", ""), "enum Color: enumerator Blue removed"},
        {"a union arm retyped", changed("case 2: double real;", "case 2: float real;"), "arm 2 'real': type changed"},
        {"a union case renumbered", changed("case 2: double real;", "case 3: double real;"), "arm 2 'real': cases changed from [2] to [3]"},
        {"a typedef retyped", changed("typedef long COUNT;", "typedef short COUNT;"), "typedef COUNT: type changed from 'i32' to 'i16'"},
        {"a constant changed", changed("MAX_ITEMS = 16", "MAX_ITEMS = 32"), "constant MAX_ITEMS: value changed from '16' to '32'"},
        {"a typedef removed", changed("typedef long COUNT;\n", ""), "typedef COUNT: removed"},
        // Compatible.
        {"a parameter renamed", changed("HRESULT Get([in] long index,", "HRESULT Get([in] long position,"), nullptr},
        {"a struct field renamed", changed("{ long x; long y; }", "{ long x; long height; }"), nullptr},
        {"a new interface", base_idl + "[object, uuid(6B1D3A50-2C4E-4F60-8A71-9B0C1D2E3F03)]\ninterface IOther : IUnknown { HRESULT Do(void); }\n", nullptr},
        {"a new derived interface", base_idl + "[object, uuid(6B1D3A50-2C4E-4F60-8A71-9B0C1D2E3F04)]\ninterface IShapes3 : IShapes2 { HRESULT Reset(void); }\n", nullptr},
        {"a new enumerator", changed("Blue = 2 }", "Blue = 2, Yellow = 3 }"), nullptr},
        {"a new struct, typedef and constant", changed("typedef long COUNT;\n", "typedef long COUNT;\ntypedef short SMALL;\nconst long MIN_ITEMS = 1;\nstruct Size { long w; long h; };\n"), nullptr},
        {"a helpstring added", changed("HRESULT Clear(void);", "[helpstring(\"clears\")] HRESULT Clear(void);"), nullptr},
        {"a typedef for the same type", changed("HRESULT Get([in] long index", "HRESULT Get([in] COUNT index"), nullptr},
        {"a parameter's size_is naming a renamed parameter", changed("HRESULT Fill([in] long n, [out, size_is(n)", "HRESULT Fill([in] long total, [out, size_is(total)"), nullptr},
    };
    REQUIRE(kinds.size() >= 25);
    const std::string before = api_snapshot_of(base_idl);
    CHECK(compatibility_violations(before, before).empty());
    for (const auto &kind : kinds) {
        INFO("change: " << kind.what);
        const auto violations = compatibility_violations(before, api_snapshot_of(kind.idl));
        if (kind.violation == nullptr) {
            CHECK(violations.empty());
            for (const auto &line : violations) {
                UNSCOPED_INFO(line);
            }
        } else {
            REQUIRE_FALSE(violations.empty());
            bool found = false;
            std::string all;
            for (const auto &line : violations) {
                found = found || line.find(kind.violation) != std::string::npos;
                all += line + "\n";
            }
            INFO("violations:\n" << all);
            CHECK(found);
        }
    }
}

TEST_CASE("A text that is not a snapshot is refused by the compatibility check")
{
    CHECK_THROWS_AS(compatibility_violations("{}", "{}"), std::invalid_argument);
    CHECK_THROWS_AS(compatibility_violations("interface I;", "{\"ucom_api\": 1}"), std::invalid_argument);
    CHECK_FALSE(is_api_snapshot("import \"unknwn.idl\";"));
    CHECK(is_api_snapshot(api_snapshot_of(base_idl)));
}
