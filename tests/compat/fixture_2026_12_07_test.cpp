// A host built now, from the IDL of the fixture of 2026-12-07 compiled by this build's
// ucom-idl, against that day's plugin and the registry file `ucom register` wrote for it
// (tests/compat/fixtures/2026-12-07), both used as they were checked in. A failure here
// means a plugin or registry of an earlier build broke: see docs/CHANGES.md before
// changing an expectation.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include <ucom/com_ptr.hpp>
#include <ucom/runtime.h>
#include <ucom/runtime.hpp>

#include "compat_fixture_client.hpp"

namespace {

ucom::runtime open_fixture_registry()
{
    auto rt = ucom::runtime::open({UCOM_COMPAT_FIXTURE_REGISTRY});
    REQUIRE(rt);
    return std::move(*rt);
}

} // namespace

TEST_CASE("a counter of the 2026-12-07 plugin activates by its ProgID, checked against this build's layout of ICompatCounter")
{
    auto rt = open_fixture_registry();
    auto counter = ucom::client<ICompatCounter>(rt.create_instance<ICompatCounter>("Ucom.CompatFixture.Counter"));
    CHECK(counter.Add(5) == 5);
    CHECK(counter.Add(-7) == -2);
    CHECK(counter.Describe("total") == "total=-2");
}

TEST_CASE("an exception inside the 2026-12-07 plugin reaches this build's host as E_INVALIDARG with its message")
{
    auto rt = open_fixture_registry();
    auto counter = ucom::client<ICompatCounter>(rt.create_instance<ICompatCounter>("Ucom.CompatFixture.Counter.1"));
    CHECK(counter.Add(999999) == 999999);
    const auto refused = counter.try_Add(2);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == E_INVALIDARG);
    CHECK(refused.error().message() == "the total 1000001 would leave [-1000000, 1000000]");
    CHECK(counter.Describe("unchanged") == "unchanged=999999");
}

TEST_CASE("a statistics object of the 2026-12-07 plugin activates by CLSID and passes arrays both ways")
{
    auto rt = open_fixture_registry();
    auto statistics =
        ucom::client<ICompatStatistics>(rt.create_instance<ICompatStatistics>(ucom::guid(CLSID_CompatStatistics)));
    const std::vector<std::int32_t> values{1, 2, 3, -4, 2000000000, 2000000000};
    CHECK(statistics.Sum(values) == 4000000002);
    CHECK(statistics.Sequence(3, 4, 5) == std::vector<std::int32_t>{3, 7, 11, 15, 19});
    CHECK(statistics.Sequence(3, 4, 0).empty());
    const auto refused = statistics.try_Sequence(0, 1, -1);
    REQUIRE_FALSE(refused);
    CHECK(refused.error().code() == E_INVALIDARG);
    CHECK(refused.error().message() == "a sequence of -1 values");
}

TEST_CASE("QueryInterface moves between the interfaces of one object of the 2026-12-07 plugin")
{
    auto rt = open_fixture_registry();
    auto statistics = ucom::client<ICompatStatistics>(rt.create_instance<ICompatStatistics>("Ucom.CompatFixture.Statistics.1"));
    auto counter = statistics.as<ICompatCounter>();
    CHECK(counter.Add(40) == 40);
    CHECK(statistics.as<ICompatCounter>().Add(2) == 42); // the same object's total
    CHECK(statistics.as<IUnknown>().get() == counter.as<IUnknown>().get()); // one identity
}

TEST_CASE("the C API's unchecked activation by name creates an object of the 2026-12-07 plugin")
{
    const char *files[] = {UCOM_COMPAT_FIXTURE_REGISTRY};
    ucom_runtime *rt = nullptr;
    REQUIRE(ucom_runtime_open(files, 1, &rt) == S_OK);
    {
        ucom::com_ptr<ICompatCounter> counter;
        REQUIRE(ucom_runtime_create_instance_by_name(rt, "Ucom.CompatFixture.Counter", &IID_ICompatCounter,
                                                     counter.put_void()) == S_OK);
        int32_t total = 0;
        CHECK(ICompatCounter_Add(counter.get(), 12, &total) == S_OK);
        CHECK(total == 12);
    }
    ucom_runtime_close(rt);
}

TEST_CASE("the 2026-12-07 plugin is unloaded at once when its last object is released")
{
    auto rt = open_fixture_registry();
    {
        auto counter = ucom::client<ICompatCounter>(rt.create_instance<ICompatCounter>("Ucom.CompatFixture.Counter"));
        auto statistics = ucom::client<ICompatStatistics>(rt.create_instance<ICompatStatistics>("Ucom.CompatFixture.Statistics.1"));
        CHECK(counter.Add(1) == 1);
        CHECK(rt.unload_unused() == 0); // its objects live
    }
    // It releases through libucom's ucom_object_release and says so (exact unloading), so no
    // unload delay applies.
    CHECK(rt.unload_unused() == 1);
}
