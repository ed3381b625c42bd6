#include <catch2/catch.hpp>

#include <algorithm>
#include <cctype>
#include <random>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "lexer.hpp"
#include "parser.hpp"
#include "spelling.hpp"

namespace idl = ucom::idl;

namespace {

struct parsed {
    idl::source_manager sources;
    idl::diagnostics diags;
    idl::idl_file file;

    explicit parsed(std::string text, std::string name = "test.idl")
    {
        auto id = sources.add_buffer(std::move(name), std::move(text));
        auto tokens = idl::lex(sources, id, diags);
        file = idl::parse(tokens, id, sources, diags);
    }

    // Every error, rendered as the driver prints it.
    [[nodiscard]] std::vector<std::string> errors() const
    {
        std::vector<std::string> out;
        for (const auto &d : diags.all()) {
            if (d.severity == idl::severity::error) {
                out.push_back(diags.render(d, sources));
            }
        }
        return out;
    }

    [[nodiscard]] std::string first_error() const
    {
        auto all = errors();
        return all.empty() ? std::string() : all.front();
    }

    // The first line of each error: "test.idl:1:2: error: message".
    [[nodiscard]] std::vector<std::string> error_lines() const
    {
        std::vector<std::string> out;
        for (const auto &e : errors()) {
            out.push_back(e.substr(0, e.find('\n')));
        }
        return out;
    }

    [[nodiscard]] std::string where(idl::source_location at) const
    {
        auto p = sources.presume(at);
        return std::to_string(p.line) + ":" + std::to_string(p.column);
    }

    template <class T>
    const T &get(std::size_t i) const
    {
        return get<T>(file.decls, i);
    }

    template <class T>
    static const T &get(const std::vector<idl::decl_ptr> &decls, std::size_t i)
    {
        REQUIRE(i < decls.size());
        const T *d = idl::as<T>(decls[i].get());
        REQUIRE(d != nullptr);
        return *d;
    }
};

std::string spell(const idl::type &t);

std::string spell(const idl::expr &e)
{
    using k = idl::expr_kind;
    switch (e.kind) {
    case k::integer:
        return std::to_string(e.integer_value);
    case k::floating:
    case k::identifier:
        return e.text;
    case k::string:
        return "\"" + e.text + "\"";
    case k::character:
        return "'" + std::to_string(e.integer_value);
    case k::uuid:
        return "uuid:" + e.text;
    case k::unary:
        return "(" + e.text + spell(*e.operands.at(0)) + ")";
    case k::binary:
        return "(" + spell(*e.operands.at(0)) + " " + e.text + " " + spell(*e.operands.at(1)) + ")";
    case k::conditional:
        return "(" + spell(*e.operands.at(0)) + " ? " + spell(*e.operands.at(1)) + " : " + spell(*e.operands.at(2)) +
               ")";
    case k::cast:
        return "((" + spell(*e.type_operand) + ") " + spell(*e.operands.at(0)) + ")";
    case k::sizeof_type:
        return "sizeof(" + spell(*e.type_operand) + ")";
    }
    return "?";
}

std::string builtin_name(idl::builtin_type b)
{
    using bt = idl::builtin_type;
    switch (b) {
    case bt::void_:
        return "void";
    case bt::boolean:
        return "boolean";
    case bt::byte:
        return "byte";
    case bt::char_:
        return "char";
    case bt::small:
        return "small";
    case bt::short_:
        return "short";
    case bt::int_:
        return "int";
    case bt::long_:
        return "long";
    case bt::hyper:
        return "hyper";
    case bt::int3264:
        return "__int3264";
    case bt::float_:
        return "float";
    case bt::double_:
        return "double";
    case bt::wchar:
        return "wchar_t";
    case bt::handle_t:
        return "handle_t";
    case bt::error_status_t:
        return "error_status_t";
    }
    return "?";
}

// A type as a compact string: "const ptr(const char)", "array[10](long)", "struct tagX".
std::string spell(const idl::type &t)
{
    std::string out = t.is_const ? "const " : "";
    switch (t.kind) {
    case idl::type_kind::builtin:
        out += t.is_unsigned ? "unsigned " : (t.is_signed ? "signed " : "");
        return out + builtin_name(t.builtin);
    case idl::type_kind::named:
        return out + t.name;
    case idl::type_kind::tagged:
        out += t.tag == idl::tag_kind::struct_ ? "struct " : (t.tag == idl::tag_kind::union_ ? "union " : "enum ");
        return out + t.name;
    case idl::type_kind::pointer:
        return out + "ptr(" + spell(*t.element) + ")";
    case idl::type_kind::array:
        return out + "array[" + (t.size ? spell(*t.size) : "") + "](" + spell(*t.element) + ")";
    case idl::type_kind::function: {
        out += "fn(";
        for (std::size_t i = 0; i < t.parameters.size(); ++i) {
            out += (i == 0 ? "" : ", ") + spell(*t.parameters[i].type) + " " + t.parameters[i].name;
        }
        return out + ") -> " + spell(*t.element);
    }
    }
    return "?";
}

std::string spell(const idl::attribute &a)
{
    std::string out = a.name;
    if (!a.has_parens) {
        return out;
    }
    out += "(";
    for (std::size_t i = 0; i < a.args.size(); ++i) {
        out += (i == 0 ? "" : ", ") + (a.args[i] ? spell(*a.args[i]) : std::string());
    }
    if (a.type_arg) {
        out += spell(*a.type_arg);
    }
    return out + ")";
}

std::string spell(const idl::attribute_list &attrs)
{
    std::string out;
    for (const auto &a : attrs) {
        out += (out.empty() ? "" : ", ") + spell(a);
    }
    return out;
}

std::vector<std::string> names(const std::vector<idl::decl_ptr> &decls)
{
    std::vector<std::string> out;
    out.reserve(decls.size());
    for (const auto &d : decls) {
        out.push_back(d->name);
    }
    return out;
}

// The type of `const T x = …;` in a one-declaration file.
std::string const_type(const std::string &type_text)
{
    parsed p("const " + type_text + " x = 0;");
    REQUIRE(p.errors().empty());
    return spell(*p.get<idl::const_decl>(0).type);
}

// The value of `const long x = …;` in a one-declaration file.
std::string const_value(const std::string &expression)
{
    parsed p("const long x = " + expression + ";");
    INFO(p.first_error());
    REQUIRE(p.errors().empty());
    return spell(*p.get<idl::const_decl>(0).value);
}

// A realistic file using most of the grammar (also the input of the robustness tests).
const std::string realistic_idl = R"(import "unknwn.idl", "oaidl.idl";
cpp_quote("#include <windows.h>")
midl_pragma warning(disable: 2111)

typedef [public, v1_enum] enum tagCOLOR { RED = 1, GREEN = RED << 1, BLUE = 0x4, } COLOR;

typedef struct tagPOINT {
    long x;
    long y;
} POINT, *PPOINT;

typedef [switch_type(long)] union tagVALUE {
    [case(1)] long l;
    [case(2, 3)] double d;
    [default] ;
} VALUE;

typedef union switch (short kind) u {
    case 1: long a;
    case 2: [string] wchar_t *text;
    default: ;
} TAGGED;

const unsigned long MAX_POINTS = (16 * 4) + 1;

[
    object,
    uuid(F82A9146-DFC2-46E0-806A-38605A81A719),
    pointer_default(unique),
    helpstring("A shape " "with points")
]
interface IShape : IUnknown
{
    typedef [string] wchar_t *NAME;
    const long VERSION = 2;
    HRESULT GetName([out, retval] NAME *name);
    HRESULT STDMETHODCALLTYPE SetPoints([in] long count, [in, size_is(count)] const POINT *points);
    [propget, id(1)] HRESULT Color([out, retval] COLOR *value);
    [propput, id(1)] HRESULT Color([in] COLOR value);
    HRESULT Matrix([in] long m[2][3], [in, size_is(, *n)] long **rows, [in] long *n);
    void Log([in, string] const char *format, ...);
};

[uuid("3C0C5D5A-7C3A-4B55-9E2E-3A9C1F0E2B10"), version(1.0), helpstring("Shapes")]
library ShapeLib
{
    importlib("stdole2.tlb");
    [uuid(0F21F359-AB84-41E8-9A78-36D110E6D2F9)]
    dispinterface DShapeEvents {
        properties:
            [id(1)] long count;
        methods:
            [id(2)] void Changed([in] long what);
    };
    [uuid(5A2B7E0C-1D3F-4C6A-8B9E-0F1A2B3C4D5E), threading(both), progid("Shapes.Shape.1")]
    coclass Shape {
        [default] interface IShape;
        [default, source] dispinterface DShapeEvents;
    };
    [dllname("shapes.dll")]
    module ShapeFunctions {
        [entry("ShapeCount")] long __stdcall ShapeCount(void);
        const long MODULE_VERSION = 1;
    };
};
)";

} // namespace

// ---- declarations ----

TEST_CASE("A realistic IDL file parses without errors into its declarations in source order")
{
    parsed p(realistic_idl);
    CHECK(p.errors().empty());
    CHECK(names(p.file.decls) == std::vector<std::string>{"", "", "tagCOLOR", "COLOR", "tagPOINT", "POINT", "PPOINT",
                                                          "tagVALUE", "VALUE", "ucom_anonymous_test_1", "TAGGED",
                                                          "MAX_POINTS", "IShape", "ShapeLib"});
    const auto &lib = p.get<idl::library_decl>(13);
    CHECK(names(lib.members) == std::vector<std::string>{"", "DShapeEvents", "Shape", "ShapeFunctions"});
}

TEST_CASE("import, importlib and cpp_quote become declarations with their decoded text")
{
    parsed p("import \"a.idl\", \"b.idl\";\nimportlib(\"stdole2.tlb\");\ncpp_quote(\"#define X \\\"y\\\"\")\n"
             "cpp_quote(\"a\" \"b\");");
    REQUIRE(p.errors().empty());
    REQUIRE(p.file.decls.size() == 4);
    const auto &imp = p.get<idl::import_decl>(0);
    CHECK(imp.paths == std::vector<std::string>{"a.idl", "b.idl"});
    REQUIRE(imp.path_locations.size() == 2);
    CHECK(p.where(imp.path_locations[1]) == "1:17");
    CHECK(p.where(imp.location) == "1:1");
    CHECK(p.get<idl::importlib_decl>(1).path == "stdole2.tlb");
    CHECK(p.get<idl::cpp_quote_decl>(2).text == "#define X \"y\"");
    CHECK(p.get<idl::cpp_quote_decl>(3).text == "ab");
}

TEST_CASE("midl_pragma warning only tunes MIDL's warnings and is read and dropped")
{
    parsed p("midl_pragma warning(disable: 2111 2112);\nmidl_pragma warning (default : 2111)\ninterface I;");
    CHECK(p.errors().empty());
    CHECK(names(p.file.decls) == std::vector<std::string>{"I"});
}

TEST_CASE("A forward interface declaration is marked as such")
{
    parsed p("interface IFoo;");
    REQUIRE(p.errors().empty());
    const auto &i = p.get<idl::interface_decl>(0);
    CHECK(i.name == "IFoo");
    CHECK(i.is_forward);
    CHECK(p.where(i.location) == "1:11");
}

TEST_CASE("An interface keeps its attributes, its base and its methods, the trailing semicolon is optional")
{
    parsed p("[object, uuid(F82A9146-DFC2-46E0-806A-38605A81A719), pointer_default(unique)]\n"
             "interface IFoo : IUnknown\n{\n    HRESULT A(void);\n    long B();\n}\ninterface IBar { }");
    REQUIRE(p.errors().empty());
    const auto &i = p.get<idl::interface_decl>(0);
    CHECK_FALSE(i.is_forward);
    CHECK(spell(i.attributes) == "object, uuid(uuid:F82A9146-DFC2-46E0-806A-38605A81A719), pointer_default(unique)");
    CHECK(i.base_name == "IUnknown");
    CHECK(p.where(i.location) == "2:11");
    CHECK(p.where(i.base_location) == "2:18");
    REQUIRE(i.methods.size() == 2);
    CHECK(i.methods[0].name == "A");
    CHECK(spell(*i.methods[0].return_type) == "HRESULT");
    CHECK(i.methods[0].params.empty());
    CHECK(p.where(i.methods[0].location) == "4:13");
    CHECK(spell(*i.methods[1].return_type) == "long");
    CHECK(p.get<idl::interface_decl>(1).base_name.empty());
}

TEST_CASE("Methods keep attributes and parameters, calling conventions are accepted and ignored")
{
    parsed p("interface I {\n"
             "  [propget, id(1), helpstring(\"The name\")] HRESULT Name([out, retval] BSTR *value);\n"
             "  HRESULT __stdcall A(long); HRESULT _stdcall B(); HRESULT __cdecl C();\n"
             "  HRESULT STDMETHODCALLTYPE D(); long WINAPI E(); void CALLBACK F(); void *G(); char *__stdcall H();\n"
             "}");
    REQUIRE(p.errors().empty());
    const auto &i = p.get<idl::interface_decl>(0);
    REQUIRE(i.methods.size() == 9);
    const auto &m = i.methods[0];
    CHECK(spell(m.attributes) == "propget, id(1), helpstring(\"The name\")");
    REQUIRE(m.params.size() == 1);
    CHECK(spell(m.params[0].attributes) == "out, retval");
    CHECK(spell(*m.params[0].type) == "ptr(BSTR)");
    CHECK(m.params[0].name == "value");
    CHECK(p.where(m.params[0].location) == "2:77");
    std::vector<std::string> method_names;
    for (const auto &each : i.methods) {
        method_names.push_back(each.name);
    }
    CHECK(method_names == std::vector<std::string>{"Name", "A", "B", "C", "D", "E", "F", "G", "H"});
    CHECK(spell(*i.methods[7].return_type) == "ptr(void)");
    CHECK(spell(*i.methods[8].return_type) == "ptr(char)");
}

TEST_CASE("(void) means no parameters, '...' sets varargs, and parameters may be unnamed")
{
    parsed p("interface I {\n  void A(void);\n  void B(long, [in] IUnknown *, ...);\n  void C(...);\n"
             "  void D(void *p);\n}");
    REQUIRE(p.errors().empty());
    const auto &i = p.get<idl::interface_decl>(0);
    CHECK(i.methods[0].params.empty());
    CHECK_FALSE(i.methods[0].varargs);
    const auto &b = i.methods[1];
    REQUIRE(b.params.size() == 2);
    CHECK(b.params[0].name.empty());
    CHECK(spell(*b.params[0].type) == "long");
    CHECK(p.where(b.params[0].location) == "3:10");
    CHECK(spell(*b.params[1].type) == "ptr(IUnknown)");
    CHECK(b.varargs);
    CHECK(i.methods[2].params.empty());
    CHECK(i.methods[2].varargs);
    REQUIRE(i.methods[3].params.size() == 1);
    CHECK(spell(*i.methods[3].params[0].type) == "ptr(void)");
}

TEST_CASE("Typedefs, consts, cpp_quotes and type definitions inside an interface are its members")
{
    parsed p("interface I {\n  typedef long T;\n  const long K = 1;\n  cpp_quote(\"x\")\n  struct S { long a; };\n"
             "  enum E { A };\n  union U;\n  struct S *Get();\n  HRESULT Put([in] struct { long b; } *p);\n};");
    REQUIRE(p.errors().empty());
    REQUIRE(p.file.decls.size() == 1);
    const auto &i = p.get<idl::interface_decl>(0);
    CHECK(names(i.members) == std::vector<std::string>{"T", "K", "", "S", "E", "U", "ucom_anonymous_test_1"});
    CHECK_FALSE(parsed::get<idl::union_decl>(i.members, 5).is_definition);
    REQUIRE(i.methods.size() == 2);
    CHECK(spell(*i.methods[0].return_type) == "ptr(struct S)");
    CHECK(spell(*i.methods[1].params[0].type) == "ptr(struct ucom_anonymous_test_1)");
    CHECK(i.methods[1].params[0].type->element->definition == i.members[6].get());
}

TEST_CASE("In an interface a 'const' return type makes a method, not a constant")
{
    parsed p("interface I {\n  const char *Name(void);\n  const long N[(2)] = 1;\n  const IUnknown *const *Get([in] "
             "long i);\n}");
    REQUIRE(p.errors().empty());
    const auto &i = p.get<idl::interface_decl>(0);
    REQUIRE(i.methods.size() == 2);
    CHECK(spell(*i.methods[0].return_type) == "ptr(const char)");
    CHECK(spell(*i.methods[1].return_type) == "ptr(const ptr(const IUnknown))");
    CHECK(names(i.members) == std::vector<std::string>{"N"});
}

TEST_CASE("A function at file scope or in a library is a declaration of its own, its calling convention dropped")
{
    parsed p("[local] HRESULT __stdcall Create(REFIID riid, void **out);\nconst char *Name(long i);\n"
             "const long N = sizeof(long);\nlibrary L { void WINAPI Reset(void); }");
    REQUIRE(p.errors().empty());
    const auto &create = p.get<idl::function_decl>(0);
    CHECK(create.name == "Create");
    CHECK(spell(create.function.attributes) == "local");
    CHECK(create.function.params.size() == 2);
    const auto &name = p.get<idl::function_decl>(1);
    CHECK(spell(*name.function.return_type) == "ptr(const char)");
    CHECK(p.get<idl::const_decl>(2).name == "N");
    const auto &lib = p.get<idl::library_decl>(3);
    CHECK(names(lib.members) == std::vector<std::string>{"Reset"});
    CHECK(parsed::get<idl::function_decl>(lib.members, 0).function.params.empty());
}

TEST_CASE("implicit_handle takes a type and a name")
{
    parsed p("[uuid(F82A9146-DFC2-46E0-806A-38605A81A719), implicit_handle(handle_t IServer_IfHandle)] interface I {}");
    REQUIRE(p.errors().empty());
    const auto &a = p.get<idl::interface_decl>(0).attributes[1];
    CHECK(spell(a) == "implicit_handle(IServer_IfHandlehandle_t)");
    REQUIRE(a.type_arg != nullptr);
    CHECK(spell(*a.type_arg) == "handle_t");
    REQUIRE(a.args.size() == 1);
    CHECK(a.args[0]->kind == idl::expr_kind::identifier);
    CHECK(p.where(a.args[0]->location) == "1:71");
}

TEST_CASE("A dispinterface has properties and methods, or names an interface, it may be forward declared")
{
    parsed p("[uuid(F82A9146-DFC2-46E0-806A-38605A81A719)] dispinterface D {\n"
             "properties:\n  [id(1)] long count; [id(2), readonly] BSTR a, b;\nmethods:\n"
             "  [id(3)] void Changed([in] long what);\n};\n"
             "dispinterface E { interface IE; }\ndispinterface F;");
    REQUIRE(p.errors().empty());
    const auto &d = p.get<idl::dispinterface_decl>(0);
    CHECK(spell(d.attributes) == "uuid(uuid:F82A9146-DFC2-46E0-806A-38605A81A719)");
    REQUIRE(d.properties.size() == 3);
    CHECK(d.properties[0].name == "count");
    CHECK(spell(d.properties[0].attributes) == "id(1)");
    CHECK(d.properties[2].name == "b");
    CHECK(spell(d.properties[2].attributes) == "id(2), readonly");
    REQUIRE(d.methods.size() == 1);
    CHECK(d.methods[0].name == "Changed");
    CHECK(spell(d.methods[0].attributes) == "id(3)");
    CHECK(p.get<idl::dispinterface_decl>(1).interface_name == "IE");
    CHECK(p.get<idl::dispinterface_decl>(2).is_forward);
}

TEST_CASE("A coclass lists its interfaces and dispinterfaces with their attributes")
{
    parsed p("[uuid(F82A9146-DFC2-46E0-806A-38605A81A719), threading(both), progid(\"x.y.1\")]\n"
             "coclass C {\n  [default] interface I;\n  [default, source] dispinterface D;\n  interface J;\n};\n"
             "coclass F;");
    REQUIRE(p.errors().empty());
    const auto &c = p.get<idl::coclass_decl>(0);
    CHECK(spell(c.attributes) == "uuid(uuid:F82A9146-DFC2-46E0-806A-38605A81A719), threading(both), progid(\"x.y.1\")");
    REQUIRE(c.interfaces.size() == 3);
    CHECK(c.interfaces[0].name == "I");
    CHECK(spell(c.interfaces[0].attributes) == "default");
    CHECK_FALSE(c.interfaces[0].is_dispinterface);
    CHECK(c.interfaces[1].is_dispinterface);
    CHECK(spell(c.interfaces[1].attributes) == "default, source");
    CHECK(p.where(c.interfaces[2].location) == "5:13");
    CHECK(p.get<idl::coclass_decl>(1).is_forward);
}

TEST_CASE("A library holds declarations, hoisted definitions included, a module holds functions and consts")
{
    parsed p("library L {\n  importlib(\"stdole2.tlb\");\n  typedef struct { long a; } S;\n  interface I;\n"
             "  [dllname(\"m.dll\")] module M {\n    [entry(\"F\")] long __stdcall F(void);\n"
             "    const long K = 1;\n  }\n  library Inner { }\n};");
    REQUIRE(p.errors().empty());
    const auto &lib = p.get<idl::library_decl>(0);
    CHECK(names(lib.members) == std::vector<std::string>{"", "ucom_anonymous_test_1", "S", "I", "M", "Inner"});
    const auto &m = parsed::get<idl::module_decl>(lib.members, 4);
    CHECK(spell(m.attributes) == "dllname(\"m.dll\")");
    REQUIRE(m.functions.size() == 1);
    CHECK(m.functions[0].name == "F");
    CHECK(spell(m.functions[0].attributes) == "entry(\"F\")");
    CHECK(names(m.members) == std::vector<std::string>{"K"});
}

// ---- typedefs and type definitions ----

TEST_CASE("A typedef gives one declaration per declarator, each with the attributes, after the hoisted struct")
{
    parsed p("typedef [public] struct tagX { long a; } X, *PX, AX[4];");
    REQUIRE(p.errors().empty());
    CHECK(names(p.file.decls) == std::vector<std::string>{"tagX", "X", "PX", "AX"});
    const auto &s = p.get<idl::struct_decl>(0);
    CHECK(s.is_definition);
    CHECK_FALSE(s.anonymous);
    CHECK(s.attributes.empty());
    CHECK(p.where(s.location) == "1:25");
    const auto &x = p.get<idl::typedef_decl>(1);
    const auto &px = p.get<idl::typedef_decl>(2);
    const auto &ax = p.get<idl::typedef_decl>(3);
    CHECK(spell(x.attributes) == "public");
    CHECK(spell(px.attributes) == "public");
    CHECK(spell(*x.type) == "struct tagX");
    CHECK(spell(*px.type) == "ptr(struct tagX)");
    CHECK(spell(*ax.type) == "array[4](struct tagX)");
    CHECK(x.type->definition == &s);
    CHECK(px.type->element->definition == &s);
    CHECK(p.where(px.location) == "1:46");
}

TEST_CASE("Attributes before and after 'typedef' are both kept")
{
    parsed p("[local] typedef [public, v1_enum] enum { A } E;");
    REQUIRE(p.errors().empty());
    CHECK(spell(p.get<idl::typedef_decl>(1).attributes) == "local, public, v1_enum");
}

TEST_CASE("Anonymous definitions get deterministic names from the file's stem and are marked anonymous")
{
    parsed p("typedef struct { long a; } A;\ntypedef union { [default] ; } B;\ntypedef enum { X } C;",
             "dir/my-file.v2.idl");
    REQUIRE(p.errors().empty());
    CHECK(names(p.file.decls) == std::vector<std::string>{"ucom_anonymous_my_file_v2_1", "A",
                                                          "ucom_anonymous_my_file_v2_2", "B",
                                                          "ucom_anonymous_my_file_v2_3", "C"});
    CHECK(p.get<idl::struct_decl>(0).anonymous);
    CHECK(p.get<idl::union_decl>(2).anonymous);
    CHECK(p.get<idl::enum_decl>(4).anonymous);
    CHECK(p.where(p.get<idl::struct_decl>(0).location) == "1:9");
}

TEST_CASE("Struct definitions nested in a struct are hoisted to the enclosing scope, innermost first")
{
    parsed p("typedef struct outer {\n  struct inner { long a; } i;\n  struct { short b; } anon;\n"
             "  union { long c; double d; };\n} T;");
    REQUIRE(p.errors().empty());
    CHECK(names(p.file.decls) ==
          std::vector<std::string>{"inner", "ucom_anonymous_test_1", "ucom_anonymous_test_2", "outer", "T"});
    const auto &outer = p.get<idl::struct_decl>(3);
    REQUIRE(outer.fields.size() == 3);
    CHECK(spell(*outer.fields[0].type) == "struct inner");
    CHECK(outer.fields[0].type->definition == p.file.decls[0].get());
    CHECK(outer.fields[1].name == "anon");
    CHECK(outer.fields[2].name.empty()); // C11's anonymous member
    CHECK(spell(*outer.fields[2].type) == "union ucom_anonymous_test_2");
}

TEST_CASE("Struct, union and enum declarations at top level: definitions with attributes and forward ones")
{
    parsed p("[uuid(F82A9146-DFC2-46E0-806A-38605A81A719)] struct S { long a, *b; };\nstruct F;\nenum G;\n"
             "[switch_type(long)] union U { [case(1)] long a; };");
    REQUIRE(p.errors().empty());
    const auto &s = p.get<idl::struct_decl>(0);
    CHECK(spell(s.attributes) == "uuid(uuid:F82A9146-DFC2-46E0-806A-38605A81A719)");
    REQUIRE(s.fields.size() == 2);
    CHECK(spell(*s.fields[1].type) == "ptr(long)");
    CHECK(p.where(s.fields[1].location) == "1:66");
    const auto &f = p.get<idl::struct_decl>(1);
    CHECK_FALSE(f.is_definition);
    CHECK(p.where(f.location) == "2:8");
    CHECK_FALSE(p.get<idl::enum_decl>(2).is_definition);
    const auto &u = p.get<idl::union_decl>(3);
    CHECK(spell(u.attributes) == "switch_type(long)");
    CHECK_FALSE(u.encapsulated);
}

TEST_CASE("A non-encapsulated union's arms take their labels from [case] and [default]")
{
    parsed p("typedef [switch_type(short)] union U {\n  [case(1, 2)] long a;\n  [case(3), string] char *s;\n"
             "  [default] ;\n  [case(4)] ;\n} V;");
    REQUIRE(p.errors().empty());
    const auto &u = p.get<idl::union_decl>(0);
    CHECK_FALSE(u.encapsulated);
    REQUIRE(u.arms.size() == 4);
    REQUIRE(u.arms[0].cases.size() == 2);
    CHECK(spell(*u.arms[0].cases[1]) == "2");
    CHECK(u.arms[0].member.name == "a");
    CHECK(u.arms[0].member.attributes.empty());
    CHECK(p.where(u.arms[0].location) == "2:3");
    CHECK(spell(u.arms[1].member.attributes) == "string");
    CHECK(spell(*u.arms[1].member.type) == "ptr(char)");
    CHECK(u.arms[2].is_default);
    CHECK(u.arms[2].cases.empty());
    CHECK(u.arms[2].member.type == nullptr);
    CHECK(u.arms[2].member.name.empty());
    CHECK_FALSE(u.arms[3].is_default);
    CHECK(u.arms[3].member.type == nullptr);
    CHECK(spell(p.get<idl::typedef_decl>(1).attributes) == "switch_type(short)");
}

TEST_CASE("An encapsulated union keeps its discriminant, its inner name and its labelled arms")
{
    parsed p("union U switch (long kind) u {\n  case 1: long a;\n  case 2: case 3: [string] char *b;\n"
             "  default: ;\n};\ntypedef union switch (short k) { case 1: long x; } V;");
    REQUIRE(p.errors().empty());
    const auto &u = p.get<idl::union_decl>(0);
    CHECK(u.encapsulated);
    CHECK(spell(*u.switch_type) == "long");
    CHECK(u.switch_name == "kind");
    CHECK(u.union_name == "u");
    REQUIRE(u.arms.size() == 3);
    CHECK(spell(*u.arms[0].cases[0]) == "1");
    REQUIRE(u.arms[1].cases.size() == 2);
    CHECK(spell(*u.arms[1].cases[1]) == "3");
    CHECK(spell(u.arms[1].member.attributes) == "string");
    CHECK(p.where(u.arms[1].location) == "3:3");
    CHECK(u.arms[2].is_default);
    CHECK(u.arms[2].member.type == nullptr);
    const auto &v = p.get<idl::union_decl>(1);
    CHECK(v.anonymous);
    CHECK(v.union_name.empty());
    CHECK(v.switch_name == "k");
}

TEST_CASE("Function pointers are parsed in typedefs, members and parameters, calling conventions dropped")
{
    parsed p("typedef HRESULT (__stdcall *PFN)([in] IUnknown *effect, long);\n"
             "struct S { int (__cdecl *open)(char *name, long flags); };\n"
             "interface I { HRESULT f([in] BOOL (*go)(void)); }");
    REQUIRE(p.errors().empty());
    CHECK(spell(*p.get<idl::typedef_decl>(0).type) == "ptr(fn(ptr(IUnknown) effect, long ) -> HRESULT)");
    CHECK(spell(*p.get<idl::struct_decl>(1).fields[0].type) == "ptr(fn(ptr(char) name, long flags) -> int)");
    CHECK(spell(*p.get<idl::interface_decl>(2).methods[0].params[0].type) == "ptr(fn() -> BOOL)");
}

TEST_CASE("A parenthesised declarator that is not a function pointer is an error")
{
    parsed p("typedef long (x);");
    CHECK(p.first_error().starts_with(
        "test.idl:1:14: error: a declarator in parentheses must be a function pointer '(*name)(...)'\n"));
}

TEST_CASE("Enumerators keep their value expressions and attributes, a trailing comma is accepted")
{
    parsed p("enum E { A, B = 4, C = B << 1, [helpstring(\"d\")] D, };");
    REQUIRE(p.errors().empty());
    const auto &e = p.get<idl::enum_decl>(0);
    REQUIRE(e.enumerators.size() == 4);
    CHECK(e.enumerators[0].value == nullptr);
    CHECK(spell(*e.enumerators[1].value) == "4");
    CHECK(spell(*e.enumerators[2].value) == "(B << 1)");
    CHECK(p.where(e.enumerators[2].location) == "1:20");
    CHECK(spell(e.enumerators[3].attributes) == "helpstring(\"d\")");
    CHECK(e.enumerators[3].name == "D");
}

TEST_CASE("A const declaration has a type, a name at its location and a value")
{
    parsed p("const long K = -1;\nconst wchar_t *NAME = L\"x\";\n[hidden] const char C = 'a';");
    REQUIRE(p.errors().empty());
    const auto &k = p.get<idl::const_decl>(0);
    CHECK(k.name == "K");
    CHECK(p.where(k.location) == "1:12");
    CHECK(spell(*k.type) == "long");
    CHECK(spell(*k.value) == "(-1)");
    CHECK(spell(*p.get<idl::const_decl>(1).type) == "ptr(wchar_t)");
    CHECK(spell(*p.get<idl::const_decl>(1).value) == "\"x\"");
    CHECK(spell(p.get<idl::const_decl>(2).attributes) == "hidden");
    CHECK(spell(*p.get<idl::const_decl>(2).value) == "'97");
}

// ---- types and declarators ----

TEST_CASE("Base types map to MIDL's builtins, with sign and size words")
{
    CHECK(const_type("void *") == "ptr(void)");
    CHECK(const_type("boolean") == "boolean");
    CHECK(const_type("byte") == "byte");
    CHECK(const_type("char") == "char");
    CHECK(const_type("unsigned char") == "unsigned char");
    CHECK(const_type("signed char") == "signed char");
    CHECK(const_type("small") == "small");
    CHECK(const_type("short") == "short");
    CHECK(const_type("short int") == "short");
    CHECK(const_type("unsigned short int") == "unsigned short");
    CHECK(const_type("int") == "int");
    CHECK(const_type("unsigned") == "unsigned int");
    CHECK(const_type("signed") == "signed int");
    CHECK(const_type("long") == "long");
    CHECK(const_type("long int") == "long");
    CHECK(const_type("unsigned long") == "unsigned long");
    CHECK(const_type("hyper") == "hyper");
    CHECK(const_type("unsigned hyper") == "unsigned hyper");
    CHECK(const_type("__int64") == "hyper");
    CHECK(const_type("unsigned __int64") == "unsigned hyper");
    CHECK(const_type("__int32") == "long");
    CHECK(const_type("__int3264") == "__int3264");
    CHECK(const_type("unsigned __int3264") == "unsigned __int3264");
    CHECK(const_type("float") == "float");
    CHECK(const_type("double") == "double");
    CHECK(const_type("wchar_t") == "wchar_t");
    CHECK(const_type("handle_t") == "handle_t");
    CHECK(const_type("error_status_t") == "error_status_t");
    CHECK(const_type("DWORD") == "DWORD");
    CHECK(const_type("struct S *") == "ptr(struct S)");
    CHECK(const_type("union U") == "union U");
    CHECK(const_type("enum E") == "enum E");
}

TEST_CASE("'const' qualifies the type node it applies to, as in C")
{
    CHECK(const_type("const char *") == "ptr(const char)");
    CHECK(const_type("char const *") == "ptr(const char)");
    CHECK(const_type("char *const") == "const ptr(char)");
    CHECK(const_type("const char *const *") == "ptr(const ptr(const char))");
    CHECK(const_type("const IUnknown *") == "ptr(const IUnknown)");
    CHECK(const_type("const struct S *") == "ptr(const struct S)");
    CHECK(const_type("unsigned long const") == "const unsigned long");
}

TEST_CASE("Array declarators: fixed, expression, conformant and multi-dimensional bounds")
{
    parsed p("struct S {\n  long a[10];\n  long b[N + 1];\n  long c[];\n  long d[*];\n  long e[2][3];\n"
             "  long *f[4];\n  long **g;\n};");
    REQUIRE(p.errors().empty());
    const auto &s = p.get<idl::struct_decl>(0);
    REQUIRE(s.fields.size() == 7);
    CHECK(spell(*s.fields[0].type) == "array[10](long)");
    CHECK(spell(*s.fields[1].type) == "array[(N + 1)](long)");
    CHECK(spell(*s.fields[2].type) == "array[](long)");
    CHECK(spell(*s.fields[3].type) == "array[](long)");
    CHECK(spell(*s.fields[4].type) == "array[2](array[3](long))");
    CHECK(spell(*s.fields[5].type) == "array[4](ptr(long))");
    CHECK(spell(*s.fields[6].type) == "ptr(ptr(long))");
    CHECK(p.where(s.fields[4].type->location) == "6:9");
    CHECK(p.where(s.fields[4].type->element->location) == "6:12");
    CHECK(p.where(s.fields[6].type->location) == "8:9"); // the outer pointer is the last '*'
}

// ---- attributes ----

TEST_CASE("Attribute arguments: expressions, strings, UUIDs, versions, omitted arguments and types")
{
    parsed p("[uuid(\"3C0C5D5A-7C3A-4B55-9E2E-3A9C1F0E2B10\"), version(1.0), helpstring(\"a\" \"b\"), id(),\n"
             " custom(0F21F359-AB84-41E8-9A78-36D110E6D2F9, 117), threading(both), range(0, 100),\n"
             " defaultvalue(-1), size_is(, *pcount), length_is(n, ), switch_type(unsigned short),\n"
             " wire_marshal(wireHWND), version(1), local][in] const long K = 0;");
    REQUIRE(p.errors().empty());
    const auto &attrs = p.get<idl::const_decl>(0).attributes;
    CHECK(spell(attrs) == "uuid(uuid:3C0C5D5A-7C3A-4B55-9E2E-3A9C1F0E2B10), version(1.0), helpstring(\"ab\"), id(), "
                          "custom(uuid:0F21F359-AB84-41E8-9A78-36D110E6D2F9, 117), threading(both), range(0, 100), "
                          "defaultvalue((-1)), size_is(, (*pcount)), length_is(n, ), switch_type(unsigned short), "
                          "wire_marshal(wireHWND), version(1), local, in");
    REQUIRE(attrs.size() == 15);
    CHECK(attrs[0].args[0]->kind == idl::expr_kind::uuid);
    CHECK(attrs[1].args[0]->kind == idl::expr_kind::floating);
    CHECK(attrs[3].has_parens);
    CHECK(attrs[3].args.empty());
    CHECK_FALSE(attrs[13].has_parens);
    CHECK(attrs[8].args[0] == nullptr);
    CHECK(attrs[10].args.empty());
    CHECK(attrs[10].type_arg != nullptr);
    CHECK(attrs[12].args[0]->kind == idl::expr_kind::integer);
    CHECK(p.where(attrs[1].location) == "1:48");
    CHECK(p.where(attrs[1].args[0]->location) == "1:56");
}

TEST_CASE("Attribute names may be C and MIDL keywords")
{
    parsed p("interface I { [in, out, default, case(1), switch_is(k), string, ref, unique, ptr, public, local, "
             "object, source, propget] HRESULT f(); }");
    REQUIRE(p.errors().empty());
    CHECK(spell(p.get<idl::interface_decl>(0).methods[0].attributes) ==
          "in, out, default, case(1), switch_is(k), string, ref, unique, ptr, public, local, object, source, propget");
}

TEST_CASE("A trailing comma in an attribute list is accepted, as widl accepts it")
{
    parsed p("[local, object, uuid(1C2D3E4F-5A6B-4C7D-8E9F-0A1B2C3D4E52),] interface I : IUnknown {}");
    REQUIRE(p.errors().empty());
    CHECK(p.get<idl::interface_decl>(0).attributes.size() == 3);
}

// widl takes an empty entry as none (wuapi.idl's `[ , object, …]`); ucom warns at it.
std::vector<std::string> warnings_of(const parsed &p)
{
    std::vector<std::string> out;
    for (const auto &d : p.diags.all()) {
        if (d.severity == idl::severity::warning) {
            out.push_back(p.diags.render(d, p.sources));
        }
    }
    return out;
}

TEST_CASE("An empty attribute list is accepted with a warning")
{
    parsed p("[] interface I : IUnknown {}");
    REQUIRE(p.errors().empty());
    CHECK(warnings_of(p) == std::vector<std::string>{"test.idl:1:2: warning: empty attribute entry\n"
                                                     "[] interface I : IUnknown {}\n"
                                                     " ^\n"});
    CHECK(p.get<idl::interface_decl>(0).attributes.empty());
}

TEST_CASE("An empty attribute entry is skipped with a warning, and the others are kept")
{
    parsed p("[, object, , uuid(1C2D3E4F-5A6B-4C7D-8E9F-0A1B2C3D4E52)] interface I : IUnknown {}");
    REQUIRE(p.errors().empty());
    const auto warnings = warnings_of(p);
    REQUIRE(warnings.size() == 2);
    CHECK(warnings[0].starts_with("test.idl:1:2: warning: empty attribute entry\n"));
    CHECK(warnings[1].starts_with("test.idl:1:12: warning: empty attribute entry\n"));
    CHECK(spell(p.get<idl::interface_decl>(0).attributes) == "object, uuid(uuid:1C2D3E4F-5A6B-4C7D-8E9F-0A1B2C3D4E52)");
}

TEST_CASE("An attribute entry that is no name is still an error")
{
    parsed p("[object, 1] interface I : IUnknown {}");
    CHECK(p.first_error().starts_with("test.idl:1:10: error: expected identifier\n"));
}

// ---- expressions ----

TEST_CASE("Constant expressions follow C's precedence and associativity")
{
    CHECK(const_value("1 + 2 * 3") == "(1 + (2 * 3))");
    CHECK(const_value("1 - 2 - 3") == "((1 - 2) - 3)");
    CHECK(const_value("1 << 2 + 3") == "(1 << (2 + 3))");
    CHECK(const_value("a | b & c ^ d") == "(a | ((b & c) ^ d))");
    CHECK(const_value("a || b && c == d < e") == "(a || (b && (c == (d < e))))");
    CHECK(const_value("a != b >= c % d / e") == "(a != (b >= ((c % d) / e)))");
    CHECK(const_value("a > b <= c >> d") == "((a > b) <= (c >> d))");
    CHECK(const_value("a ? b : c ? d : e") == "(a ? b : (c ? d : e))");
    CHECK(const_value("(1 + 2) * 3") == "((1 + 2) * 3)");
    CHECK(const_value("-~!+x") == "(-(~(!(+x))))");
}

TEST_CASE("Casts, sizeof, dereference and address-of are expressions")
{
    CHECK(const_value("(long)-1") == "((long) (-1))");
    CHECK(const_value("(unsigned char *)0") == "((ptr(unsigned char)) 0)");
    CHECK(const_value("(DWORD)~0") == "((DWORD) (~0))");
    CHECK(const_value("(HRESULT)0x80004005L") == "((HRESULT) 2147500037)");
    CHECK(const_value("(PVOID *)p") == "((ptr(PVOID)) p)");
    CHECK(const_value("(N) - 1") == "(N - 1)");
    CHECK(const_value("sizeof(struct S) * 2") == "(sizeof(struct S) * 2)");
    CHECK(const_value("sizeof(WCHAR *)") == "sizeof(ptr(WCHAR))");
    CHECK(const_value("*p + &q") == "((*p) + (&q))");
}

TEST_CASE("Literals: integers in three bases with suffixes, characters, strings, floats and UUIDs")
{
    CHECK(const_value("42") == "42");
    CHECK(const_value("0x2A") == "42");
    CHECK(const_value("052") == "42");
    CHECK(const_value("42UL") == "42");
    CHECK(const_value("0") == "0");
    CHECK(const_value("0xFFFFFFFFFFFFFFFF") == "18446744073709551615");
    CHECK(const_value("'A'") == "'65");
    CHECK(const_value("'\\n'") == "'10");
    CHECK(const_value("\"a\\tb\"") == "\"a\tb\"");
    CHECK(const_value("2.5e3") == "2.5e3");
    parsed p("const long x = 0x2A;");
    const auto &v = *p.get<idl::const_decl>(0).value;
    CHECK(v.text == "0x2A");
    CHECK(v.kind == idl::expr_kind::integer);
}

TEST_CASE("Expressions are located at their first token")
{
    parsed p("const long x = a + (b * c);");
    const auto &v = *p.get<idl::const_decl>(0).value;
    CHECK(p.where(v.location) == "1:16");
    CHECK(p.where(v.operands[1]->location) == "1:21");
}

// ---- errors ----

TEST_CASE("Syntax errors are reported in the expected-X style, a missing semicolon just after the token it follows")
{
    auto error_of = [](const std::string &text) {
        parsed p(text);
        return p.first_error();
    };
    CHECK(error_of("interface I { HRESULT f() }") == "test.idl:1:26: error: expected ';' after method declaration\n"
                                                     "interface I { HRESULT f() }\n"
                                                     "                         ^\n");
    CHECK(error_of("[object interface I;") == "test.idl:1:9: error: expected ']' at end of attribute list\n"
                                              "[object interface I;\n"
                                              "        ^\n");
    CHECK(error_of("foo bar;") == "test.idl:1:1: error: unexpected 'foo' at top level\nfoo bar;\n^\n");
    CHECK(error_of("interface 1;").starts_with("test.idl:1:11: error: expected identifier\n"));
    CHECK(error_of("typedef ;").starts_with("test.idl:1:9: error: expected type\n"));
    CHECK(error_of("const long x = ;").starts_with("test.idl:1:16: error: expected expression\n"));
    CHECK(error_of("import foo;").starts_with("test.idl:1:8: error: expected string literal\n"));
    CHECK(error_of("import \"a.idl\"").starts_with("test.idl:1:15: error: expected ';' after import\n"));
    CHECK(error_of("importlib(\"a\")").starts_with("test.idl:1:15: error: expected ';' after importlib\n"));
    CHECK(error_of("importlib \"a\";").starts_with("test.idl:1:11: error: expected '(' after 'importlib'\n"));
    CHECK(error_of("cpp_quote(\"a\";").starts_with("test.idl:1:14: error: expected ')'\n"));
    CHECK(error_of("typedef long T").starts_with("test.idl:1:15: error: expected ';' after typedef\n"));
    CHECK(error_of("const long x 1;").starts_with("test.idl:1:14: error: expected '=' after constant name\n"));
    CHECK(error_of("const long x = 1").starts_with("test.idl:1:17: error: expected ';' after const declaration\n"));
    CHECK(error_of("const long x = (1;").starts_with("test.idl:1:18: error: expected ')'\n"));
    CHECK(error_of("interface I x").starts_with("test.idl:1:13: error: expected '{' after interface name\n"));
    CHECK(error_of("interface I : B x").starts_with("test.idl:1:17: error: expected '{' after base interface name\n"));
    CHECK(error_of("interface I { long x; }").starts_with("test.idl:1:21: error: expected '(' after method name\n"));
    CHECK(error_of("interface I { void f(long a long b); }")
              .starts_with("test.idl:1:29: error: expected ')' at end of parameter list\n"));
    CHECK(error_of("interface I { void f();")
              .starts_with("test.idl:1:24: error: expected '}' at end of interface body\n"));
    CHECK(error_of("struct S { long a }").starts_with("test.idl:1:18: error: expected ';' after struct member\n"));
    CHECK(error_of("struct S { long a;").starts_with("test.idl:1:19: error: expected '}' at end of struct body\n"));
    CHECK(error_of("struct S { long a; }").starts_with("test.idl:1:21: error: expected ';' after struct definition\n"));
    CHECK(error_of("struct S").starts_with("test.idl:1:9: error: expected ';' after struct declaration\n"));
    CHECK(error_of("struct ;").starts_with("test.idl:1:8: error: expected identifier or '{' after 'struct'\n"));
    CHECK(error_of("enum E { A B };").starts_with("test.idl:1:12: error: expected ',' after enumerator\n"));
    CHECK(error_of("enum E { A,").starts_with("test.idl:1:12: error: expected '}' at end of enum body\n"));
    CHECK(error_of("union U switch (long k) { case 1 long a; };")
              .starts_with("test.idl:1:34: error: expected ':' after case label\n"));
    CHECK(error_of("union U switch long k) { };").starts_with("test.idl:1:16: error: expected '(' after 'switch'\n"));
    CHECK(error_of("union U switch (long k { };")
              .starts_with("test.idl:1:24: error: expected ')' at end of union switch\n"));
    CHECK(
        error_of("union U switch (long k) u;").starts_with("test.idl:1:26: error: expected '{' after union switch\n"));
    CHECK(error_of("union U { [case(1)] long a };")
              .starts_with("test.idl:1:27: error: expected ';' after union member\n"));
    CHECK(error_of("union U { [case(1)] long a;")
              .starts_with("test.idl:1:28: error: expected '}' at end of union body\n"));
    CHECK(error_of("union U { [case(,1)] long a; };").starts_with("test.idl:1:12: error: expected expression\n"));
    CHECK(error_of("const long x[1 = 0;").starts_with("test.idl:1:16: error: expected ']' at end of array bound\n"));
    CHECK(error_of("[id(1] interface I;")
              .starts_with("test.idl:1:6: error: expected ')' at end of attribute arguments\n"));
    CHECK(error_of("const long x = sizeof long;").starts_with("test.idl:1:23: error: expected '(' after 'sizeof'\n"));
    CHECK(error_of("const long x = a ? b ;").starts_with("test.idl:1:22: error: expected ':'\n"));
    CHECK(error_of("coclass C { I; };")
              .starts_with("test.idl:1:13: error: expected 'interface' or 'dispinterface' in coclass\n"));
    CHECK(error_of("coclass C { interface I };")
              .starts_with("test.idl:1:24: error: expected ';' after coclass member\n"));
    CHECK(error_of("coclass C x").starts_with("test.idl:1:11: error: expected '{' after coclass name\n"));
    CHECK(error_of("coclass C {").starts_with("test.idl:1:12: error: expected '}' at end of coclass body\n"));
    CHECK(
        error_of("dispinterface D { long x; };")
            .starts_with("test.idl:1:19: error: expected 'properties:' or 'methods:' before dispinterface members\n"));
    CHECK(error_of("dispinterface D x").starts_with("test.idl:1:17: error: expected '{' after dispinterface name\n"));
    CHECK(error_of("dispinterface D { interface I }")
              .starts_with("test.idl:1:30: error: expected ';' after interface name\n"));
    CHECK(error_of("dispinterface D { properties: long x;")
              .starts_with("test.idl:1:38: error: expected '}' at end of dispinterface body\n"));
    CHECK(error_of("library L x").starts_with("test.idl:1:11: error: expected '{' after library name\n"));
    CHECK(error_of("library L {").starts_with("test.idl:1:12: error: expected '}' at end of library body\n"));
    CHECK(error_of("module M x").starts_with("test.idl:1:10: error: expected '{' after module name\n"));
    CHECK(error_of("module M {").starts_with("test.idl:1:11: error: expected '}' at end of module body\n"));
    CHECK(error_of("library L { foo; }").starts_with("test.idl:1:13: error: unexpected 'foo' in library\n"));
    CHECK(error_of("interface I { library L {} }")
              .starts_with("test.idl:1:15: error: expected '}' at end of interface body\n"));
    CHECK(error_of("module M { import \"a\"; }")
              .starts_with("test.idl:1:12: error: expected '}' at end of module body\n"));
    CHECK(error_of("[local] cpp_quote(\"a\")")
              .starts_with("test.idl:1:9: error: unexpected 'cpp_quote' after attribute list\n"));
    CHECK(error_of("}").starts_with("test.idl:1:1: error: unexpected '}' at top level\n"));
    CHECK(error_of("[local]").starts_with("test.idl:1:8: error: unexpected end of file after attribute list\n"));
    CHECK(error_of("midl_pragma warning(disable: 1")
              .starts_with("test.idl:1:31: error: expected ')' at end of midl_pragma\n"));
    CHECK(error_of("midl_pragma warning;")
              .starts_with("test.idl:1:20: error: expected '(' after 'midl_pragma warning'\n"));
    CHECK(error_of("cpp_quote \"a\"").starts_with("test.idl:1:11: error: expected '(' after 'cpp_quote'\n"));
}

TEST_CASE("Valid MIDL that ucom-idl does not support is reported plainly")
{
    auto error_of = [](const std::string &text) {
        parsed p(text);
        return p.first_error();
    };
    CHECK(error_of("typedef long long T;") == "test.idl:1:9: error: 'long long' is not a MIDL type; use 'hyper'\n"
                                              "typedef long long T;\n"
                                              "        ^\n");
    CHECK(error_of("interface I { HRESULT (STDMETHODCALLTYPE *f)(void); }")
              .starts_with("test.idl:1:23: error: a declarator in parentheses must be a function pointer"));
    CHECK(error_of("typedef void FN(long);")
              .starts_with("test.idl:1:16: error: function declarators are only supported for methods\n"));
    CHECK(error_of("interface I { HRESULT f([in] SAFEARRAY(BSTR a); }").starts_with("test.idl:1:45: error: expected ')'\n"));
    CHECK(error_of("typedef pipe long P;").starts_with("test.idl:1:9: error: 'pipe' type is not supported\n"));
    CHECK(error_of("midl_pragma pack(1)").starts_with("test.idl:1:13: error: 'midl_pragma pack' is not supported\n"));
    CHECK(error_of("const hyper x = 18446744073709551616;")
              .starts_with("test.idl:1:17: error: integer literal is too large\n"));
}

TEST_CASE("'long long' is reported once and the declaration is kept")
{
    parsed p("typedef long long T;\nstruct S { long a : 3, b; };");
    CHECK(p.errors().size() == 1);
    CHECK(spell(*p.get<idl::typedef_decl>(0).type) == "hyper");
    CHECK(p.get<idl::struct_decl>(1).fields.size() == 2);
}

TEST_CASE("A bit field keeps its width expression, and other members have none")
{
    parsed p("struct S { unsigned long a : 3, b; long c : 1 + 1; };");
    CHECK(p.errors().empty());
    const auto &fields = p.get<idl::struct_decl>(0).fields;
    REQUIRE(fields.size() == 3);
    REQUIRE(fields[0].bits != nullptr);
    CHECK(fields[0].bits->text == "3");
    CHECK(fields[1].bits == nullptr);
    REQUIRE(fields[2].bits != nullptr);
    CHECK(fields[2].bits->kind == idl::expr_kind::binary);
}

TEST_CASE("SAFEARRAY(T) is a pointer to SAFEARRAY that keeps its element type")
{
    parsed p("interface I { HRESULT f([in] SAFEARRAY(IUnknown *) a, [out] SAFEARRAY(BSTR) *b); }");
    CHECK(p.errors().empty());
    const auto &params = p.get<idl::interface_decl>(0).methods.at(0).params;
    REQUIRE(params.size() == 2);
    const auto &a = *params[0].type;
    CHECK(a.kind == idl::type_kind::pointer);
    CHECK(a.element->name == "SAFEARRAY");
    REQUIRE(a.safearray_of != nullptr);
    CHECK(a.safearray_of->kind == idl::type_kind::pointer);
    CHECK(idl::declaration(idl::dialect::idl, a) == "SAFEARRAY(IUnknown *)");
    CHECK(idl::declaration(idl::dialect::idl, *params[1].type) == "SAFEARRAY(BSTR) *");
}

TEST_CASE("An integer token the lexer did not check is still reported when malformed")
{
    idl::source_manager sources;
    idl::diagnostics diags;
    auto id = sources.add_buffer("test.idl", "const long x = 1;");
    auto tokens = idl::lex(sources, id, diags);
    tokens[4].text = "0x"; // as a macro paste might produce it
    auto file = idl::parse(tokens, id, sources, diags);
    REQUIRE(diags.all().size() == 1);
    CHECK(diags.render(diags.all()[0], sources).starts_with("test.idl:1:16: error: invalid number '0x'\n"));
}

TEST_CASE("After an error the parser skips to the next semicolon or '}' and reports later errors too")
{
    parsed p("typedef long;\n"
             "interface I {\n"
             "  HRESULT a(long x y);\n"
             "  HRESULT b();\n"
             "  HRESULT c(long) long;\n"
             "  HRESULT d();\n"
             "};\n"
             "struct S { long a b; long c; };\n"
             "enum E { A = , B, C = * };\n"
             "[uuid(1 2)] interface J { HRESULT e(); }\n"
             "interface K { HRESULT f(); };\n");
    CHECK(p.error_lines() == std::vector<std::string>{
                                 "test.idl:1:13: error: expected identifier",
                                 "test.idl:3:20: error: expected ')' at end of parameter list",
                                 "test.idl:5:18: error: expected ';' after method declaration",
                                 "test.idl:8:18: error: expected ';' after struct member",
                                 "test.idl:9:14: error: expected expression",
                                 "test.idl:9:25: error: expected expression",
                                 "test.idl:10:9: error: expected ')' at end of attribute arguments",
                             });
    CHECK(names(p.file.decls) == std::vector<std::string>{"I", "S", "E", "K"});
    const auto &i = p.get<idl::interface_decl>(0);
    REQUIRE(i.methods.size() == 2);
    CHECK(i.methods[0].name == "b");
    CHECK(i.methods[1].name == "d");
    CHECK(p.get<idl::struct_decl>(1).fields.size() == 1);
    CHECK(p.get<idl::enum_decl>(2).enumerators.size() == 1);
}

TEST_CASE("Parsing stops early once the error limit is reached")
{
    std::string text;
    for (int i = 0; i < 100; ++i) {
        text += "foo;\n";
    }
    parsed p(text);
    CHECK(p.diags.error_count() == idl::diagnostics::error_limit);
}

TEST_CASE("Nesting deeper than the limit is reported once and never overflows the stack")
{
    auto deep = [](const std::string &open, const std::string &middle, const std::string &close, int n) {
        std::string text;
        for (int i = 0; i < n; ++i) {
            text += open;
        }
        text += middle;
        for (int i = 0; i < n; ++i) {
            text += close;
        }
        return text;
    };
    SECTION("parentheses")
    {
        parsed p("const long x = " + deep("(", "1", ")", 10000) + ";\nconst long y = ;");
        CHECK(p.error_lines() == std::vector<std::string>{"test.idl:1:80: error: nesting too deep (limit 64)",
                                                          "test.idl:2:16: error: expected expression"});
    }
    SECTION("shallow parentheses are fine")
    {
        parsed p("const long x = " + deep("(", "1", ")", 40) + ";");
        CHECK(p.errors().empty());
    }
    SECTION("unary operators")
    {
        parsed p("const long x = " + deep("-", "1", "", 10000) + ";");
        CHECK(p.error_lines() == std::vector<std::string>{"test.idl:1:80: error: nesting too deep (limit 64)"});
    }
    SECTION("a long operator chain")
    {
        parsed p("const long x = 1" + deep("", "", "+1", 10000) + ";");
        CHECK(p.errors().size() == 1);
        CHECK(p.first_error().find("nesting too deep (limit 64)") != std::string::npos);
    }
    SECTION("conditional operators")
    {
        parsed p("const long x = " + deep("a ? b : ", "c", "", 10000) + ";");
        CHECK(p.errors().size() == 1);
    }
    SECTION("pointers")
    {
        parsed p("typedef long " + deep("*", "", "", 10000) + "p;");
        CHECK(p.error_lines() == std::vector<std::string>{"test.idl:1:77: error: nesting too deep (limit 64)"});
    }
    SECTION("array bounds")
    {
        parsed p("typedef long a" + deep("[1]", "", "", 10000) + ";");
        CHECK(p.errors().size() == 1);
    }
    SECTION("nested struct definitions")
    {
        parsed p("typedef " + deep("struct { ", "long a;", "} x; ", 10000) + "\nconst long y = ;");
        CHECK(p.errors().size() == 2);
        CHECK(p.first_error().find("nesting too deep (limit 64)") != std::string::npos);
    }
    SECTION("nested libraries")
    {
        parsed p(deep("library L { ", "", "} ", 10000));
        CHECK(p.errors().size() == 1);
    }
}

// How a prefix of realistic_idl ends, from a scan of its brackets and strings (the file has
// no comments or character literals): inside a bracket or string, just after a top-level
// ';', or elsewhere at the top level.
enum class cut { inside, after_declaration, top_level };

std::vector<cut> cuts_of(const std::string &text)
{
    std::vector<cut> cuts{cut::after_declaration}; // the empty prefix
    int depth = 0;
    bool in_string = false;
    char last = ';';
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            in_string = c != '"' || text[i - 1] == '\\';
        } else if (c == '"') {
            in_string = true;
        } else if (c == '(' || c == '[' || c == '{') {
            ++depth;
        } else if (c == ')' || c == ']' || c == '}') {
            --depth;
        }
        if (std::isspace(static_cast<unsigned char>(c)) == 0) {
            last = c;
        }
        if (in_string || depth > 0) {
            cuts.push_back(cut::inside);
        } else {
            cuts.push_back(last == ';' ? cut::after_declaration : cut::top_level);
        }
    }
    return cuts;
}

TEST_CASE("Every truncation of a realistic file is an error unless it ends after a whole declaration")
{
    const std::vector<cut> cuts = cuts_of(realistic_idl);
    int checked_inside = 0;
    int checked_whole = 0;
    for (std::size_t n = 0; n <= realistic_idl.size(); ++n) {
        parsed p(realistic_idl.substr(0, n));
        const char last = n == 0 ? ';' : realistic_idl[n - 1];
        INFO("the first " << n << " characters");
        switch (cuts[n]) {
        case cut::inside:
            CHECK_FALSE(p.errors().empty()); // an open bracket or string
            ++checked_inside;
            break;
        case cut::after_declaration:
            CHECK(p.errors().empty());
            ++checked_whole;
            break;
        case cut::top_level:
            // Half a declaration, unless it may be whole: cpp_quote(…) and the like end in ')',
            // an interface's body in '}'.
            if (last != ')' && last != '}' && std::isspace(static_cast<unsigned char>(last)) == 0) {
                CHECK_FALSE(p.errors().empty());
            }
            break;
        }
    }
    CHECK(checked_inside > 1000);
    CHECK(checked_whole > 10);
}

TEST_CASE("Deleting any one token of a realistic file parses without crashing")
{
    idl::source_manager sources;
    idl::diagnostics lex_diags;
    auto id = sources.add_buffer("test.idl", realistic_idl);
    auto tokens = idl::lex(sources, id, lex_diags);
    for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
        auto damaged = tokens;
        damaged.erase(damaged.begin() + static_cast<std::ptrdiff_t>(i));
        idl::diagnostics diags;
        auto file = idl::parse(damaged, id, sources, diags);
        (void)file;
        // Without one of its brackets the file cannot be whole.
        const idl::token &gone = tokens[i];
        if (gone.kind == idl::token_kind::punctuator && std::string_view("()[]{}").find(gone.text) != std::string::npos) {
            INFO("without token " << i << ", '" << gone.text << "'");
            CHECK(diags.error_count() > 0);
        }
    }
}

TEST_CASE("Random token sequences parse without crashing or hanging")
{
    // A fixed seed keeps the run reproducible; the words favour the grammar's branch points.
    static const std::vector<std::string> words = {"interface",   "dispinterface",
                                                   "coclass",     "library",
                                                   "module",      "typedef",
                                                   "const",       "struct",
                                                   "union",       "enum",
                                                   "switch",      "case",
                                                   "default",     "import",
                                                   "importlib",   "cpp_quote",
                                                   "midl_pragma", "warning",
                                                   "properties",  "methods",
                                                   "long",        "unsigned",
                                                   "char",        "void",
                                                   "sizeof",      "HRESULT",
                                                   "x",           "[",
                                                   "]",           "(",
                                                   ")",           "{",
                                                   "}",           ";",
                                                   ",",           ":",
                                                   "*",           "=",
                                                   "+",           "-",
                                                   "?",           "...",
                                                   "1",           "0x10",
                                                   "\"s\"",       "'c'",
                                                   "1.0",         "F82A9146-DFC2-46E0-806A-38605A81A719",
                                                   "uuid",        "in",
                                                   "size_is"};
    std::mt19937 random(20240601U);
    std::uniform_int_distribution<std::size_t> pick(0, words.size() - 1);
    for (int round = 0; round < 2000; ++round) {
        std::string text;
        for (int i = 0; i < 60; ++i) {
            text += words[pick(random)] + " ";
        }
        parsed p(text);
        CHECK_FALSE(p.errors().empty()); // 60 random words are never a valid file
    }
}

TEST_CASE("A token list without its end_of_file token is still parsed safely")
{
    idl::source_manager sources;
    idl::diagnostics diags;
    auto id = sources.add_buffer("test.idl", "interface I {");
    auto tokens = idl::lex(sources, id, diags);
    tokens.pop_back();
    auto file = idl::parse(tokens, id, sources, diags);
    CHECK(diags.error_count() == 1);
    auto empty = idl::parse({}, id, sources, diags);
    CHECK(empty.decls.empty());
}

TEST_CASE("A misspelt declaration keyword is named with its nearest keyword and parsed as it")
{
    const std::pair<std::string, std::string> cases[] = {
        {"[uuid(1B2E3F9A-8C1D-4E5F-9A6B-7C8D9E0F1A2B)] coclas C { interface I; }", "coclas' ; did you mean 'coclass"},
        {"[uuid(1B2E3F9A-8C1D-4E5F-9A6B-7C8D9E0F1A2B)] libary L { }", "libary'; did you mean 'library"},
        {"typdef long count_t;", "typdef'; did you mean 'typedef"},
        {"cosnt long answer = 42;", "cosnt'; did you mean 'const"},
        {"dispinterfce D { properties: methods: };", "dispinterfce'; did you mean 'dispinterface"},
    };
    for (const auto &[text, expected] : cases) {
        INFO(text);
        parsed p(text);
        REQUIRE(p.errors().size() == 1);
        std::string wanted = expected;
        wanted.erase(std::remove(wanted.begin(), wanted.end(), ' '), wanted.end());
        std::string got = p.first_error();
        got.erase(std::remove(got.begin(), got.end(), ' '), got.end());
        CHECK(got.find(wanted) != std::string::npos);
        CHECK(p.file.decls.size() == 1); // the declaration is there, as if spelt right
    }
    // A word far from every keyword is only unexpected.
    parsed far("frobnicate IFoo { }");
    CHECK(far.first_error().find("unexpected 'frobnicate'") != std::string::npos);
    CHECK(far.first_error().find("did you mean") == std::string::npos);
}
