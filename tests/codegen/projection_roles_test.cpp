// projection_roles: what each parameter becomes in the C++ projection, read from resolved
// IDL. The glue and client writers use nothing else, so this is their contract.
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "compilation.hpp"
#include "lexer.hpp"
#include "parser.hpp"
#include "projection_roles.hpp"
#include "resolve.hpp"
#include "type_queries.hpp"

namespace idl = ucom::idl;

namespace {

// One interface IThing whose methods are given, parsed and resolved.
struct resolved_interface {
    idl::compilation unit;
    std::unique_ptr<const idl::resolved_model> model;

    explicit resolved_interface(const std::string &methods)
    {
        const std::string text = "typedef long HRESULT;\n"
                                 "typedef union u { long a; } u;\n"
                                 "[object, uuid(00000000-0000-0000-C000-000000000046)] interface IUnknown { }\n"
                                 "[object, uuid(6C1A0D52-8F0B-4B1E-9C55-3F0E1F6A7B01)] interface IOther : IUnknown { }\n"
                                 "[object, uuid(6C1A0D52-8F0B-4B1E-9C55-3F0E1F6A7B02)] interface IThing : IUnknown {\n" +
                                 methods + "}\n";
        auto id = unit.sources.add_buffer("test.idl", text);
        auto tokens = idl::lex(unit.sources, id, unit.diags);
        unit.files.push_back(std::make_unique<idl::idl_file>(idl::parse(tokens, id, unit.sources, unit.diags)));
        model = idl::resolve(unit);
        for (const auto &d : unit.diags.all()) {
            INFO(unit.diags.render(d, unit.sources));
            CHECK(d.severity != idl::severity::error);
        }
    }

    [[nodiscard]] idl::method_projection project(std::size_t index) const
    {
        REQUIRE(model);
        return idl::project_method(model->main_interfaces().back()->methods.at(index));
    }
};

std::vector<idl::param_role> roles_of(const idl::method_projection &m)
{
    std::vector<idl::param_role> out;
    for (const auto &p : m.params) {
        out.push_back(p.role);
    }
    return out;
}

} // namespace

TEST_CASE("scalars and strings in, a retval out, are values, string views and the return value")
{
    resolved_interface itf("HRESULT Greet([in] long n, [in, string] const char *name, [out, retval, string] char **text);");
    const auto m = itf.project(0);
    REQUIRE(m.projected());
    CHECK(m.name == "Greet");
    CHECK(roles_of(m) == std::vector{idl::param_role::in_value, idl::param_role::in_string, idl::param_role::out_string});
    REQUIRE(m.retval);
    CHECK(*m.retval == 2);
    CHECK_FALSE(m.params[2].has_parameter());
}

TEST_CASE("an array's count is consumed by the array, in and out")
{
    resolved_interface itf("HRESULT Sum([in] unsigned long n, [in, size_is(n)] const long *values);\n"
                           "HRESULT Range([out] unsigned long *n, [out, retval, size_is(, *n)] long **values);");
    const auto sum = itf.project(0);
    REQUIRE(sum.projected());
    CHECK(roles_of(sum) == std::vector{idl::param_role::in_array_count, idl::param_role::in_array});
    CHECK(sum.params[1].partner == 0);
    CHECK(sum.params[0].partner == 1);
    const auto range = itf.project(1);
    REQUIRE(range.projected());
    CHECK(roles_of(range) == std::vector{idl::param_role::out_array_count, idl::param_role::out_array});
}

TEST_CASE("interfaces in and out, and properties named without get_ and put_")
{
    resolved_interface itf("HRESULT Use([in] IOther *other, [out] IOther **made);\n"
                           "[propget] HRESULT Size([out, retval] long *size);\n"
                           "[propput] HRESULT Size([in] long size);");
    const auto use = itf.project(0);
    REQUIRE(use.projected());
    CHECK(roles_of(use) == std::vector{idl::param_role::in_interface, idl::param_role::out_interface});
    CHECK(use.params[0].itf->name == "IOther");
    CHECK(itf.project(1).name == "Size");
    CHECK(itf.project(2).name == "Size");
}

TEST_CASE("a method with a parameter the projection does not map keeps only its raw form, and says why")
{
    resolved_interface itf("HRESULT Both([in, out] long *value);\n"
                           "HRESULT Pick([in] long kind, [out, switch_is(kind)] u *value);\n"
                           "HRESULT Maybe([in, string, unique] const char *name);\n"
                           "HRESULT Shared([in] long n, [in, size_is(n)] const long *a, [in, size_is(n)] const long *b);");
    CHECK(itf.project(0).unsupported == "parameter 'value' is [in, out]");
    CHECK(itf.project(1).unsupported == "parameter 'value' is [switch_is]");
    CHECK(itf.project(2).unsupported == "parameter 'name' is a string that may be null ([unique] or [ptr])");
    CHECK(itf.project(3).unsupported == "parameter 'a' shares its count 'n' with another array");
    CHECK(itf.project(3).params.empty());
}

TEST_CASE("a property named like a type keeps only its raw form get_X, which C++ can name")
{
    resolved_interface itf("[propget] HRESULT HRESULT([out, retval] long *value);\n"
                           "[propput] HRESULT u([in] long value);");
    CHECK(itf.project(0).unsupported == "its name HRESULT is a type's too, which C++ could not use inside the class");
    CHECK(itf.project(1).unsupported == "its name u is a type's too, which C++ could not use inside the class");
}

TEST_CASE("an [out] pointer to an interface by value, which only a [local] method may have, keeps the method raw")
{
    resolved_interface itf("[local] HRESULT Check([out] IOther *device);");
    CHECK(itf.project(0).unsupported == "parameter 'device' is [out] but points to an interface by value");
}
