// The resolved model (codegen/src/model.hpp) that every writer reads: built from IDL text
// through the driver's front half, as ucom-idl builds it.
#include <atomic>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>

#include <unistd.h>

#include <catch2/catch.hpp>

#include "builtin_types.hpp"
#include "driver.hpp"

namespace {

namespace fs = std::filesystem;
using namespace ucom::idl;

// One compilation of `idl`, kept alive with its model.
struct compiled {
    compilation unit;
    std::unique_ptr<const resolved_model> model;

    explicit compiled(std::string_view idl)
    {
        static std::atomic<int> counter{0};
        const auto folder = fs::temp_directory_path() /
                            ("ucom_model_test_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
        fs::create_directories(folder);
        const auto input = folder / "test.idl";
        std::ofstream(input, std::ios::binary) << idl;
        preprocessor_options options;
        options.include_dirs.emplace_back(UCOM_TEST_IDL_DIR);
        model = read_model(input, options, unit);
        std::error_code ec;
        fs::remove_all(folder, ec);
    }

    [[nodiscard]] const model_interface &interface_named(std::string_view name) const
    {
        for (const auto &itf : model->interfaces) {
            if (itf->name == name) {
                return *itf;
            }
        }
        FAIL("no interface " << name);
        throw std::logic_error("unreachable");
    }
};

const model_method &method_named(const model_interface &itf, std::string_view name)
{
    for (const auto &m : itf.methods) {
        if (m.name == name) {
            return m;
        }
    }
    FAIL("no method " << name);
    throw std::logic_error("unreachable");
}

} // namespace

TEST_CASE("Parameters carry their direction, retval, string-ness and links to the parameters they name")
{
    compiled c(R"(import "unknwn.idl";
typedef [string] char *TEXT_PTR;
[object, uuid(5A0E3A52-8F6A-4A4B-9E01-6A3B2C1D0E01)]
interface IStore : IUnknown {
    HRESULT Read([in] long capacity, [out, size_is(capacity), length_is(*written)] long *values,
                 [out] long *written);
    HRESULT Name([in, string] const char *key, [in] TEXT_PTR alias, [out, retval, string] char **name);
    HRESULT Swap([in, out] long *value);
    HRESULT Grow([in] long n, [in, size_is(2 * n)] long *pairs);
}
)");
    REQUIRE(c.model);
    const auto &store = c.interface_named("IStore");
    const auto &read = method_named(store, "Read");
    REQUIRE(read.parameters.size() == 3);
    const auto &values = read.parameters[1];
    CHECK(values.direction == direction::out);
    REQUIRE(values.size_is.size() == 1);
    CHECK(values.size_is[0].parameter == &read.parameters[0]);
    CHECK_FALSE(values.size_is[0].dereferenced);
    REQUIRE(values.length_is.size() == 1);
    CHECK(values.length_is[0].parameter == &read.parameters[2]);
    CHECK(values.length_is[0].dereferenced);

    const auto &name = method_named(store, "Name");
    CHECK(name.returns_hresult);
    CHECK(name.parameters[0].is_string);
    CHECK(name.parameters[1].is_string); // [string] on the typedef
    CHECK(name.parameters[2].is_string);
    CHECK(name.parameters[2].retval);
    CHECK(name.parameters[2].direction == direction::out);
    CHECK(method_named(store, "Swap").parameters[0].direction == direction::in_out);

    // An expression over a parameter is kept, with no single parameter to link.
    const auto &grow = method_named(store, "Grow");
    REQUIRE(grow.parameters[1].size_is.size() == 1);
    CHECK(grow.parameters[1].size_is[0].parameter == nullptr);
    CHECK(grow.parameters[1].size_is[0].expression != nullptr);
}

TEST_CASE("An interface's slots are its bases' and then its own, and a forward declaration is its definition")
{
    compiled c(R"(import "unknwn.idl";
interface ILater;
[object, uuid(5A0E3A52-8F6A-4A4B-9E01-6A3B2C1D0E02)]
interface IFirst : IUnknown {
    HRESULT Use([in] ILater *later);
    [propget] HRESULT Size([out, retval] long *size);
    [propput] HRESULT Size([in] long size);
}
[object, uuid(5A0E3A52-8F6A-4A4B-9E01-6A3B2C1D0E03)]
interface ILater : IFirst {
    HRESULT More(void);
}
)");
    REQUIRE(c.model);
    const auto &later = c.interface_named("ILater");
    REQUIRE(later.base == &c.interface_named("IFirst"));
    REQUIRE(later.slots.size() == 7);
    CHECK(later.slots[0].owner->name == "IUnknown");
    CHECK(later.slots[3].method->c_name == "Use");
    CHECK(later.slots[4].method->c_name == "get_Size");
    CHECK(later.slots[4].method->property == property_kind::get);
    CHECK(later.slots[5].method->property == property_kind::put);
    CHECK(later.slots[6].owner == &later);
    CHECK(later.fingerprint != 0);

    const interface_decl *forward = nullptr;
    for (const auto &d : c.unit.main().decls) {
        if (const auto *itf = as<interface_decl>(d.get()); itf != nullptr && itf->is_forward) {
            forward = itf;
        }
    }
    REQUIRE(forward != nullptr);
    CHECK(c.model->find(*forward) == &later);
}

TEST_CASE("Attributes are read into their typed form")
{
    compiled c(R"(import "unknwn.idl";
[object, uuid(5A0E3A52-8F6A-4A4B-9E01-6A3B2C1D0E04), pointer_default(unique), version(2.15),
 async_uuid(5A0E3A52-8F6A-4A4B-9E01-6A3B2C1D0E05), helpstring("a store"), helpcontext(0x10)]
interface IStore : IUnknown {
    [id(-4), idempotent, helpstring("reads")] HRESULT Read([in, unique] long *hint);
}
[uuid(5A0E3A52-8F6A-4A4B-9E01-6A3B2C1D0E06), threading(both), progid("Test.Store.1")]
coclass Store { [default] interface IStore; }
)");
    REQUIRE(c.model);
    const auto &store = c.interface_named("IStore");
    CHECK(store.attributes.text(attribute_id::pointer_default) == "unique");
    const auto *version = store.attributes.find(attribute_id::version);
    REQUIRE(version != nullptr);
    REQUIRE(version->version);
    CHECK(version->version->major == 2);
    CHECK(version->version->minor == 15);
    REQUIRE(store.attributes.find(attribute_id::async_uuid)->uuid);
    CHECK(to_string(*store.attributes.find(attribute_id::async_uuid)->uuid) == "5A0E3A52-8F6A-4A4B-9E01-6A3B2C1D0E05");
    CHECK(store.attributes.find(attribute_id::helpcontext)->integer == 16);
    CHECK(store.attributes.text(attribute_id::helpstring) == "a store");
    const auto &read = method_named(store, "Read");
    CHECK(read.attributes.find(attribute_id::id)->integer == -4);
    CHECK(read.attributes.find(attribute_id::idempotent)->rule->meaning == attribute_meaning::rpc);
    CHECK(read.parameters[0].pointer == pointer_kind::unique);

    REQUIRE(c.model->coclasses.size() == 1);
    const auto &store_class = *c.model->coclasses[0];
    CHECK(store_class.threading == "both");
    CHECK(store_class.progid == "Test.Store.1");
    REQUIRE(store_class.interfaces.size() == 1);
    CHECK(store_class.interfaces[0].target == &store);
    CHECK(store_class.interfaces[0].is_default);
}

TEST_CASE("Every base type is one row of one table, in the order of builtin_type")
{
    std::size_t index = 0;
    for (const auto &row : builtin_types()) {
        CHECK(static_cast<std::size_t>(row.type) == index++);
        CHECK(&info(row.type) == &row);
        CHECK_FALSE(row.idl.empty());
        CHECK((row.kind == builtin_kind::void_) == (row.size == 0));
    }
    CHECK(index == builtin_types().size());
}
