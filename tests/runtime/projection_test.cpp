// <ucom/projection.hpp>, the implementer's side of the projection as the generated glue
// calls it: arrays in are checked, outputs are staged and handed over only on commit.
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include <ucom/projection.hpp>

namespace projection = ucom::detail::projection;

TEST_CASE("an array in with a negative count or a null pointer with elements is refused")
{
    const int32_t values[] = {1, 2};
    CHECK(projection::in_array(values, 2).size() == 2);
    CHECK(projection::in_array<int32_t>(nullptr, 0u).empty());
    CHECK_THROWS_MATCHES(projection::in_array(values, -1), ucom::hresult_error,
                         Catch::Predicate<ucom::hresult_error>(
                             [](const ucom::hresult_error &e) { return e.code() == E_INVALIDARG; }));
    CHECK_THROWS_MATCHES(projection::in_array<int32_t>(nullptr, 3u), ucom::hresult_error,
                         Catch::Predicate<ucom::hresult_error>(
                             [](const ucom::hresult_error &e) { return e.code() == E_POINTER; }));
}

TEST_CASE("a staged string is one task allocation, handed over by commit")
{
    auto staged = projection::out_string(std::string("text"));
    char *out = nullptr;
    staged.commit(&out);
    REQUIRE(out != nullptr);
    CHECK(std::string(out) == "text");
    ucom_free(out);
    CHECK_FALSE(staged.text);
}

TEST_CASE("a staged array carries its count in the count's type and refuses one that does not fit")
{
    auto staged = projection::out_array<int32_t, uint8_t>(std::vector<int32_t>{1, 2, 3});
    int32_t *values = nullptr;
    uint8_t count = 0;
    staged.commit(&values, &count);
    REQUIRE(count == 3);
    CHECK(values[2] == 3);
    ucom_free(values);
    CHECK_THROWS_AS((projection::out_array<int32_t, uint8_t>(std::vector<int32_t>(256))), ucom::hresult_error);
}

TEST_CASE("a method without a retval reports S_OK for void and its own success code otherwise")
{
    CHECK(projection::status([] {}) == S_OK);
    CHECK(projection::status([] { return S_FALSE; }) == S_FALSE);
}
