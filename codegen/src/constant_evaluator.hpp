// Evaluates integer constant expressions (array sizes, enumerator values, const
// declarations, union cases) in 64-bit two's complement, as MIDL does, and reports what
// is not a constant, division by zero, bad shifts and constants that depend on themselves.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>

#include "diagnostics.hpp"
#include "symbol_table.hpp"

namespace ucom::idl {

class constant_evaluator {
public:
    constant_evaluator(const symbol_table &symbols, diagnostics &diags) : symbols_(symbols), diags_(diags) {}

    // The value (also stored in e.value), or nullopt after reporting why there is none.
    std::optional<std::int64_t> evaluate(expr &e);
    // Every enumerator's resolved_value: its expression, or the previous one plus one.
    void evaluate_enum(enum_decl &e);
    // The value of an integer constant; string and floating constants have none. A constant
    // of a floating type (d3d10.idl's `const float X = -2147483648.999;`, xaudio2.idl's
    // `(1/1024.0)`) is written into the header as spelled, so its expression may hold only
    // numbers, other numeric constants, unary + and -, and + - * /: anything else is reported.
    std::optional<std::int64_t> evaluate_const(const_decl &c);
    // Reports a constant whose value does not suit its declared type (too large for it, a
    // string for a number or the other way round).
    void check_fits_type(const const_decl &c, std::optional<std::int64_t> value);

    // How many constants (or enums) defined through each other are evaluated one inside the
    // other: each is a level of recursion, so a longer chain is an error, not a stack overflow.
    static constexpr std::size_t max_reference_depth = 256;

private:
    std::optional<std::int64_t> identifier(const expr &e);
    void check_floating(const expr &e);
    bool may_go_deeper(const expr &e);
    static std::int64_t convert(std::int64_t value, const type &to);
    std::optional<std::int64_t> size_of(const expr &e);
    std::optional<std::int64_t> unary(expr &e);
    std::optional<std::int64_t> binary(expr &e);

    const symbol_table &symbols_;
    diagnostics &diags_;
    std::set<const decl *> in_progress_;
    std::set<const decl *> evaluated_;
    std::map<const enum_decl *, std::size_t> enum_progress_; // enumerators evaluated so far
    std::size_t reference_depth_ = 0;
};

} // namespace ucom::idl
