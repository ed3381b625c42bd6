// The compile-time QueryInterface table: every IID found at its slot, collisions impossible.
#include <array>
#include <cstdint>
#include <utility>

#include <catch2/catch.hpp>

#include <ucom/detail/qi_table.hpp>

#include "calculator.h"
#include "numbered_interface.hpp"

namespace {

template <int... K>
using numbered_table = ucom::detail::qi_table<INumbered<K>...>;

} // namespace

TEST_CASE("the QI table maps each listed interface to its own slot and IUnknown to the first")
{
    using table = numbered_table<0, 1, 2, 3, 4, 5, 6, 7>;
    static_assert(table::size == 9); // eight interfaces and IUnknown
    CHECK(table::find(IID_IUnknown) == 0);
    CHECK(table::find(ucom::iid_of<INumbered<0>>) == 0);
    CHECK(table::find(ucom::iid_of<INumbered<3>>) == 3);
    CHECK(table::find(ucom::iid_of<INumbered<7>>) == 7);
    CHECK(table::find(ucom::iid_of<INumbered<8>>) == ucom::detail::no_slot);
    CHECK(table::find(GUID{}) == ucom::detail::no_slot);
    CHECK(table::find(IID_IClassFactory) == ucom::detail::no_slot);
}

TEST_CASE("the QI table hashes Data1 alone when that separates the IIDs, and both halves when only Data4 differs")
{
    CHECK(numbered_table<0, 1, 2, 3, 4, 5, 6, 7>::params.kind == ucom::detail::qi_hash_kind::data1);
    // IIDs alike but for their last byte, as some vendors number theirs: only the second half
    // tells them apart.
    std::array<ucom::detail::qi_entry, 12> by_last_byte{};
    for (std::uint32_t i = 0; i < by_last_byte.size(); ++i) {
        const auto last = static_cast<unsigned char>(i);
        by_last_byte[i] = {GUID{0x12345678, 0x9ABC, 0xDEF0, {0x80, 1, 2, 3, 4, 5, 6, last}}, i};
    }
    const ucom::detail::qi_hash_params params = ucom::detail::find_perfect_hash(by_last_byte);
    CHECK(params.kind == ucom::detail::qi_hash_kind::both_halves);
    CHECK(ucom::detail::collision_free(by_last_byte, params));
}

TEST_CASE("every bucket of the QI table holds a real entry, and a miss that lands on a copy still misses")
{
    using table = numbered_table<0, 1, 2>;
    for (const ucom::detail::qi_entry &bucket : table::buckets) {
        CHECK(bucket.slot != ucom::detail::no_slot);
    }
    // Some IID lands on every bucket that holds a copy: with 3 entries in 8 buckets, some
    // among a few hundred others do.
    for (int k = 3; k < 300; ++k) {
        CHECK(table::find(test::numbered_iid(k)) == ucom::detail::no_slot);
    }
}

TEST_CASE("a base interface is served by the first listed interface that extends it")
{
    using table = ucom::detail::qi_table<IDescribe, ICalculator2>;
    static_assert(table::size == 4);
    CHECK(table::find(IID_IUnknown) == 0);
    CHECK(table::find(IID_IDescribe) == 0);
    CHECK(table::find(IID_ICalculator2) == 1);
    CHECK(table::find(IID_ICalculator) == 1);
}

TEST_CASE("a listed base interface keeps its own slot")
{
    using table = ucom::detail::qi_table<ICalculator2, ICalculator>;
    CHECK(table::find(IID_ICalculator2) == 0);
    CHECK(table::find(IID_ICalculator) == 1);
}

TEST_CASE("a perfect hash exists for COM's sequential well-known IIDs and for large classes")
{
    // COM's own IIDs differ only in Data1: {0000000X-0000-0000-C000-000000000046}.
    std::array<ucom::detail::qi_entry, 48> sequential{};
    for (std::uint32_t i = 0; i < sequential.size(); ++i) {
        sequential[i] = {GUID{i, 0, 0, {0xC0, 0, 0, 0, 0, 0, 0, 0x46}}, i};
    }
    const ucom::detail::qi_hash_params params = ucom::detail::find_perfect_hash(sequential);
    CHECK(ucom::detail::collision_free(sequential, params));
    CHECK((std::size_t{1} << params.bits) >= 2 * sequential.size());

    using large = numbered_table<0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19>;
    const auto found_slots = []<int... K>(std::integer_sequence<int, K...>)
    {
        return std::array<std::uint32_t, sizeof...(K)>{large::find(ucom::iid_of<INumbered<K>>)...};
    }
    (std::make_integer_sequence<int, 20>{});
    for (std::uint32_t slot = 0; slot < found_slots.size(); ++slot) {
        CHECK(found_slots[slot] == slot);
    }
    CHECK(large::find(ucom::iid_of<INumbered<20>>) == ucom::detail::no_slot);
}
