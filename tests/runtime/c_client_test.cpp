// A C99 translation unit (c_client.c) uses objects implemented in C++ with implements<>.
#include <cstring>

#include <catch2/catch.hpp>

#include <ucom/class_factory.hpp>
#include <ucom/com_ptr.hpp>

#include "c_client.h"
#include "calculator.hpp"
#include "numbered_interface.hpp"

namespace {

ucom::com_ptr<IUnknown> new_calculator()
{
    return ucom::make<example::calculator>().as<IUnknown>().value();
}

} // namespace

TEST_CASE("a C client calls a C++ object's methods through the C vtables")
{
    const ucom::com_ptr<IUnknown> calc = new_calculator();
    int32_t product = 0;
    CHECK(c_multiply(calc.get(), -6, 7, &product) == S_OK);
    CHECK(product == -42);
    char *text = nullptr;
    REQUIRE(c_describe(calc.get(), &text) == S_OK);
    CHECK(std::strcmp(text, "a calculator of 32-bit integers (ICalculator2, IDescribe)") == 0);
    ucom_free(text); // the task allocator frees what the C++ side allocated for the C side
    CHECK(test::ref_count(calc.get()) == 1);
}

TEST_CASE("a C client sees COM's identity rules and clean misses")
{
    const ucom::com_ptr<IUnknown> calc = new_calculator();
    CHECK(c_identity_holds(calc.get()) == 1);
    CHECK(c_miss_is_clean(calc.get()) == 1);
    CHECK(test::ref_count(calc.get()) == 1);
}

TEST_CASE("a C++ exception reaches a C client as an HRESULT with its message in the error info")
{
    const ucom::com_ptr<IUnknown> calc = new_calculator();
    HRESULT info_code = S_OK;
    char *message = nullptr;
    CHECK(c_divide_by_zero(calc.get(), &info_code, &message) == E_INVALIDARG);
    CHECK(info_code == E_INVALIDARG);
    REQUIRE(message != nullptr);
    CHECK(std::strcmp(message, "division by zero") == 0);
    ucom_free(message);
}

TEST_CASE("error info set by C code reaches the C++ caller")
{
    const HRESULT hr = c_fail_with_error_info("the C side gave up");
    const ucom::error e = ucom::error::from_hresult(hr);
    CHECK(e.code() == E_ABORT);
    CHECK(e.message() == "the C side gave up");
    CHECK(e.origin() == "c_client.c");
}

TEST_CASE("a C client creates objects through a C++ class factory")
{
    const ucom::com_ptr<IClassFactory> factory = ucom::make<ucom::class_factory<example::calculator>>();
    ucom::com_ptr<IUnknown> object;
    REQUIRE(c_create(factory.get(), object.put()) == S_OK);
    int32_t product = 0;
    CHECK(c_multiply(object.get(), 3, 3, &product) == S_OK);
    CHECK(product == 9);
}
