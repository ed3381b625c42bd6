// The limits that keep what one file costs to preprocess in proportion to its size, whatever
// it holds (a self-including file, a "billion laughs" of macros, 20,000 nested parentheses),
// and the account that charges them as the preprocess stage works. docs/idl.md ("Limits")
// gives each default and the real use it was measured against.
#pragma once

#include <cstddef>
#include <cstdint>
#include <set>

#include "diagnostics.hpp"
#include "source_manager.hpp"

namespace ucom::idl {

struct preprocessor_limits {
    // Files open at once through #include (gcc's default); stops a file that includes itself.
    std::size_t include_depth = 200;
    // Nesting of an #if expression: parentheses, unary operators and '?:' inside each other.
    std::size_t expression_depth = 256;
    // Macro invocations inside the arguments of invocations, F(G(H(x))): each level is
    // expanded on its own before it is substituted, so the depth is the stack's.
    std::size_t macro_nesting = 256;
    // Macro invocations expanded for one file, its #includes and #if lines included.
    std::uint64_t expansions = std::uint64_t{1} << 22U;
    // The output one file may grow to, in bytes of token spelling plus one per token: every
    // #include counts its file's size again, every macro expansion the tokens it makes. The
    // limit is the larger of a floor and a multiple of the source bytes read (each file once).
    std::uint64_t output_floor = std::uint64_t{256} << 10U;
    std::uint64_t output_per_source_byte = 64;
    // The largest source file read, main file, #include or import (source_manager.hpp).
    std::uint64_t file_size = max_source_file_size;
};

// One preprocess() call's account. Going over a limit is reported once, where it happened,
// and then exhausted() says that the preprocessor must stop: the file's output is dropped
// so that the parser adds no errors that follow from a cut-off file.
class pp_budget {
public:
    pp_budget(const preprocessor_limits &limits, diagnostics &diags) : limits_(limits), diags_(diags) {}

    [[nodiscard]] const preprocessor_limits &limits() const { return limits_; }
    [[nodiscard]] bool exhausted() const { return exhausted_; }

    // A file that is read: its size joins the source bytes (once per file) and is charged as
    // output (every time), at `at`, the #include that reads it.
    bool read_file(file_id file, std::size_t bytes, source_location at);
    // Bytes of output made by a macro expansion whose name is at `at`.
    bool charge_output(std::uint64_t bytes, source_location at);
    // One macro invocation expanded, its name at `at`.
    bool count_expansion(source_location at);
    // A macro argument expanded on its own (one level deeper); leave_argument() when done.
    bool enter_argument(source_location at);
    void leave_argument() { --argument_depth_; }

private:
    bool stop(source_location at, diag id, std::uint64_t limit);
    [[nodiscard]] std::uint64_t output_limit() const;

    const preprocessor_limits &limits_;
    diagnostics &diags_;
    std::set<file_id> counted_;
    std::uint64_t source_bytes_ = 0;
    std::uint64_t output_bytes_ = 0;
    std::uint64_t expansions_ = 0;
    std::size_t argument_depth_ = 0;
    bool exhausted_ = false;
};

} // namespace ucom::idl
