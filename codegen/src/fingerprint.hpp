// The layout fingerprint of an interface: XXH3-64 of a canonical text that spells, for the
// interface and every base, each vtable slot's name, parameter directions and ABI types
// (sizes and signedness, not spellings; structs expanded; interface pointers by IID).
// Two builds agree on it exactly when their vtables agree. docs/idl.md specifies the text.
#pragma once

#include <cstdint>
#include <string>

#include "model.hpp"

namespace ucom::idl {

// Fills itf.canonical_layout and itf.fingerprint from its slots (filled before), for the
// model of a compilation that resolved without errors.
void compute_fingerprint(model_interface &itf);

// A type as the canonical layout spells it: ABI types, structs expanded, no names.
std::string canonical_type(const type &t);

// "0123456789ABCDEF": how descriptors, JSON and the registry write a fingerprint.
std::string fingerprint_text(std::uint64_t fingerprint);

} // namespace ucom::idl
