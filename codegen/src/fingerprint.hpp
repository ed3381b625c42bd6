// The layout fingerprints of an interface: XXH3-64 of a canonical text that spells, for the
// interface and every base, each vtable slot's name, parameter directions and ABI types
// (sizes and signedness, not spellings; structs expanded; interface pointers by IID).
// Two builds agree on layout 1 exactly when their vtables agree, and on layout 2 (the
// contract) when they also agree on how much memory crosses and what it holds.
// docs/idl.md specifies the texts.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

#include "model.hpp"

namespace ucom::idl {

// The version of the canonical text that contract fingerprints hash: layout 2 is layout 1
// (the binary) plus the attributes that bound what crosses (size_is, length_is, string,
// iid_is, switch_is, pointer kinds) and the case values of union arms.
inline constexpr int contract_layout_version = 2;

// The values of the compilation's integer constants by name: a bound that names one is
// spelled as its value.
using constant_values = std::map<std::string, std::int64_t, std::less<>>;

// The aggregates' and slots' canonical texts already made for the interfaces of one model
// (with one set of constants): each is spelled once, however many methods use it.
using aggregate_texts = std::unordered_map<const decl *, std::string>;
struct layout_memo {
    struct texts {
        aggregate_texts aggregates;
        std::unordered_map<const model_method *, std::string> slots;
    };
    texts layout;   // layout 1
    texts contract; // layout 2
};

// Fills itf.canonical_layout and itf.fingerprint (layout 1), and itf.canonical_contract and
// itf.contract_fingerprint (layout 2), from its slots (filled before), for the model of a
// compilation that resolved without errors. `memo` is shared by the interfaces of one model.
void compute_fingerprint(model_interface &itf, const constant_values &constants, layout_memo &memo);

// An attribute's argument as layout 2 spells it: names of `names` (the method's parameters,
// the struct's fields) as positions ($1 is the first), constants as their values, binary
// operations in parentheses; so renaming changes nothing and `2*n` differs from `n`.
std::string contract_expression(const expr &e, const std::vector<std::string> &names,
                                const constant_values &constants);

// A type as the canonical layout spells it: ABI types, structs expanded, no names.
std::string canonical_type(const type &t);

// "0123456789ABCDEF": how descriptors, JSON and the registry write a fingerprint.
std::string fingerprint_text(std::uint64_t fingerprint);

} // namespace ucom::idl
