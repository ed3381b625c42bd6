// <ucom/client.hpp> and a generated client, in process: the calculator example (raw methods)
// called through ucom::client<ICalculator2>, string_arg, and clients from results.
#include <string>
#include <string_view>

#include <catch2/catch.hpp>

#include <ucom/client.hpp>

#include "calculator.hpp"
#include "calculator_client.hpp"

TEST_CASE("a client calls raw methods with C++ types and throws their error with its message")
{
    const ucom::client<ICalculator2> calc(ucom::make<example::calculator>());
    CHECK(calc.Multiply(6, 7) == 42);
    CHECK(calc.Add(40, 2) == 42); // ICalculator's, through the base client
    CHECK(calc.as<IDescribe>().Describe() == "a calculator of 32-bit integers (ICalculator2, IDescribe)");
    try {
        calc.Divide(1, 0);
        FAIL("no exception");
    } catch (const ucom::hresult_error &e) {
        CHECK(e.code() == E_INVALIDARG);
        CHECK(std::string(e.what()) == "division by zero");
        CHECK(e.error().origin() == "Example.Calculator");
    }
    const auto tried = calc.try_Divide(1, 0);
    REQUIRE_FALSE(tried);
    CHECK(tried.error().message() == "division by zero");
}

TEST_CASE("a client made from a failed result throws that result's error")
{
    const ucom::result<ucom::com_ptr<ICalculator>> failed =
        tl::make_unexpected(ucom::error(REGDB_E_CLASSNOTREG, "not registered", "test"));
    CHECK_THROWS_WITH(ucom::client<ICalculator>(failed), "not registered");
    const ucom::client<ICalculator> empty;
    CHECK_FALSE(empty);
    CHECK_FALSE(empty.try_as<IDescribe>());
}

TEST_CASE("a string_arg passes C strings and std::strings as they are and copies a string_view")
{
    const std::string text = "hello world";
    const ucom::string_arg from_string(text);
    CHECK(from_string.c_str() == text.c_str());
    const char *literal = "literal";
    CHECK(ucom::string_arg(literal).c_str() == literal);
    const ucom::string_arg from_view(std::string_view(text).substr(0, 5));
    CHECK(std::string(from_view.c_str()) == "hello");
}
