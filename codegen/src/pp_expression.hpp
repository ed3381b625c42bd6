// The controlling expression of #if and #elif: C's integer constant expressions, evaluated in
// intmax_t / uintmax_t as C requires. Part of the preprocess stage (preprocessor.cpp calls it).
#pragma once

#include <cstddef>
#include <vector>

#include "diagnostics.hpp"
#include "token.hpp"

namespace ucom::idl {

// `tokens` are the directive's tokens after macro expansion, with every `defined X` already
// replaced by 1 or 0; identifiers left are not macros and count as 0. `directive` is the
// directive's name token (`if`, `elif`), where "#if with no expression" points. A malformed
// expression is reported once and counts as false, and so does one nested deeper than
// `depth_limit` (parentheses, unary operators and '?' inside each other), which would
// otherwise take as much stack as the line has parentheses.
bool evaluate_pp_expression(const std::vector<token> &tokens, const token &directive, diagnostics &diags,
                            std::size_t depth_limit);

} // namespace ucom::idl
