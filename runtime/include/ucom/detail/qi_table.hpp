// The QueryInterface lookup table of an implementation class, built at compile time: every
// IID the class answers to (listed interfaces and their bases) mapped to the slot that
// serves it, in a perfect hash, so a lookup costs one hash and one GUID compare at any
// position. The hash reads as little of the IID as separates the class's IIDs: Data1 alone
// (one multiply of a 32-bit load, and a shift) for nearly every class, the first half or
// both halves otherwise. C++17: plugins include it.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <type_traits>

#include <ucom/guid.hpp>
#include <ucom/interface_traits.hpp>

namespace ucom::detail {

inline constexpr std::uint32_t no_slot = ~std::uint32_t{0};

// An IID as its two 8-byte halves (compared as two integers on the hot path) and its slot.
struct qi_entry {
    std::uint64_t low = 0;
    std::uint64_t high = 0;
    std::uint32_t slot = no_slot;

    constexpr qi_entry() noexcept = default;
    constexpr qi_entry(const guid &iid, std::uint32_t slot_) noexcept
        : low(iid.low_half()), high(iid.high_half()), slot(slot_)
    {
    }
    constexpr bool same_iid(const qi_entry &other) const noexcept { return low == other.low && high == other.high; }
};

// What of the IID a class's hash reads: Data1, the first half (Data1, Data2, Data3), or both
// halves. The first two are cheaper, but cannot separate IIDs that differ only elsewhere.
enum class qi_hash_kind : std::uint8_t { data1, low_half, both_halves };

struct qi_hash_params {
    std::uint32_t seed = 0;
    unsigned bits = 0;
    qi_hash_kind kind = qi_hash_kind::both_halves;
};

// Where an IID lands for a given seed in a table of 2^bits buckets (multiplicative hashing:
// the top bits of the product with a seed-dependent odd number). Multiplying the low half
// before mixing in the high half means two distinct GUIDs can collide for some seeds but
// never for all of them.
constexpr std::size_t qi_bucket(std::uint64_t low, std::uint64_t high, qi_hash_params params) noexcept
{
    switch (params.kind) {
    case qi_hash_kind::data1: {
        const std::uint32_t multiplier = 0x9E3779B1U + 2U * params.seed;
        return static_cast<std::uint32_t>(static_cast<std::uint32_t>(low) * multiplier) >> (32U - params.bits);
    }
    case qi_hash_kind::low_half:
        return static_cast<std::size_t>((low * (0x9E3779B97F4A7C15ULL + 2ULL * params.seed)) >> (64U - params.bits));
    case qi_hash_kind::both_halves:
        break;
    }
    const std::uint64_t multiplier = 0x9E3779B97F4A7C15ULL + 2ULL * params.seed;
    const std::uint64_t mixed = ((low * multiplier) ^ high) * 0xD6E8FEB86659FD93ULL;
    return static_cast<std::size_t>(mixed >> (64U - params.bits));
}

template <class Interface>
constexpr std::size_t chain_length() noexcept
{
    if constexpr (std::is_void_v<Interface>) {
        return 0;
    } else {
        return 1 + chain_length<typename interface_traits<Interface>::base>();
    }
}

template <class Interface, std::size_t N>
constexpr void append_chain(std::array<qi_entry, N> &out, std::size_t &count, std::uint32_t slot) noexcept
{
    if constexpr (!std::is_void_v<Interface>) {
        out[count++] = qi_entry{iid_of<Interface>, slot};
        append_chain<typename interface_traits<Interface>::base>(out, count, slot);
    }
}

// Every (IID, slot) pair with repeats: the listed interfaces first, so that each keeps its
// own slot, then their bases in list order, so that a base shared by several interfaces
// (IUnknown above all) is served by the first of them, always the same one.
template <class... Interfaces>
constexpr auto all_entries() noexcept
{
    std::array<qi_entry, (chain_length<Interfaces>() + ...)> out{};
    std::size_t count = 0;
    std::uint32_t slot = 0;
    ((out[count++] = qi_entry{iid_of<Interfaces>, slot++}), ...);
    slot = 0;
    (append_chain<typename interface_traits<Interfaces>::base>(out, count, slot++), ...);
    return out;
}

template <std::size_t N>
constexpr bool seen_before(const std::array<qi_entry, N> &entries, std::size_t index) noexcept
{
    for (std::size_t i = 0; i < index; ++i) {
        if (entries[i].same_iid(entries[index])) {
            return true;
        }
    }
    return false;
}

template <std::size_t N>
constexpr std::size_t count_unique(const std::array<qi_entry, N> &entries) noexcept
{
    std::size_t count = 0;
    for (std::size_t i = 0; i < N; ++i) {
        count += seen_before(entries, i) ? 0U : 1U;
    }
    return count;
}

template <std::size_t Unique, std::size_t N>
constexpr std::array<qi_entry, Unique> first_of_each(const std::array<qi_entry, N> &entries) noexcept
{
    std::array<qi_entry, Unique> out{};
    std::size_t count = 0;
    for (std::size_t i = 0; i < N; ++i) {
        if (!seen_before(entries, i)) {
            out[count++] = entries[i];
        }
    }
    return out;
}

template <std::size_t N>
constexpr bool collision_free(const std::array<qi_entry, N> &entries, qi_hash_params params) noexcept
{
    std::array<bool, 256> used{};
    for (const qi_entry &entry : entries) {
        const std::size_t bucket = qi_bucket(entry.low, entry.high, params);
        if (used[bucket]) {
            return false;
        }
        used[bucket] = true;
    }
    return true;
}

// The smallest table (at least twice the entries, so that a miss is rarely more than one
// compare) and the first seed that gives it no collisions, with the cheapest hash that
// has one.
template <std::size_t N>
constexpr qi_hash_params find_perfect_hash(const std::array<qi_entry, N> &entries)
{
    unsigned bits = 1;
    while ((std::size_t{1} << bits) < 2 * N) {
        ++bits;
    }
    for (; bits <= 8; ++bits) {
        for (const qi_hash_kind kind : {qi_hash_kind::data1, qi_hash_kind::low_half, qi_hash_kind::both_halves}) {
            for (std::uint32_t seed = 0; seed < 512; ++seed) {
                if (collision_free(entries, {seed, bits, kind})) {
                    return {seed, bits, kind};
                }
            }
        }
    }
    // Unreachable for distinct IIDs and a class of fewer than 128 of them; in a constant
    // expression this throw is a compile error.
    throw "ucom: no perfect hash for this class's interfaces";
}

template <class... Interfaces>
struct qi_table {
    static constexpr auto with_repeats = all_entries<Interfaces...>();
    static constexpr std::size_t size = count_unique(with_repeats);
    static constexpr auto entries = first_of_each<size>(with_repeats);
    static constexpr qi_hash_params params = find_perfect_hash(entries);

    // Every bucket holds an entry: an empty one a copy of the first entry, which no lookup
    // can reach there (its IID lands in its own bucket), so a match is always a real one.
    static constexpr auto build() noexcept
    {
        std::array<qi_entry, (std::size_t{1} << params.bits)> table{};
        for (qi_entry &bucket : table) {
            bucket = entries[0];
        }
        for (const qi_entry &entry : entries) {
            table[qi_bucket(entry.low, entry.high, params)] = entry;
        }
        return table;
    }
    static constexpr auto buckets = build();

    // The slot serving iid, or no_slot. No loop, no atomics: one hash, two integer compares.
    static std::uint32_t find(const GUID &iid) noexcept
    {
        const guid wanted(iid);
        const std::uint64_t low = wanted.low_half();
        std::size_t bucket = 0;
        if constexpr (params.kind == qi_hash_kind::data1) {
            bucket = static_cast<std::uint32_t>(iid.Data1 * (0x9E3779B1U + 2U * params.seed)) >> (32U - params.bits);
        } else {
            bucket = qi_bucket(low, wanted.high_half(), params);
        }
        const qi_entry &entry = buckets[bucket];
        if (entry.low != low || entry.high != wanted.high_half()) {
            return no_slot;
        }
        if (entry.slot == no_slot) {
            __builtin_unreachable(); // every bucket holds a real entry (build)
        }
        return entry.slot;
    }
};

} // namespace ucom::detail
