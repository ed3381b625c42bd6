// The C++ projection end to end: Ucom.Test.Shelf, implemented in C++ types, registered with
// the real `ucom` and loaded by the runtime, called through ucom::client in both forms.
#include <array>
#include <string>
#include <string_view>
#include <vector>

#include <catch2/catch.hpp>

#include <ucom/client.hpp>
#include <ucom/runtime.hpp>
#include <ucom/task_memory.hpp>

#include "shelf_client.hpp"
#include "test_registry.hpp"

namespace {

struct registered_shelf {
    registered_shelf() { registry.register_plugin(SHELF_PLUGIN); }
    ucom::test::scratch_registry registry;
};

// A runtime with the shelf registered, and a client of a new shelf.
struct shelf_fixture : registered_shelf {
    ucom::runtime rt = registry.open_runtime();
    ucom::client<IShelf2> shelf = ucom::client<IShelf2>(rt.create_instance<IShelf2>("Ucom.Test.Shelf"));
};

} // namespace

TEST_CASE_METHOD(shelf_fixture, "a client calls a component written in C++ types with scalars and strings")
{
    CHECK(shelf.Add(40, 2) == 42);
    CHECK(shelf.Greet("world") == "Hello, world!");
    const std::string name = "ada";
    CHECK(shelf.Greet(name) == "Hello, ada!");
    CHECK(shelf.Greet(std::string_view("grace hopper").substr(0, 5)) == "Hello, grace!");
}

TEST_CASE_METHOD(shelf_fixture, "a string result taken as a task_string is the callee's own allocation")
{
    const ucom::task_string greeting = shelf.Greet<ucom::task_string>("world");
    CHECK(greeting.view() == "Hello, world!");
    const ucom::result<ucom::task_string> tried = shelf.try_Greet<ucom::task_string>("again");
    REQUIRE(tried);
    CHECK(tried->view() == "Hello, again!");
}

TEST_CASE_METHOD(shelf_fixture, "outputs that are not the retval come back through references with the success code")
{
    int32_t words = 0;
    std::string first;
    CHECK(shelf.Split("two words", words, first) == S_OK);
    CHECK(words == 2);
    CHECK(first == "two");
    ucom::task_string none;
    CHECK(shelf.Split("   ", words, none) == S_FALSE);
    CHECK(words == 0);
    CHECK(none.view().empty());
}

TEST_CASE_METHOD(shelf_fixture, "arrays pass in as views and come back as vectors or task arrays")
{
    const std::vector<int32_t> values = {1, 2, 3, 4};
    CHECK(shelf.Sum(values) == 10);
    const std::array<int32_t, 2> pair = {2'000'000'000, 2'000'000'000};
    CHECK(shelf.Sum(pair) == 4'000'000'000);
    CHECK(shelf.Sum({}) == 0);
    CHECK(shelf.Range(3, 6) == std::vector<int32_t>{3, 4, 5, 6});
    const ucom::task_array<int32_t> owned = shelf.Range<ucom::task_array<int32_t>>(1, 2);
    REQUIRE(owned.size() == 2);
    CHECK(owned[1] == 2);
}

TEST_CASE_METHOD(shelf_fixture, "interfaces come back as clients and com_ptrs and pass in borrowed")
{
    const ucom::client<IShelfItem> made = shelf.MakeItem("Dune");
    CHECK(made.Title() == "Dune");
    CHECK(shelf.TitleOf(made.get()) == "title: Dune");
    ucom::com_ptr<IShelfItem> first;
    CHECK(shelf.FirstItem(first) == S_OK);
    CHECK(first.get() == made.get());
    const ucom::com_ptr<IShelfItem> emma = shelf.MakeItem<ucom::com_ptr<IShelfItem>>("Emma");
    CHECK(ucom::client<IShelfItem>(emma).Title() == "Emma");
    CHECK(shelf.Count() == 1);
}

TEST_CASE_METHOD(shelf_fixture, "a property reads with a getter and writes with a setter of the same name")
{
    CHECK(shelf.Capacity() == 10);
    CHECK(shelf.Capacity(25) == S_OK);
    CHECK(shelf.Capacity() == 25);
}

TEST_CASE_METHOD(shelf_fixture, "an exception thrown in the component reaches the client's exception with its message")
{
    try {
        shelf.Fail(E_INVALIDARG, "the shelf is full");
        FAIL("Fail returned");
    } catch (const ucom::hresult_error &e) {
        CHECK(e.code() == E_INVALIDARG);
        CHECK(std::string(e.what()) == "the shelf is full");
        CHECK(e.error().origin() == "Ucom.Test.Shelf");
    }
    CHECK_THROWS_MATCHES(shelf.Fail(0, "a std::runtime_error"), ucom::hresult_error,
                         Catch::Predicate<ucom::hresult_error>([](const ucom::hresult_error &e) {
                             return e.code() == E_FAIL && std::string(e.what()) == "a std::runtime_error";
                         }));
    CHECK_THROWS_WITH(shelf.Capacity(-1), "a capacity is 0 or more");
    CHECK_THROWS_WITH(shelf.Range(5, 1), "the range ends before it starts");
}

TEST_CASE_METHOD(shelf_fixture, "the try_ forms return the callee's error instead of throwing")
{
    const ucom::result<HRESULT> failed = shelf.try_Fail(E_ACCESSDENIED, "not yours");
    REQUIRE_FALSE(failed);
    CHECK(failed.error().code() == E_ACCESSDENIED);
    CHECK(failed.error().message() == "not yours");
    const auto range = shelf.try_Range(5, 1);
    REQUIRE_FALSE(range);
    CHECK(range.error().code() == E_INVALIDARG);
    const ucom::result<int32_t> sum = shelf.try_Add(1, 2);
    REQUIRE(sum);
    CHECK(*sum == 3);
}

TEST_CASE_METHOD(shelf_fixture, "a method implemented with the raw signature works beside the projected ones")
{
    CHECK(shelf.RawEcho("text") == "raw text");
    // Find has no form in C++ types: the raw interface stays reachable.
    ucom::com_ptr<IShelf> found;
    REQUIRE(shelf->Find(&IID_IShelf, found.put_void()) == S_OK);
    CHECK(ucom::client<IShelf>(std::move(found)).Add(2, 2) == 4);
}

TEST_CASE_METHOD(shelf_fixture, "null top-level pointers are refused with E_POINTER before the method runs")
{
    char *greeting = nullptr;
    CHECK(shelf->Greet(nullptr, &greeting) == E_POINTER);
    CHECK(greeting == nullptr);
    CHECK(shelf->Greet("world", nullptr) == E_POINTER);
    CHECK(shelf->Sum(2, nullptr, nullptr) == E_POINTER);
    int64_t total = 0;
    CHECK(shelf->Sum(2, nullptr, &total) == E_POINTER);
    CHECK(shelf->Sum(0, nullptr, &total) == S_OK);
    CHECK(total == 0);
}

TEST_CASE_METHOD(shelf_fixture, "a client converts to the clients of the object's other interfaces")
{
    const ucom::client<IShelf> base = shelf.as<IShelf>();
    CHECK(base.Add(1, 1) == 2);
    const auto not_an_item = shelf.try_as<IShelfItem>();
    REQUIRE_FALSE(not_an_item);
    CHECK(not_an_item.error().code() == E_NOINTERFACE);
    CHECK_THROWS_AS(shelf.as<IShelfItem>(), ucom::hresult_error);
}

TEST_CASE("a client made from a failed activation throws the activation's error")
{
    ucom::test::scratch_registry registry;
    auto rt = registry.open_runtime();
    try {
        const ucom::client<IShelf2> shelf(rt.create_instance<IShelf2>("Ucom.Test.Shelf"));
        FAIL("no error");
    } catch (const ucom::hresult_error &e) {
        CHECK(e.code() == REGDB_E_CLASSNOTREG);
        CHECK_THAT(e.what(), Catch::Contains("Ucom.Test.Shelf"));
    }
}
