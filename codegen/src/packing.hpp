// Struct packing as the C compiler will apply it. MIDL files set it for C through cpp_quote
// (Wine's shtypes.idl: `cpp_quote("#include <pshpack1.h>")` … `cpp_quote("#include <poppack.h>")`),
// which the C header passes on; the layouts ucom-idl computes itself (fingerprints, Rust,
// the JSON) must be the ones C gives those structs.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace ucom::idl {

// Reads one file's cpp_quote lines in order and knows the packing in effect after them.
class pack_tracker {
public:
    // A cpp_quote'd line. Packing: `#include <pshpackN.h>`, `#include <poppack.h>`,
    // `#pragma pack(N)`, `#pragma pack(push[, N])`, `#pragma pack(pop)`, `#pragma pack()`.
    // Conditionals around them (oledb.idl's `#ifdef _WIN64` / pshpack8 / `#else` / pshpack2)
    // are followed as a 64-bit C compiler for Windows' headers takes them: _WIN32 and _WIN64
    // defined, `#if 0` and `#if 1` as written, anything else taken as true, its #else not.
    void line(std::string_view text);

    // The packing in effect (0: none).
    [[nodiscard]] unsigned current() const { return stack_.back(); }

private:
    void directive(std::string_view text);

    std::vector<unsigned> stack_{0};
    // Per open #if: whether its current branch is skipped (not vector<bool>, whose inlined
    // insert gcc 12 -O2 misreads as an overflow).
    std::vector<std::uint8_t> skipping_;
};

} // namespace ucom::idl
