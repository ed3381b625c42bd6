// Owning task-allocated memory from C++ (ucom/task_memory.hpp) and check_hresult, against
// the calculator component's real calls. Leaks show under the asan preset.
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>

#include <ucom/com_ptr.hpp>
#include <ucom/error.hpp>
#include <ucom/task_memory.hpp>

#include "calculator.hpp"

TEST_CASE("task_string owns the string a callee returns, and put() frees the one it held")
{
    const auto describe = ucom::make<example::calculator, IDescribe>();
    ucom::task_string text;
    CHECK_FALSE(text);
    CHECK(text.empty());
    CHECK(std::string(text.c_str()).empty());
    REQUIRE(ucom::check_hresult(describe->Describe(text.put())) == S_OK);
    CHECK(text.str() == "a calculator of 32-bit integers (ICalculator2, IDescribe)");
    CHECK(text.view().substr(0, 12) == "a calculator");
    const char *first = text.get();
    REQUIRE(ucom::check_hresult(describe->Describe(text.put())) == S_OK); // the first one is freed
    CHECK(text.get() != nullptr);
    CHECK(text.view() == std::string_view(text.c_str()));
    (void)first;

    ucom::task_string moved;
    moved = ucom::task_string(text.release());
    CHECK_FALSE(text);
    CHECK(moved.str().size() == 57);
    char *handed_on = moved.release(); // the receiver frees it
    CHECK_FALSE(moved);
    ucom_free(handed_on);
}

TEST_CASE("task_strdup and task_copy make task memory, and task_array owns it")
{
    ucom::task_string copy(ucom::task_strdup(std::string_view("ab\0cd", 5)));
    CHECK(std::string(copy.get(), 5) == std::string("ab\0cd", 5));
    ucom::task_string empty(ucom::task_strdup(""));
    CHECK(empty);
    CHECK(empty.empty());

    const std::vector<std::int32_t> values = {3, 1, 4, 1, 5};
    ucom::task_array<std::int32_t> array;
    *array.put() = ucom::task_copy(values); // what an implementer writes to an [out] T **
    array.set_size(values.size());
    CHECK(array.size() == 5);
    CHECK(array.to_vector() == values);
    std::int32_t sum = 0;
    for (const std::int32_t v : array) {
        sum += v;
    }
    CHECK(sum == 14);
    CHECK(array[2] == 4);

    CHECK(ucom::task_copy(values.data(), 0) == nullptr);
    ucom::task_array<std::int32_t> none;
    none.set_size(3); // no data: stays empty
    CHECK(none.empty());
    CHECK(none.begin() == none.end());

    // A count in a signed type ([out] long *count) as generated client code passes it; a
    // negative one from a broken callee is an empty array, not a huge one.
    array.set_size(std::int32_t{2});
    CHECK(array.size() == 2);
    array.set_size(std::int32_t{-1});
    CHECK(array.empty());
}

TEST_CASE("check_hresult passes successes through and throws failures with the callee's error info")
{
    const auto calculator = ucom::make<example::calculator, ICalculator2>();
    int32_t quotient = 0;
    CHECK(ucom::check_hresult(calculator->Divide(7, 2, &quotient)) == S_OK);
    CHECK(quotient == 3);
    CHECK(ucom::check_hresult(S_FALSE) == S_FALSE);
    try {
        ucom::check_hresult(calculator->Divide(1, 0, &quotient), "dividing");
        FAIL("check_hresult did not throw");
    } catch (const ucom::hresult_error &e) {
        CHECK(e.code() == E_INVALIDARG);
        CHECK(e.error().message() == "division by zero");
        CHECK(e.error().origin() == "Example.Calculator");
    }
    try {
        ucom::check_hresult(E_NOINTERFACE, "asking for IFoo"); // no error info: the generic message
        FAIL("check_hresult did not throw");
    } catch (const ucom::hresult_error &e) {
        CHECK(e.code() == E_NOINTERFACE);
        CHECK(e.error().origin() == "asking for IFoo");
        CHECK(e.error().message() == ucom::hresult_message(E_NOINTERFACE));
    }
}
